// The checks and DDL every SQL writer shares: a snapshot needs key columns that exist, a change stream's own `time`
// and `diff` columns must not clash with the table's, and the CREATE TABLE a writer's `initMode` runs.

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

/** The positions of the `primaryKey` columns among `columns`; throws naming the columns when one is missing. */
export function keyColumnIndexes(
  connector: string,
  object: string,
  primaryKey: readonly string[] | undefined,
  columns: readonly string[],
): number[] {
  return (primaryKey ?? []).map((k) => {
    const i = columns.indexOf(k);
    if (i < 0)
      throw new ConnectorError(
        connector,
        object,
        `primary key column "${k}" is not in the table`,
        `columns are: ${columns.join(', ')}`,
      );
    return i;
  });
}

/** Throws when a change stream's `time`/`diff` columns would clash with the table's own columns. */
export function checkChangeStreamColumns(
  connector: string,
  object: string,
  columns: readonly string[],
): void {
  if (columns.includes('time') || columns.includes('diff'))
    throw new ConnectorError(
      connector,
      object,
      'a change stream adds columns "time" and "diff"',
      'rename those columns of the table',
    );
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
