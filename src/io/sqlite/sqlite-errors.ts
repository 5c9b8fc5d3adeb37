// SQLite errors as `ConnectorError`s naming the object and the fix.

import { ConnectorError } from '../connector-error.js';

/** Translates an SQLite error about `object` into a ConnectorError. */
export function sqliteError(e: unknown, object: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as { code?: string; message?: string };
  const text = err.message ?? String(e);
  const opts = { cause: e };
  if (/no such table/i.test(text))
    return new ConnectorError(
      'sqlite',
      object,
      'does not exist',
      "create it, or set initMode: 'createIfNotExists' when writing",
      opts,
    );
  if (/no such column/i.test(text))
    return new ConnectorError('sqlite', object, text, 'make the schema match the table columns', opts);
  if (/ON CONFLICT clause does not match/i.test(text))
    return new ConnectorError(
      'sqlite',
      object,
      'has no PRIMARY KEY or UNIQUE index on the primary key columns',
      'add one (CREATE UNIQUE INDEX ...), or let initMode create the table',
      opts,
    );
  if (err.code === 'SQLITE_CANTOPEN' || /unable to open database|directory does not exist/i.test(text))
    return new ConnectorError(
      'sqlite',
      object,
      `cannot open the database file (${text})`,
      'check the path',
      opts,
    );
  if (err.code === 'SQLITE_BUSY')
    return new ConnectorError(
      'sqlite',
      object,
      'database is locked by another connection',
      'raise busyTimeoutMs, or shorten the other transactions',
      opts,
    );
  return new ConnectorError('sqlite', object, `${err.code ?? 'error'}: ${text}`, undefined, opts);
}
