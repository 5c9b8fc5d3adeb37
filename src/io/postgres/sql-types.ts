// Column types and parameter values for writing to PostgreSQL: the SQL type of each dtype (when `initMode` creates
// the table) and the conversion of a cell to a `pg` query parameter.

import type { DType } from '../../table/dtype.js';
import { keyToString, type Key } from '../../engine/key.js';
import { DateTimeNaive, DateTimeUtc } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { Json } from '../../table/values/json.js';
import { ErrorValue } from '../../table/values/error-value.js';

/** The SQL type of a column of `dtype` (NOT NULL unless optional). */
export function sqlType(dtype: DType): string {
  const d = dtype.unoptional();
  const base = (() => {
    switch (d.name) {
      case 'INT':
        return 'BIGINT';
      case 'FLOAT':
        return 'DOUBLE PRECISION';
      case 'BOOL':
        return 'BOOLEAN';
      case 'STR':
      case 'POINTER':
        return 'TEXT';
      case 'BYTES':
        return 'BYTEA';
      case 'DATE_TIME_NAIVE':
        return 'TIMESTAMP';
      case 'DATE_TIME_UTC':
        return 'TIMESTAMPTZ';
      case 'DURATION':
        return 'INTERVAL';
      default:
        // JSON, ANY, lists and tuples.
        return 'JSONB';
    }
  })();
  return dtype.isOptional || dtype.name === 'ANY' ? base : `${base} NOT NULL`;
}

/** Converts one cell of a column to a query parameter. */
export type ParamConverter = (value: unknown) => unknown;

function plainJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Json) return v.value;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(plainJson);
  if (typeof v === 'object') {
    const j = (v as { toJSON?: () => unknown }).toJSON;
    return typeof j === 'function' ? j.call(v) : String(v);
  }
  return v;
}

/** Type OIDs of the integer and numeric columns a duration is written to as microseconds (as Pathway does). */
const MICROSECOND_COLUMNS = new Set([20, 21, 23, 1700]); // bigint, smallint, integer, numeric
/** The type OID of `time` (without time zone). */
const TIME_OID = 1083;
const DAY_US = 86_400_000_000;

/** A duration's parameter for a column of type OID `columnType`: microseconds, a time of day, or interval text. */
function durationParam(columnType: number | undefined): ParamConverter {
  if (columnType !== undefined && MICROSECOND_COLUMNS.has(columnType))
    return (v) => (v instanceof Duration ? Math.round(v.ms * 1000) : null);
  if (columnType === TIME_OID)
    return (v) => {
      if (!(v instanceof Duration)) return null;
      const us = Math.round(v.ms * 1000);
      if (!(us >= 0 && us <= DAY_US))
        throw new Error(
          `cannot store the duration ${v.toString()} in a TIME column (it holds 0 to 24 hours); use INTERVAL or BIGINT`,
        );
      const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
      const s = Math.floor(us / 1e6);
      return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(us % 1e6, 6)}`;
    };
  return (v) => (v instanceof Duration ? `${v.ms} milliseconds` : null);
}

/**
 * The parameter converter of a column of `dtype`; `columnType`: the type OID of the existing column, when known (a
 * duration goes into INTERVAL as interval text, into BIGINT/INTEGER as microseconds, into TIME as a time of day).
 */
export function paramConverter(dtype: DType, columnType?: number): ParamConverter {
  const d = dtype.unoptional();
  switch (d.name) {
    case 'INT':
    case 'FLOAT':
    case 'BOOL':
    case 'STR':
      return (v) => (v instanceof ErrorValue ? null : v);
    case 'POINTER':
      return (v) => (v === null || v === undefined ? null : keyToString(v as Key));
    case 'BYTES':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null);
    case 'DATE_TIME_NAIVE':
      return (v) => (v instanceof DateTimeNaive ? v.toString() : null);
    case 'DATE_TIME_UTC':
      return (v) => (v instanceof DateTimeUtc ? `${new DateTimeNaive(v.ms).toString()}+00` : null);
    case 'DURATION':
      return durationParam(columnType);
    default:
      return (v) => (v === null || v === undefined ? null : JSON.stringify(plainJson(v)));
  }
}
