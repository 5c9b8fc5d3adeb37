// Test fixtures shared by the SQL connectors' type-mapping tests: a schema with every scalar dtype, rows that
// exercise the awkward values (quotes, sub-millisecond times, offsets, empty bytes, nulls, JSON scalars), and a
// comparable form of a row (date-times, JSON, bytes and durations as plain values).

import * as cw from '../../index.js';
import { DateTimeNaive, DateTimeUtc } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { Json } from '../../table/values/json.js';

/** A schema with one column of each scalar dtype, keyed on `id`. */
export const TYPES_SCHEMA = cw.schema({
  id: cw.column(cw.INT, { primaryKey: true }),
  f: cw.FLOAT,
  s: cw.STR,
  b: cw.BOOL,
  dn: cw.DATE_TIME_NAIVE,
  du: cw.DATE_TIME_UTC,
  j: cw.JSON,
  by: cw.BYTES,
  d: cw.DURATION,
  o: cw.STR.optional(),
});

/** A row of `TYPES_SCHEMA`. */
export type TypesRow = typeof TYPES_SCHEMA extends cw.Schema<infer R> ? R : never;

/** Rows of `TYPES_SCHEMA` covering quotes, microseconds, offsets, empty values, nulls and JSON scalars. */
export const TYPED_ROWS: TypesRow[] = [
  {
    id: 1,
    f: 2.5,
    s: 'héllo "quoted" \'single\'',
    b: true,
    dn: DateTimeNaive.parse('2024-02-29 13:14:15.123456'),
    du: DateTimeUtc.parse('2024-03-01T00:00:01.5+02:00'),
    j: new Json({ a: [1, 2, { b: null }], c: 'x' }),
    by: new Uint8Array([0, 1, 254, 255]),
    d: Duration.fromMicroseconds(90_061_000_001),
    o: null,
  },
  {
    id: 2,
    f: -1e-7,
    s: '',
    b: false,
    dn: DateTimeNaive.parse('1999-12-31 23:59:59'),
    du: DateTimeUtc.parse('1970-01-01T00:00:00Z'),
    j: new Json([]),
    by: new Uint8Array([]),
    d: Duration.fromMs(0),
    o: 'present',
  },
  {
    id: 3,
    f: 3,
    s: 'plain',
    b: false,
    dn: DateTimeNaive.parse('2000-01-01 00:00:00'),
    du: DateTimeUtc.parse('2030-06-15T12:00:00Z'),
    j: new Json('text'),
    by: new Uint8Array([7]),
    d: Duration.fromMs(-1500),
    o: '',
  },
] as TypesRow[];

/** A row with its date-times, JSON, bytes and durations as plain values, for `toEqual`. */
export function comparable(r: Record<string, unknown>): Record<string, unknown> {
  return {
    ...r,
    dn: (r.dn as DateTimeNaive).ms,
    du: (r.du as DateTimeUtc).ms,
    j: (r.j as Json).value,
    by: Buffer.from(r.by as Uint8Array).toString('hex'),
    d: (r.d as Duration).ms,
  };
}
