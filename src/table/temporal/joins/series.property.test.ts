// Property tests of the time-series operators against recomputation from scratch at every epoch.
//
// Properties checked (a random keyed stream with inserts, updates and deletes; equal times and None values common):
// 1. interpolate equals a model that orders rows by (time, id) per instance and fills each None from the nearest
//    non-None values before and after it (linearly), or copies the one that exists.
// 2. diff equals the value minus the value of the previous row in (time, id) order per instance (None first).

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import type { Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from '../../property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type S = { k: string; t: number | null; v: number | null };
const columns = [
  { name: 'k', dtype: cw.STR },
  { name: 't', dtype: cw.INT.optional() },
  { name: 'v', dtype: cw.INT.optional() },
];
const sArb = fc.record({
  k: fc.constantFrom('a', 'a', 'b'),
  t: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 9 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  v: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(null)),
});

const byTimeThenKey = (a: ModelRow, b: ModelRow): number =>
  (a.t as number) - (b.t as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function modelInterpolate(rows: readonly ModelRow[]): [Key, unknown[]][] {
  return rows.map((r) => {
    if (r.v !== null || r.t === null) return [r.id, [r.k, r.t, r.v]];
    const line = rows.filter((o) => o.k === r.k && o.t !== null).sort(byTimeThenKey);
    const i = line.indexOf(r);
    const prev = line
      .slice(0, i)
      .reverse()
      .find((o) => o.v !== null);
    const next = line.slice(i + 1).find((o) => o.v !== null);
    let v: unknown = null;
    if (prev && next) {
      const [tp, tn, vp, vn] = [prev.t as number, next.t as number, prev.v as number, next.v as number];
      v = tn !== tp ? vp + (((r.t as number) - tp) * (vn - vp)) / (tn - tp) : vp;
    } else v = prev?.v ?? next?.v ?? null;
    return [r.id, [r.k, r.t, v]];
  });
}

function modelDiff(rows: readonly ModelRow[]): [Key, unknown[]][] {
  // `sort` orders None times first and equal times by row key.
  const time = (r: ModelRow): number => (r.t === null ? -Infinity : (r.t as number));
  const order = (a: ModelRow, b: ModelRow): number =>
    time(a) === time(b) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : time(a) - time(b);
  return rows.map((r) => {
    const line = rows.filter((o) => o.k === r.k).sort(order);
    const prev = line[line.indexOf(r) - 1];
    const d =
      prev === undefined
        ? null
        : r.v === null || prev.v === null
          ? null
          : (r.v as number) - (prev.v as number);
    return [r.id, [d]];
  });
}

describe('time-series property', () => {
  it('interpolate matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(sArb, { ids: 12, maxOps: 8, maxEpochs: 8 }), async (epochs) => {
        const s = resolveStream<S>(columns, epochs, 'series');
        const t = streamTable<S>(s);
        const [c] = await captureTables([
          t.interpolate(t.c.t, t.c.v, { instance: t.c.k }).named('interpolated'),
        ]);
        expectEveryEpoch(c!, stepTimes(s), (time) => modelInterpolate(s.rowsAt(time)));
      }),
      TABLE_RUNS,
    );
  });

  it('diff matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(sArb, { ids: 9, maxOps: 6 }), async (epochs) => {
        const s = resolveStream<S>(columns, epochs, 'series');
        const t = streamTable<S>(s);
        const [c] = await captureTables([t.diff(t.c.t, t.c.v, { instance: t.c.k }).named('diffs')]);
        expectEveryEpoch(c!, stepTimes(s), (time) => modelDiff(s.rowsAt(time)));
      }),
      TABLE_RUNS,
    );
  });
});
