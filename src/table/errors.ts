// The error hierarchy of the table layer: one root class with a stable `code`.

/** Root of every error Causeway raises on purpose. */
export class CausewayError extends Error {
  /** Creates an error with a stable code. */
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'CausewayError';
  }
}

/** A program that cannot be built: wrong column, incompatible universes, bad arguments. */
export class GraphBuildError extends CausewayError {
  /** Creates a build error; `site` is the user's line. */
  constructor(message: string, site?: string) {
    super(site ? `${message} (at ${site})` : message, 'GRAPH_BUILD');
    this.name = 'GraphBuildError';
  }
}

/** A data error that stopped the run because `terminateOnError` is on. */
export class DataError extends CausewayError {
  /** Creates a data error; `site` is the user's line that built the failing expression. */
  constructor(message: string, site?: string, operator?: string) {
    super(
      `${message}${site ? `\n  in the expression built at ${site}` : ''}${operator ? `\n  while computing ${operator}` : ''}` +
        `\n  (run with { terminateOnError: false } to turn failing cells into error values logged in cw.globalErrorLog())`,
      'DATA_ERROR',
    );
    this.name = 'DataError';
  }
}

/** A malformed input record that stopped the run because `terminateOnError` is on. */
export class SourceDataError extends CausewayError {
  /** Creates the error for a record of `source` at `position`. */
  constructor(
    readonly source: string,
    readonly position: string,
    readonly reason: string,
  ) {
    super(
      `${source}: malformed record at ${position}: ${reason}` +
        `\n  (run with { terminateOnError: false } to log malformed records in cw.globalErrorLog() and go on)`,
      'SOURCE_DATA_ERROR',
    );
    this.name = 'SourceDataError';
  }
}
