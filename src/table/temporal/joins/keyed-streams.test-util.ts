// Two keyed, timed streams for the temporal-join property tests: left rows { k, t, v } and right rows { k, t, w },
// with small key and time domains (equal keys, equal times and None keys and times are common).

import fc from 'fast-check';
import * as cw from '../../../index.js';
import { keyFromValue } from '../../../engine/key.js';
import type { JoinMode } from '../../join.js';
import type { Table } from '../../table.js';
import {
  resolveStream,
  streamTable,
  type ResolvedStream,
  type StreamOp,
} from '../../property-helpers.test-util.js';

/** A left row. */
export type L = { k: string | null; t: number | null; v: number };
/** A right row. */
export type R = { k: string | null; t: number | null; w: number };

/** Columns of the left table. */
export const lColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 't', dtype: cw.INT.optional() },
  { name: 'v', dtype: cw.INT },
];
/** Columns of the right table. */
export const rColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 't', dtype: cw.INT.optional() },
  { name: 'w', dtype: cw.INT },
];

/** Every join mode. */
export const MODES: readonly JoinMode[] = ['inner', 'left', 'right', 'outer'];
/** The id of a missing side. */
export const NULL_KEY = keyFromValue(null);

/** Left and right row arbitraries: times in [0, maxTime], None once in `timeWeight + 1` times. */
export function keyedRowArbs(
  maxTime: number,
  timeWeight: number,
): { lArb: fc.Arbitrary<L>; rArb: fc.Arbitrary<R> } {
  const kArb = fc.constantFrom<string | null>('a', 'b', null);
  const tArb = fc.oneof(
    { weight: timeWeight, arbitrary: fc.integer({ min: 0, max: maxTime }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  return {
    lArb: fc.record({ k: kArb, t: tArb, v: fc.integer({ min: 0, max: 9 }) }),
    rArb: fc.record({ k: kArb, t: tArb, w: fc.integer({ min: 0, max: 9 }) }),
  };
}

/** The left and right streams drawn by the arbitraries, resolved, and the tables that replay them. */
export function keyedStreams(
  le: readonly (readonly StreamOp<L>[])[],
  re: readonly (readonly StreamOp<R>[])[],
): { ls: ResolvedStream; rs: ResolvedStream; lt: Table<L>; rt: Table<R> } {
  const ls = resolveStream<L>(lColumns, le, 'left');
  const rs = resolveStream<R>(rColumns, re, 'right');
  return { ls, rs, lt: streamTable<L>(ls), rt: streamTable<R>(rs) };
}
