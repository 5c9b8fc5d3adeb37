// Errors as data inside reducers: rows whose argument is an ErrorValue poison the group until retracted.

import { ErrorValue, isError } from '../values/error-value.js';

/** Net count of error rows in a group and the last error seen, kept beside a reducer's own state. */
export interface ErrorState {
  /** Net multiplicity of rows with an ErrorValue argument. */
  errorCount: number;
  /** The error reported while `errorCount > 0`. */
  lastError: ErrorValue | null;
}

/** Returns the first ErrorValue among `args`, or null when there is none. */
export function findError(args: readonly unknown[]): ErrorValue | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (isError(a)) return a;
  }
  return null;
}

/** Records `diff` copies of a row carrying `error`. */
export function noteError(state: ErrorState, error: ErrorValue, diff: number): void {
  state.errorCount += diff;
  state.lastError = error;
}

/** The error to report for a group, or null when no error row is present. */
export function groupError(state: ErrorState): ErrorValue | null {
  return state.errorCount > 0 ? (state.lastError ?? new ErrorValue('error in reducer input')) : null;
}
