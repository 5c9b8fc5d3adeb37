// Value mapping between Causeway cells and MySQL/MariaDB columns: the column type `initMode` creates for a dtype,
// the SQL parameter a cell is written as, and the cell a fetched (or binlog) value is read back as.
// Date-times are DATETIME(6) (UTC date-times store their UTC wall clock); durations are BIGINT microseconds.

import type { DType } from '../../table/dtype.js';
import { keyToString, type Key } from '../../engine/key.js';
import { DateTimeNaive, DateTimeUtc, formatWallClock } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { ErrorValue } from '../../table/values/error-value.js';
import { jsonFormatter } from '../format-value.js';

/** The MySQL column type created for a dtype; key columns get bounded types (TEXT cannot be a key). */
export function mysqlColumnType(dtype: DType, isKey: boolean): string {
  const base = (() => {
    switch (dtype.name) {
      case 'INT':
        return 'BIGINT';
      case 'FLOAT':
        return 'DOUBLE';
      case 'BOOL':
        return 'BOOLEAN';
      case 'STR':
        return isKey ? 'VARCHAR(255)' : 'LONGTEXT';
      case 'BYTES':
        return isKey ? 'VARBINARY(255)' : 'LONGBLOB';
      case 'DATE_TIME_NAIVE':
      case 'DATE_TIME_UTC':
        return 'DATETIME(6)';
      case 'DURATION':
        return 'BIGINT';
      case 'POINTER':
        return 'VARCHAR(64)';
      default:
        return 'JSON';
    }
  })();
  return `${base}${dtype.isOptional && !isKey ? ' NULL' : ' NOT NULL'}`;
}

/** Converts a cell to the SQL parameter written for it. */
export type ToSql = (value: unknown) => unknown;

/** The writer's conversion of a column's cells. */
export function toSqlOf(dtype: DType): ToSql {
  const name = dtype.unoptional().name;
  switch (name) {
    case 'BOOL':
      return (v) => (v === null || v === undefined ? null : v ? 1 : 0);
    case 'DATE_TIME_NAIVE':
    case 'DATE_TIME_UTC':
      return (v) =>
        v instanceof DateTimeNaive || v instanceof DateTimeUtc ? formatWallClock(v.ms) : nullOr(v);
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
      // JSON, lists, tuples, ANY: stored as JSON text.
      const f = jsonFormatter(dtype);
      return (v) => (v === null || v === undefined || v instanceof ErrorValue ? null : JSON.stringify(f(v)));
    }
  }
}

function nullOr(v: unknown): unknown {
  return v === undefined || v instanceof ErrorValue ? null : v;
}

/** Converts a fetched value to what the record parser expects for a dtype (undefined: no conversion needed). */
export function fromSqlOf(dtype: DType): ((value: unknown) => unknown) | undefined {
  switch (dtype.unoptional().name) {
    case 'DATE_TIME_UTC':
      // DATETIME holds the UTC wall clock; TIMESTAMP is fetched in the session time zone, set to UTC.
      return (v) =>
        typeof v === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(v)
          ? DateTimeUtc.fromMs(DateTimeNaive.parse(v.trim()).ms)
          : v;
    case 'DURATION':
      return (v) =>
        typeof v === 'number'
          ? Duration.fromMicroseconds(v)
          : typeof v === 'string' && /^-?\d+$/.test(v)
            ? Duration.fromMicroseconds(Number(v))
            : v;
    case 'STR':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v);
    case 'BOOL':
      return (v) => (typeof v === 'string' && /^\d+$/.test(v) ? v !== '0' : v);
    default:
      return undefined;
  }
}
