// `cw.temporal.windowJoin(left, right, leftTime, rightTime, window, ...conditions, { how })` and the Table methods
// `t.windowJoin(other, t.c.t, other.c.t, window, cw.left.k.eq(cw.right.k))` (Pathway's `window_join`), then
// `.select(...)` as for joins. Lowering: window-join-lowering.ts.

import type { ExprLike } from '../../expression.js';
import type { JoinResult } from '../../join.js';
import { Table } from '../../table.js';
import type { Nullable, Row } from '../../table-types.js';
import { userCallSite } from '../../call-site.js';
import type { TemporalCondition } from '../joins/join-args.js';
import { windowJoinTables, type WindowJoinOptions } from './window-join-lowering.js';
import type { Window } from './window-kinds.js';

export type { WindowJoinOptions } from './window-join-lowering.js';

type WindowJoinArgs<TL, TR> = (TemporalCondition<TL, TR> | WindowJoinOptions)[];
type WindowJoinArgsNoHow<TL, TR> = (TemporalCondition<TL, TR> | Omit<WindowJoinOptions, 'how'>)[];

/**
 * Window join: `cw.temporal.windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }),
 * cw.left.k.eq(cw.right.k), { how: 'left' }).select({ l: cw.left.t, r: cw.right.t })`.
 */
export function windowJoin<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  ...args: WindowJoinArgs<TL, TR>
): JoinResult<Nullable<TL>, Nullable<TR>> {
  return windowJoinTables(left, right, leftTime, rightTime, window, args, undefined, userCallSite());
}

/** Inner window join. */
export function windowJoinInner<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  ...args: WindowJoinArgsNoHow<TL, TR>
): JoinResult<TL, TR> {
  return windowJoinTables(left, right, leftTime, rightTime, window, args, 'inner', userCallSite());
}

/** Left window join: left rows without a match in a window are kept (once per window) with None on the right. */
export function windowJoinLeft<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  ...args: WindowJoinArgsNoHow<TL, TR>
): JoinResult<TL, Nullable<TR>> {
  return windowJoinTables(left, right, leftTime, rightTime, window, args, 'left', userCallSite());
}

/** Right window join. */
export function windowJoinRight<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  ...args: WindowJoinArgsNoHow<TL, TR>
): JoinResult<Nullable<TL>, TR> {
  return windowJoinTables(left, right, leftTime, rightTime, window, args, 'right', userCallSite());
}

/** Outer window join. */
export function windowJoinOuter<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  ...args: WindowJoinArgsNoHow<TL, TR>
): JoinResult<Nullable<TL>, Nullable<TR>> {
  return windowJoinTables(left, right, leftTime, rightTime, window, args, 'outer', userCallSite());
}

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Window join (Pathway's `window_join`): pairs in the same window with equal keys:
     * `t.windowJoin(o, t.c.t, o.c.t, cw.temporal.tumbling({ duration: 2 }), cw.left.k.eq(cw.right.k)).select(...)`.
     */
    windowJoin<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      window: Window,
      ...args: WindowJoinArgs<TRow, TOther>
    ): JoinResult<Nullable<TRow>, Nullable<TOther>>;
    /** Inner window join. */
    windowJoinInner<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      window: Window,
      ...args: WindowJoinArgsNoHow<TRow, TOther>
    ): JoinResult<TRow, TOther>;
    /** Left window join. */
    windowJoinLeft<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      window: Window,
      ...args: WindowJoinArgsNoHow<TRow, TOther>
    ): JoinResult<TRow, Nullable<TOther>>;
    /** Right window join. */
    windowJoinRight<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      window: Window,
      ...args: WindowJoinArgsNoHow<TRow, TOther>
    ): JoinResult<Nullable<TRow>, TOther>;
    /** Outer window join. */
    windowJoinOuter<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      window: Window,
      ...args: WindowJoinArgsNoHow<TRow, TOther>
    ): JoinResult<Nullable<TRow>, Nullable<TOther>>;
  }
}

Table.prototype.windowJoin = function (this: Table<any>, other, selfTime, otherTime, window, ...args) {
  return windowJoinTables(this, other, selfTime, otherTime, window, args, undefined, userCallSite());
};
Table.prototype.windowJoinInner = function (this: Table<any>, other, selfTime, otherTime, window, ...args) {
  return windowJoinTables(this, other, selfTime, otherTime, window, args, 'inner', userCallSite());
};
Table.prototype.windowJoinLeft = function (this: Table<any>, other, selfTime, otherTime, window, ...args) {
  return windowJoinTables(this, other, selfTime, otherTime, window, args, 'left', userCallSite());
};
Table.prototype.windowJoinRight = function (this: Table<any>, other, selfTime, otherTime, window, ...args) {
  return windowJoinTables(this, other, selfTime, otherTime, window, args, 'right', userCallSite());
};
Table.prototype.windowJoinOuter = function (this: Table<any>, other, selfTime, otherTime, window, ...args) {
  return windowJoinTables(this, other, selfTime, otherTime, window, args, 'outer', userCallSite());
};
