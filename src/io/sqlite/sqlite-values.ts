// Value mapping between Causeway cells and SQLite columns: the column type `initMode` creates for a dtype, the
// value bound for a cell, and the cell a fetched value is read back as. Date-times are ISO text (UTC ones end in
// `+00:00`), durations INTEGER microseconds, booleans 0/1, JSON and lists JSON text, bytes BLOBs.

import type { DType } from '../../table/dtype.js';
import { keyToString, type Key } from '../../engine/key.js';
import { DateTimeNaive, DateTimeUtc, formatWallClock } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { ErrorValue } from '../../table/values/error-value.js';
import { jsonFormatter } from '../format-value.js';

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
export type ToSqlite = (value: unknown) => unknown;

function nullOr(v: unknown): unknown {
  return v === undefined || v instanceof ErrorValue ? null : v;
}

/** The writer's conversion of a column's cells. */
export function toSqliteOf(dtype: DType): ToSqlite {
  switch (dtype.unoptional().name) {
    case 'BOOL':
      return (v) => (v === null || v === undefined ? null : v ? 1 : 0);
    case 'DATE_TIME_NAIVE':
      return (v) => (v instanceof DateTimeNaive ? formatWallClock(v.ms) : nullOr(v));
    case 'DATE_TIME_UTC':
      return (v) => (v instanceof DateTimeUtc ? `${formatWallClock(v.ms)}+00:00` : nullOr(v));
    case 'DURATION':
      return (v) => (v instanceof Duration ? Math.round(v.ms * 1000) : nullOr(v));
    case 'BYTES':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : nullOr(v));
    case 'POINTER':
      return (v) => (v === null || v === undefined ? null : keyToString(v as Key));
    case 'INT':
    case 'FLOAT':
    case 'STR':
      return nullOr;
    default: {
      const f = jsonFormatter(dtype);
      return (v) => (v === null || v === undefined || v instanceof ErrorValue ? null : JSON.stringify(f(v)));
    }
  }
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
      return (v) => (typeof v === 'number' ? Duration.fromMicroseconds(v) : v);
    case 'STR':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
    case 'INT':
      return (v) => (typeof v === 'bigint' ? Number(v) : v);
    default:
      return undefined;
  }
}

/** Quotes an identifier: `"name"` with quotes doubled. */
export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}
