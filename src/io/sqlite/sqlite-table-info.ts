// What the SQLite reader learns about the object it reads before its first poll (Pathway's preflight in sqlite.rs):
// whether it is a table or a view, whether the schema's primary key matches a UNIQUE / PRIMARY KEY constraint, and how
// a row is identified across polls when the schema has no key (the implicit rowid, unless a user column shadows it).
// SQLite compares identifiers case-insensitively, and so does every lookup here.

import type BetterSqlite3 from 'better-sqlite3';
import { ConnectorError } from '../connector-error.js';
import { quoteIdent } from './sqlite-values.js';

/** The kind of a named object in the database's schema: a table, a view, or missing. */
type SqliteObjectKind = 'table' | 'view' | 'missing';

/** The kind of the object named `name` (case-insensitively, as SQLite resolves names). */
function sqliteObjectKind(db: BetterSqlite3.Database, name: string): SqliteObjectKind {
  const row = db
    .prepare("SELECT type FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view')")
    .pluck()
    .get(name) as string | undefined;
  return row === 'table' || row === 'view' ? row : 'missing';
}

interface ColumnRow {
  name: string;
  type: string;
  pk: number;
}

interface IndexRow {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}

/**
 * Whether the table has a UNIQUE or PRIMARY KEY constraint (or a non-partial unique index) on exactly the columns
 * `key` (compared case-insensitively).
 */
function hasKeyConstraint(db: BetterSqlite3.Database, table: string, key: readonly string[]): boolean {
  const want = new Set(key.map((k) => k.toLowerCase()));
  const same = (cols: readonly string[]): boolean =>
    cols.length === want.size && cols.every((c) => want.has(c.toLowerCase()));
  const columns = db.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as ColumnRow[];
  if (same(columns.filter((c) => c.pk > 0).map((c) => c.name))) return true;
  const indexes = db.prepare(`PRAGMA index_list(${quoteIdent(table)})`).all() as IndexRow[];
  for (const ix of indexes) {
    if (ix.unique !== 1 || ix.partial === 1) continue;
    const cols = (db.prepare(`PRAGMA index_info(${quoteIdent(ix.name)})`).all() as { name: string | null }[])
      .map((c) => c.name)
      .filter((c): c is string => c !== null);
    if (same(cols)) return true;
  }
  return false;
}

/** The names SQLite accepts for a table's implicit rowid; a user column of one of these names shadows it. */
const ROWID_ALIASES = ['rowid', '_rowid_', 'oid'];

/**
 * The expression identifying a row of a table whose schema has no primary key: the table's INTEGER PRIMARY KEY
 * column (the rowid itself), else `_rowid_`. Throws when the table has no rowid (WITHOUT ROWID) or a user column
 * named rowid, _rowid_ or oid (any case) shadows it.
 */
function rowIdentity(db: BetterSqlite3.Database, table: string, object: string): string {
  const columns = db.prepare(`PRAGMA table_xinfo(${quoteIdent(table)})`).all() as ColumnRow[];
  const indexes = db.prepare(`PRAGMA index_list(${quoteIdent(table)})`).all() as IndexRow[];
  const pk = columns.filter((c) => c.pk > 0);
  // A rowid table's single INTEGER PRIMARY KEY column is the rowid; WITHOUT ROWID tables index their key ('pk').
  const pkIndexed = indexes.some((ix) => ix.origin === 'pk');
  if (pk.length === 1 && pk[0]!.type.toUpperCase() === 'INTEGER' && !pkIndexed)
    return quoteIdent(pk[0]!.name);
  const shadow = columns.find((c) => ROWID_ALIASES.includes(c.name.toLowerCase()));
  if (shadow !== undefined)
    throw new ConnectorError(
      'sqlite',
      object,
      `has a user column "${shadow.name}" that shadows SQLite's implicit rowid alias (rowid/_rowid_/oid), so the reader can't use it for row identity`,
      'declare primary-key columns in the schema: cw.column(dtype, { primaryKey: true })',
    );
  try {
    db.prepare(`SELECT _rowid_ FROM ${quoteIdent(table)} LIMIT 0`);
  } catch (e) {
    if (!/no such column/i.test((e as Error).message)) throw e;
    throw new ConnectorError(
      'sqlite',
      object,
      'is a WITHOUT ROWID table and the schema has no primary key',
      'declare primary-key columns in the schema: cw.column(dtype, { primaryKey: true })',
    );
  }
  return '_rowid_';
}

/**
 * The expressions identifying a row across polls of the table or view `table`: the schema's key (on a table it must
 * match a UNIQUE / PRIMARY KEY constraint; a view has none, and its key is trusted), else the rowid.
 */
export function identityColumns(
  db: BetterSqlite3.Database,
  table: string,
  primaryKey: readonly string[],
  object: string,
): string[] {
  const kind = sqliteObjectKind(db, table);
  if (kind === 'missing')
    throw new ConnectorError('sqlite', object, 'does not exist', 'check tableName and path');
  if (primaryKey.length > 0) {
    if (kind === 'table' && !hasKeyConstraint(db, table, primaryKey))
      throw new ConnectorError(
        'sqlite',
        object,
        `primary key columns [${primaryKey.join(', ')}] declared in the schema do not correspond to any UNIQUE or PRIMARY KEY constraint of the table: rows sharing a key would be conflated`,
        'add the constraint in SQLite (CREATE UNIQUE INDEX ...), or declare the columns that are unique',
      );
    return primaryKey.map(quoteIdent);
  }
  if (kind === 'view')
    throw new ConnectorError(
      'sqlite',
      object,
      'is a view, which has no rowid to identify rows by, and the schema has no primary key',
      'declare primary-key columns in the schema: cw.column(dtype, { primaryKey: true })',
    );
  return [rowIdentity(db, table, object)];
}
