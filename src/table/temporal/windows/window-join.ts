// `cw.temporal.windowJoin(left, right, leftTime, rightTime, window, ...conditions, { how })` and the Table methods
// `t.windowJoin(other, t.c.t, other.c.t, window, cw.left.k.eq(cw.right.k))` (Pathway's `window_join`), then
// `.select(...)` as for joins. Lowering: window-join-lowering.ts.

import type { JoinMode } from '../../join.js';
import { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import {
  specJoinFunction,
  specJoinMethod,
  type SpecJoinFn,
  type SpecJoinMethod,
} from '../joins/spec-join-entry.js';
import { windowJoinTables, type WindowJoinOptions } from './window-join-lowering.js';
import type { Window } from './window-kinds.js';

export type { WindowJoinOptions } from './window-join-lowering.js';

/** A free windowJoin entry point in mode `H` (undefined: `how` from the options). */
export type WindowJoinFn<H extends JoinMode | undefined> = SpecJoinFn<Window, WindowJoinOptions, H>;
/** A Table windowJoin method in mode `H`. */
export type WindowJoinMethod<TRow extends Row, H extends JoinMode | undefined> = SpecJoinMethod<
  TRow,
  Window,
  WindowJoinOptions,
  H
>;

/**
 * Window join: `cw.temporal.windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }),
 * cw.left.k.eq(cw.right.k), { how: 'left' }).select({ l: cw.left.t, r: cw.right.t })`.
 */
export const windowJoin: WindowJoinFn<undefined> = specJoinFunction(windowJoinTables, undefined);
/** Inner window join. */
export const windowJoinInner: WindowJoinFn<'inner'> = specJoinFunction(windowJoinTables, 'inner');
/** Left window join: left rows without a match in a window are kept (once per window) with None on the right. */
export const windowJoinLeft: WindowJoinFn<'left'> = specJoinFunction(windowJoinTables, 'left');
/** Right window join. */
export const windowJoinRight: WindowJoinFn<'right'> = specJoinFunction(windowJoinTables, 'right');
/** Outer window join. */
export const windowJoinOuter: WindowJoinFn<'outer'> = specJoinFunction(windowJoinTables, 'outer');

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Window join (Pathway's `window_join`): pairs in the same window with equal keys:
     * `t.windowJoin(o, t.c.t, o.c.t, cw.temporal.tumbling({ duration: 2 }), cw.left.k.eq(cw.right.k)).select(...)`.
     */
    windowJoin: WindowJoinMethod<TRow, undefined>;
    /** Inner window join. */
    windowJoinInner: WindowJoinMethod<TRow, 'inner'>;
    /** Left window join. */
    windowJoinLeft: WindowJoinMethod<TRow, 'left'>;
    /** Right window join. */
    windowJoinRight: WindowJoinMethod<TRow, 'right'>;
    /** Outer window join. */
    windowJoinOuter: WindowJoinMethod<TRow, 'outer'>;
  }
}

Table.prototype.windowJoin = specJoinMethod(windowJoinTables, undefined);
Table.prototype.windowJoinInner = specJoinMethod(windowJoinTables, 'inner');
Table.prototype.windowJoinLeft = specJoinMethod(windowJoinTables, 'left');
Table.prototype.windowJoinRight = specJoinMethod(windowJoinTables, 'right');
Table.prototype.windowJoinOuter = specJoinMethod(windowJoinTables, 'outer');
