// The error of `cw.sql`.

import { GraphBuildError } from '../errors.js';

/** A query `cw.sql` cannot run: a syntax error, or SQL it does not support (ORDER BY, LIMIT, DDL, ...). */
export class SqlError extends GraphBuildError {
  /** Creates the error for query text `sql`. */
  constructor(message: string, sql: string) {
    super(`cw.sql: ${message} in: ${sql}`);
    this.name = 'SqlError';
  }
}
