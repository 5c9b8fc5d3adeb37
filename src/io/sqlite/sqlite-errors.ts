// SQLite errors as `ConnectorError`s naming the object and the fix.

import { statSync } from 'node:fs';
import { ConnectorError } from '../connector-error.js';

/** Whether `path` is a directory (symlinks followed); false when it does not exist. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Translates an SQLite error about `object` into a ConnectorError; `reading`: raised by the reader (whose fix for a
 * missing table is not a writer option); `path`: the database file, given when opening it failed.
 */
export function sqliteError(e: unknown, object: string, reading = false, path?: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as { code?: string; message?: string };
  const text = err.message ?? String(e);
  const opts = { cause: e };
  // SQLite reports a directory as a disk I/O error (reading) or as unable to open (writing).
  if (path !== undefined && isDirectory(path))
    return new ConnectorError(
      'sqlite',
      object,
      `${path} is an existing directory, not a SQLite database file`,
      'point path at a database file',
      opts,
    );
  if (/no such table/i.test(text))
    return new ConnectorError(
      'sqlite',
      object,
      'does not exist',
      reading ? 'check tableName and path' : "create it, or set initMode: 'createIfNotExists'",
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
