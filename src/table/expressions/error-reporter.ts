// Where newly created error values are reported: the running pipeline installs a reporter that feeds the
// global error log (or stops the run when terminateOnError is set).

import { ErrorValue } from '../values/error-value.js';

/** Receives each error value when it is created, with the user's line that built the failing expression. */
export type ErrorReporter = (error: ErrorValue, site: string | undefined, operator: string | undefined) => void;

let reporter: ErrorReporter | undefined;
let currentOperator: string | undefined;

/** Installs the reporter for the duration of a run; returns the previous one. */
export function setErrorReporter(r: ErrorReporter | undefined): ErrorReporter | undefined {
  const prev = reporter;
  reporter = r;
  return prev;
}

/** Names the operator being evaluated, so reports can say where the error happened. */
export function setCurrentOperator(name: string | undefined): void {
  currentOperator = name;
}

/** Creates an error value and reports it. */
export function makeError(message: string, site?: string): ErrorValue {
  const e = new ErrorValue(message);
  if (reporter) reporter(e, site, currentOperator);
  return e;
}

/** Reports an existing error value seen by an operator that drops it (filter, join condition). */
export function reportDropped(error: ErrorValue, what: string, site?: string): void {
  if (reporter) reporter(new ErrorValue(`${what}: ${error.message}`), site, currentOperator);
}
