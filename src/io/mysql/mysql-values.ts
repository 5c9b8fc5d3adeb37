// Value mapping between Causeway cells and MySQL/MariaDB columns: the column type `initMode` creates for a dtype,
// the SQL parameter a cell is written as, and the cell a fetched (or binlog) value is read back as.
// Date-times are DATETIME(6) (UTC date-times store their UTC wall clock); durations are BIGINT microseconds.

import type { DType } from '../../table/dtype.js';
import { DateTimeNaive, DateTimeUtc, formatWallClock } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { cellToSqlOf } from '../sql/cell-to-sql.js';
import type { CellToSql } from '../sql/epoch-statements.js';

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
        // Binary collation: strings that differ (in case, accents, trailing spaces) are different keys, as here.
        return `${isKey ? 'VARCHAR(255)' : 'LONGTEXT'} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;
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
export type ToSql = CellToSql;

/** The writer's conversion of a column's cells: a UTC date-time is stored as its UTC wall clock. */
export function toSqlOf(dtype: DType): ToSql {
  return cellToSqlOf(dtype, formatWallClock);
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
      // TINYINT(1) arrives as a number (or digits), BIT(1) as one byte.
      return (v) =>
        typeof v === 'string' && /^\d+$/.test(v)
          ? v !== '0'
          : v instanceof Uint8Array && v.length === 1
            ? v[0] !== 0
            : v;
    default:
      return undefined;
  }
}
