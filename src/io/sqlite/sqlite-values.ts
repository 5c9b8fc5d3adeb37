// Value mapping between Causeway cells and SQLite columns: the column type `initMode` creates for a dtype, the
// value bound for a cell, and the cell a fetched value is read back as. Date-times are ISO text (UTC ones end in
// `+00:00`), durations INTEGER nanoseconds (as Pathway and Causeway's file writers store them), booleans 0/1, JSON and
// lists JSON text, bytes BLOBs.

import type { DType } from '../../table/dtype.js';
import { DateTimeNaive, DateTimeUtc, formatWallClock } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { cellToSqlOf, nullOr } from '../sql/cell-to-sql.js';
import type { CellToSql } from '../sql/epoch-statements.js';
import { quoteDoubleQuoted } from '../sql/identifiers.js';

/** The SQLite column type created for a dtype. */
export function sqliteColumnType(dtype: DType): string {
  const base = (() => {
    switch (dtype.name) {
      case 'INT':
      case 'BOOL':
      case 'DURATION':
        return 'INTEGER';
      case 'FLOAT':
        return 'REAL';
      case 'BYTES':
        return 'BLOB';
      default:
        return 'TEXT';
    }
  })();
  return `${base}${dtype.isOptional ? '' : ' NOT NULL'}`;
}

/** Converts a cell to the value bound for it. */
export type ToSqlite = CellToSql;

/** The writer's conversion of a column's cells: a UTC date-time is ISO text ending in `+00:00`. */
export function toSqliteOf(dtype: DType): ToSqlite {
  // Bound as a 64-bit integer, so the value is exact and INTEGER whatever the column's affinity.
  if (dtype.unoptional().name === 'DURATION')
    return (v) => (v instanceof Duration ? BigInt(Math.round(v.ms * 1e6)) : nullOr(v));
  // SQLite stores infinities but would turn NaN into NULL.
  return cellToSqlOf(
    dtype,
    (ms) => `${formatWallClock(ms)}+00:00`,
    (x) => !Number.isNaN(x),
  );
}

/** Converts a fetched value to what the record parser expects for a dtype (undefined: no conversion needed). */
export function fromSqliteOf(dtype: DType): ((value: unknown) => unknown) | undefined {
  switch (dtype.unoptional().name) {
    case 'DATE_TIME_UTC':
      // Text with no offset is taken as UTC (SQLite's own datetime() functions work in UTC).
      return (v) =>
        typeof v === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(v.trim())
          ? DateTimeUtc.fromMs(DateTimeNaive.parse(v.trim()).ms)
          : v;
    case 'DURATION':
      return (v) =>
        typeof v === 'number' || typeof v === 'bigint' ? Duration.fromNanoseconds(Number(v)) : v;
    case 'STR':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
    case 'INT':
      return (v) => (typeof v === 'bigint' ? Number(v) : v);
    default:
      return undefined;
  }
}

/** Quotes an identifier: `"name"` with quotes doubled. */
export const quoteIdent = quoteDoubleQuoted;
