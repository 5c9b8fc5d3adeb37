// `cw.temporal.windowJoin(left, right, leftTime, rightTime, window, ...conditions, { how })` and the Table methods
// `t.windowJoin(other, t.c.t, other.c.t, window, cw.left.k.eq(cw.right.k))` (Pathway's `window_join`), then
// `.select(...)` as for joins. Lowering: window-join-lowering.ts.

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

/**
 * Window join: `cw.temporal.windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }),
 * cw.left.k.eq(cw.right.k), { how: 'left' }).select({ l: cw.left.t, r: cw.right.t })`.
 */
export const windowJoin: SpecJoinFn<Window, WindowJoinOptions, undefined> = specJoinFunction(
  windowJoinTables,
  undefined,
);
/** Inner window join. */
export const windowJoinInner: SpecJoinFn<Window, WindowJoinOptions, 'inner'> = specJoinFunction(
  windowJoinTables,
  'inner',
);
/** Left window join: left rows without a match in a window are kept (once per window) with None on the right. */
export const windowJoinLeft: SpecJoinFn<Window, WindowJoinOptions, 'left'> = specJoinFunction(
  windowJoinTables,
  'left',
);
/** Right window join. */
export const windowJoinRight: SpecJoinFn<Window, WindowJoinOptions, 'right'> = specJoinFunction(
  windowJoinTables,
  'right',
);
/** Outer window join. */
export const windowJoinOuter: SpecJoinFn<Window, WindowJoinOptions, 'outer'> = specJoinFunction(
  windowJoinTables,
  'outer',
);

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Window join (Pathway's `window_join`): pairs in the same window with equal keys:
     * `t.windowJoin(o, t.c.t, o.c.t, cw.temporal.tumbling({ duration: 2 }), cw.left.k.eq(cw.right.k)).select(...)`.
     */
    windowJoin: SpecJoinMethod<TRow, Window, WindowJoinOptions, undefined>;
    /** Inner window join. */
    windowJoinInner: SpecJoinMethod<TRow, Window, WindowJoinOptions, 'inner'>;
    /** Left window join. */
    windowJoinLeft: SpecJoinMethod<TRow, Window, WindowJoinOptions, 'left'>;
    /** Right window join. */
    windowJoinRight: SpecJoinMethod<TRow, Window, WindowJoinOptions, 'right'>;
    /** Outer window join. */
    windowJoinOuter: SpecJoinMethod<TRow, Window, WindowJoinOptions, 'outer'>;
  }
}

Table.prototype.windowJoin = specJoinMethod(windowJoinTables, undefined);
Table.prototype.windowJoinInner = specJoinMethod(windowJoinTables, 'inner');
Table.prototype.windowJoinLeft = specJoinMethod(windowJoinTables, 'left');
Table.prototype.windowJoinRight = specJoinMethod(windowJoinTables, 'right');
Table.prototype.windowJoinOuter = specJoinMethod(windowJoinTables, 'outer');
