// The entry points of the joins on two times and a spec (intervalJoin with an Interval, windowJoin with a Window):
// the free functions `xJoin(left, right, leftTime, rightTime, spec, ...args)` per mode, the Table methods
// `t.xJoin(other, selfTime, otherTime, spec, ...args)`, and their types (the kept sides are not None-padded).

import type { ExprLike } from '../../expression.js';
import type { JoinMode, JoinResult } from '../../join.js';
import type { Table } from '../../table.js';
import type { Nullable, Row } from '../../table-types.js';
import { userCallSite } from '../../call-site.js';
import type { TemporalCondition } from './join-args.js';

/** The left rows' type in mode `H` (undefined: `how` from the options): whole in inner and left joins. */
export type LeftRows<H, T extends Row> = H extends 'inner' | 'left' ? T : Nullable<T>;
/** The right rows' type in mode `H`: whole in inner and right joins. */
export type RightRows<H, T extends Row> = H extends 'inner' | 'right' ? T : Nullable<T>;

/** Conditions and options after the spec; an entry point with a fixed mode takes no `how`. */
export type SpecJoinArgs<TL, TR, O, H> = (
  TemporalCondition<TL, TR> | ([H] extends [undefined] ? O : Omit<O, 'how'>)
)[];

/** A free entry point: `(left, right, leftTime, rightTime, spec, ...conditions, options)`. */
export type SpecJoinFn<S, O, H> = <TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  spec: S,
  ...args: SpecJoinArgs<TL, TR, O, H>
) => JoinResult<LeftRows<H, TL>, RightRows<H, TR>>;

/** A Table method: `(other, selfTime, otherTime, spec, ...conditions, options)`. */
export type SpecJoinMethod<TRow extends Row, S, O, H> = <TOther extends Row>(
  other: Table<TOther>,
  selfTime: ExprLike,
  otherTime: ExprLike,
  spec: S,
  ...args: SpecJoinArgs<TRow, TOther, O, H>
) => JoinResult<LeftRows<H, TRow>, RightRows<H, TOther>>;

/** Builds the join (`intervalJoinTables`, `windowJoinTables`); `forced` is the entry point's mode. */
export type SpecJoinBuilder<S> = (
  left: Table<any>,
  right: Table<any>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  spec: S,
  args: readonly unknown[],
  forced: JoinMode | undefined,
  site: string | undefined,
) => JoinResult<any, any>;

/** The free entry point of mode `forced`, building the join at the user's call site. */
export function specJoinFunction<S, O, H extends JoinMode | undefined>(
  build: SpecJoinBuilder<S>,
  forced: H,
): SpecJoinFn<S, O, H> {
  return ((left, right, leftTime, rightTime, spec, ...args) =>
    build(left, right, leftTime, rightTime, spec, args, forced, userCallSite())) as SpecJoinFn<S, O, H>;
}

/** The Table method of mode `forced` (this table on the left), building the join at the user's call site. */
export function specJoinMethod<S>(
  build: SpecJoinBuilder<S>,
  forced: JoinMode | undefined,
): (
  this: Table<any>,
  other: Table<any>,
  selfTime: ExprLike,
  otherTime: ExprLike,
  spec: S,
  ...args: unknown[]
) => JoinResult<any, any> {
  return function (this: Table<any>, other, selfTime, otherTime, spec, ...args) {
    return build(this, other, selfTime, otherTime, spec, args, forced, userCallSite());
  };
}
