// The checks and DDL every SQL writer shares: a snapshot needs key columns that exist, are listed once and are not
// optional, a change stream's own `time` and `diff` columns must not clash with the table's, and the CREATE TABLE a
// writer's `initMode` runs. Writers run the checks when `write()` is called (`checkSinkColumns`) and again at open.

import type { DType } from '../../table/dtype.js';
import { ConnectorError } from '../connector-error.js';
import type { OutputTableType, SqlWriteOptions } from './sql-write-options.js';

/** The output table type of `options`; throws when a snapshot has no primary key. */
export function outputTableType(
  connector: string,
  object: string,
  options: SqlWriteOptions,
): OutputTableType {
  const mode = options.outputTableType ?? 'changeStream';
  if (mode === 'snapshot' && (options.primaryKey ?? []).length === 0)
    throw new ConnectorError(
      connector,
      object,
      "outputTableType 'snapshot' needs a primary key",
      "set primaryKey: ['id']",
    );
  return mode;
}

/**
 * The positions of the `primaryKey` columns among `columns`; throws naming the column when one is missing or listed
 * twice (a repeated key column would make retractions delete nothing).
 */
function keyColumnIndexes(
  connector: string,
  object: string,
  primaryKey: readonly string[] | undefined,
  columns: readonly string[],
): number[] {
  const seen = new Set<number>();
  return (primaryKey ?? []).map((k) => {
    const i = columns.indexOf(k);
    if (i < 0)
      throw new ConnectorError(
        connector,
        object,
        `primary key column "${k}" is not in the table`,
        `columns are: ${columns.join(', ')}`,
      );
    if (seen.has(i))
      throw new ConnectorError(
        connector,
        object,
        `primaryKey contains duplicate column "${k}"`,
        'list each key column once',
      );
    seen.add(i);
    return i;
  });
}

/**
 * Throws when a snapshot key column is optional: a NULL key can never be matched by the DELETE of a retraction (and
 * SQLite turns a NULL INTEGER PRIMARY KEY into a new rowid), so such rows would stay in the table for ever.
 */
function checkKeyNotOptional(
  connector: string,
  object: string,
  pkIndex: readonly number[],
  columns: readonly string[],
  dtypes: readonly DType[],
): void {
  for (const i of pkIndex)
    if (dtypes[i]?.isOptional === true)
      throw new ConnectorError(
        connector,
        object,
        `primary key column "${columns[i]!}" is optional (${String(dtypes[i])}): key columns must be non-nullable in snapshot mode`,
        `filter out the rows without a key and make the column non-optional, e.g. cw.unwrap(t.c.${columns[i]!})`,
      );
}

/**
 * Throws when a change stream's `time`/`diff` columns would clash with the table's own columns; `foldsCase`: the
 * database compares column names case-insensitively (SQLite, MySQL), so `Time` clashes too.
 */
function checkChangeStreamColumns(
  connector: string,
  object: string,
  columns: readonly string[],
  foldsCase: boolean,
): void {
  const clash = columns.filter((c) => {
    const n = foldsCase ? c.toLowerCase() : c;
    return n === 'time' || n === 'diff';
  });
  if (clash.length > 0)
    throw new ConnectorError(
      connector,
      object,
      `column${clash.length > 1 ? 's' : ''} ${clash.map((c) => `"${c}"`).join(', ')} collide with the "time" and "diff" columns a change stream adds`,
      "rename the column, or use outputTableType: 'snapshot'",
    );
}

/**
 * Every check of a writer's columns, run when `write()` is called and again when the sink opens: the key columns
 * exist and are listed once, a snapshot's key is not optional, a change stream's columns do not clash with
 * `time`/`diff`. Returns the key positions.
 */
export function checkSinkColumns(
  connector: string,
  object: string,
  mode: OutputTableType,
  options: SqlWriteOptions,
  columns: readonly string[],
  dtypes: readonly DType[],
  foldsCase: boolean,
): number[] {
  const pkIndex = keyColumnIndexes(connector, object, options.primaryKey, columns);
  if (mode === 'snapshot') checkKeyNotOptional(connector, object, pkIndex, columns, dtypes);
  else checkChangeStreamColumns(connector, object, columns, foldsCase);
  return pkIndex;
}

/** What `createTableSql` needs to know of the table and the dialect. */
export interface CreateTableSpec {
  /** The quoted (possibly schema-qualified) table name. */
  target: string;
  /** The table's columns. */
  columns: readonly string[];
  /** The SQL type (with its NULL/NOT NULL) of each column. */
  types: readonly string[];
  /** The output table type: a change stream gets `time` and `diff`, a snapshot a primary key. */
  mode: OutputTableType;
  /** Positions of the key columns (snapshot). */
  pkIndex: readonly number[];
  /** The dialect's identifier quoting. */
  quoteId: (name: string) => string;
  /** The integer types of `time` and `diff`. */
  timeType: string;
  /** See `timeType`. */
  diffType: string;
}

/** `CREATE TABLE IF NOT EXISTS target (columns..., time/diff or PRIMARY KEY)`. */
export function createTableSql(s: CreateTableSpec): string {
  const defs = s.columns.map((n, i) => `${s.quoteId(n)} ${s.types[i]!}`);
  if (s.mode === 'changeStream')
    defs.push(`${s.quoteId('time')} ${s.timeType} NOT NULL`, `${s.quoteId('diff')} ${s.diffType} NOT NULL`);
  else defs.push(`PRIMARY KEY (${s.pkIndex.map((i) => s.quoteId(s.columns[i]!)).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${s.target} (${defs.join(', ')})`;
}

/** `ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c, ...` (PostgreSQL, SQLite); DO NOTHING when all is key. */
export function onConflictUpsert(pkCols: readonly string[], otherCols: readonly string[]): string {
  const action =
    otherCols.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${otherCols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
  return `ON CONFLICT (${pkCols.join(', ')}) ${action}`;
}
