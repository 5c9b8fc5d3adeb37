// Where newly created error values are reported: the running pipeline installs a reporter that feeds the
// global error log (or stops the run when terminateOnError is set).

import { runningOperator } from '../../engine/circuit.js';
import { ErrorValue } from '../values/error-value.js';

/** Receives each error value when it is created, with the user's line that built the failing expression. */
export type ErrorReporter = (
  error: ErrorValue,
  site: string | undefined,
  operator: string | undefined,
) => void;

let reporter: ErrorReporter | undefined;

/** Installs the reporter for the duration of a run; returns the previous one. */
export function setErrorReporter(r: ErrorReporter | undefined): ErrorReporter | undefined {
  const prev = reporter;
  reporter = r;
  return prev;
}

/** The label of the operator being evaluated (set by the runtime when it adds operators), for reports. */
function currentOperator(): string | undefined {
  const op = runningOperator();
  return op === undefined ? undefined : (op.errorLabel ?? op.name);
}

let quiet = false;

/**
 * Evaluates `fn` without reporting errors: used when a retraction re-evaluates a row whose error was already
 * reported at insertion, so the error log gets one row per failing cell, not one per change.
 */
export function withoutReports<T>(fn: () => T): T {
  const prev = quiet;
  quiet = true;
  try {
    return fn();
  } finally {
    quiet = prev;
  }
}

/**
 * Turns reporting off (`true`) or back on (`false`) around a retraction's re-evaluation; the hot-path form of
 * `withoutReports` (no closure); returns the previous setting to restore. Compiled expressions never throw, so
 * callers pair the two calls directly: `const prev = setQuiet(true); ...; setQuiet(prev);`.
 */
export function setQuiet(on: boolean): boolean {
  const prev = quiet;
  quiet = on;
  return prev;
}

/** Creates an error value and reports it. */
export function makeError(message: string, site?: string): ErrorValue {
  const e = new ErrorValue(message);
  if (reporter && !quiet) {
    e.logged = true;
    reporter(e, site, currentOperator());
  }
  return e;
}

/** Reports an error value created outside expressions (a reducer's result), as if it had just been created. */
export function reportError(error: ErrorValue, site?: string): void {
  if (reporter && !quiet) {
    error.logged = true;
    reporter(error, site, currentOperator());
  }
}

/** Reports an existing error value seen by an operator that drops it (filter, join condition). */
export function reportDropped(error: ErrorValue, what: string, site?: string): void {
  if (reporter && !quiet) reporter(new ErrorValue(`${what}: ${error.message}`), site, currentOperator());
}
