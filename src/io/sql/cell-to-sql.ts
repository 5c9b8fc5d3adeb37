// The statement parameter a cell is written as, for the dialects that store values the same way (MySQL/MariaDB and
// SQLite): booleans 0/1, date-times as wall-clock text, durations as integer microseconds (SQLite overrides this with
// nanoseconds), bytes as Buffers, pointers as text, JSON/lists/tuples/ANY as JSON text. How a UTC date-time is
// written is the dialect's choice.

import type { DType } from '../../table/dtype.js';
import { keyToString, type Key } from '../../engine/key.js';
import { DateTimeNaive, DateTimeUtc, formatWallClock } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { ErrorValue } from '../../table/values/error-value.js';
import { jsonFormatter } from '../format-value.js';
import type { CellToSql } from './epoch-statements.js';

/** `v`, with undefined and error values written as NULL. */
export function nullOr(v: unknown): unknown {
  return v === undefined || v instanceof ErrorValue ? null : v;
}

/**
 * The conversion of a column's cells; `utcText` writes a UTC date-time's milliseconds (MySQL: its wall clock);
 * `storable` tells the floats the database can hold (neither has NaN; MySQL no infinities): others are refused with an
 * error, not written as NULL or failing the statement with an unrelated message.
 */
export function cellToSqlOf(
  dtype: DType,
  utcText: (ms: number) => string,
  storable: (x: number) => boolean = Number.isFinite,
): CellToSql {
  switch (dtype.unoptional().name) {
    case 'FLOAT':
      return (v) => {
        if (typeof v === 'number' && !storable(v)) {
          throw new Error(
            `cannot store the float ${v} (the database has no such value); replace it first, e.g. with cw.this.x.num.fillNa(0) for NaN`,
          );
        }
        return nullOr(v);
      };
    case 'BOOL':
      return (v) => (v === null || v === undefined ? null : v ? 1 : 0);
    case 'DATE_TIME_NAIVE':
      return (v) => (v instanceof DateTimeNaive ? formatWallClock(v.ms) : nullOr(v));
    case 'DATE_TIME_UTC':
      return (v) => (v instanceof DateTimeUtc ? utcText(v.ms) : nullOr(v));
    case 'DURATION':
      return (v) => (v instanceof Duration ? Math.round(v.ms * 1000) : nullOr(v));
    case 'BYTES':
      return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : nullOr(v));
    case 'POINTER':
      return (v) => (v === null || v === undefined ? null : keyToString(v as Key));
    case 'INT':
    case 'STR':
      return nullOr;
    default: {
      // JSON, lists, tuples, ANY: stored as JSON text.
      const f = jsonFormatter(dtype);
      return (v) => (v === null || v === undefined || v instanceof ErrorValue ? null : JSON.stringify(f(v)));
    }
  }
}
