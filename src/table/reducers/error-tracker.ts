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

/** Plain-data form of an `ErrorState` (the error is kept by its message, so the snapshot holds no class instance). */
export interface ErrorSnapshot {
  /** Net multiplicity of error rows. */
  errorCount: number;
  /** Message of the last error seen, or null. */
  lastError: string | null;
}

/** Checkpoint of the error part of an accumulator. */
export function snapshotErrors(state: ErrorState): ErrorSnapshot {
  return {
    errorCount: state.errorCount,
    lastError: state.lastError === null ? null : state.lastError.message,
  };
}

/** Rebuilds the error part of an accumulator from `snapshotErrors`'s output. */
export function restoreErrors(saved: ErrorSnapshot): ErrorState {
  return {
    errorCount: saved.errorCount,
    lastError: saved.lastError === null ? null : new ErrorValue(saved.lastError),
  };
}
