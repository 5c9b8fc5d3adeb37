// The error every connector raises for a problem it can name: which connector, which object, what went wrong, the fix.

import { CausewayError } from '../table/errors.js';

/** A connector failure: `postgres: table "orders": does not exist (create it, or set createTable: true)`. */
export class ConnectorError extends CausewayError {
  /** Creates the error; never put secrets (passwords, tokens) in any argument. */
  constructor(
    readonly connector: string,
    readonly object: string,
    problem: string,
    fix?: string,
    options?: { cause?: unknown },
  ) {
    super(`${connector}: ${object}: ${problem}${fix ? ` (${fix})` : ''}`, 'CONNECTOR');
    this.name = 'ConnectorError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
