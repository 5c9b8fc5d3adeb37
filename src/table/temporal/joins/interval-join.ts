// `intervalJoin` (Pathway's `interval_join`): pairs with `leftTime + lower <= rightTime <= leftTime + upper` and
// equal join keys; inner, left, right and outer.
//
// Algorithm: time is cut into buckets of width w = `upper - lower` (1 for equal bounds); a right row lies in bucket
// floor(t / w), a left row is indexed under every bucket its interval [t + lower, t + upper] touches (at most three), so
// each matching pair meets in exactly one bucket. The engine's bilinear join over (keys, bucket) arrangements produces
// candidate pairs, filtered to the exact interval. Unmatched rows of kept sides are `side - semijoin(side, ids of
// matched rows)`, the matched ids counted by a reduction over the pairs (linear, so retractions just work).
// State: the two bucketed arrangements, the match counts and the id arrangements (all engine operators).
// Invariants: output ids are combineKeys(leftId, rightId) (keyFromValue(null) for a missing side), as joins.

import { Arrangement, type IndexKey } from '../../../engine/arrangement.js';
import type { Batch } from '../../../engine/batch.js';
import { commonKeyNames } from '../../join-conditions.js';
import { JoinOperator } from '../../../engine/join.js';
import { combineKeys, type Key } from '../../../engine/key.js';
import { FlatMapOperator } from '../../../engine/linear-operators.js';
import type { ExprLike } from '../../expression.js';
import { GraphBuildError } from '../../errors.js';
import { JoinResult, type JoinCore, type JoinMode } from '../../join.js';
import { planNode } from '../../plan.js';
import { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import { Universe } from '../../universe.js';
import {
  instanceOf,
  lowerQuietSides,
  lowerSides,
  NO_MATCH_LEFT,
  NO_MATCH_RIGHT,
  plainJoinRow,
  prepareTimedSides,
} from './join-sides.js';
import { joinModeOf, rejectSelfJoin, temporalArgs, type InstanceOptions } from './join-args.js';
import { specJoinFunction, specJoinMethod, type SpecJoinFn, type SpecJoinMethod } from './spec-join-entry.js';
import {
  bucketKey,
  intervalBucketWidth,
  joinedRow,
  paddedRows,
  rowsWithoutMatch,
  withPadding,
} from './bucketed-join.js';
import { spanNumber, timeNumber, type TimeSpan } from './time-values.js';
import type { Behavior } from '../windows/behaviors.js';
import { joinBehavior } from './side-behavior.js';
import { lowerIntervalBehavior } from './interval-join-behavior-operator.js';

/** Bounds on `rightTime - leftTime` (Pathway's `pw.temporal.interval`). */
export interface Interval {
  readonly lowerBound: TimeSpan;
  readonly upperBound: TimeSpan;
}

/** `cw.temporal.interval(-2, 1)`: pairs whose `rightTime - leftTime` lies in [lower, upper]. */
export function interval(lowerBound: TimeSpan, upperBound: TimeSpan): Interval {
  return { lowerBound, upperBound };
}

/** Options of `intervalJoin`. */
export interface IntervalJoinOptions extends InstanceOptions {
  /** Rows kept (default inner). */
  how?: JoinMode;
  /**
   * Temporal behavior (Pathway's `behavior=`): `cw.temporal.commonBehavior({ delay, cutoff, keepResults })`, applied
   * to each side against that side's own watermark (its largest time seen): rows wait until time + delay <= it,
   * rows with time + cutoff <= it (as at the end of the previous epoch) are ignored, and rows are forgotten once
   * time + cutoff <= it, their results kept (keepResults, default) or retracted.
   */
  behavior?: Behavior;
}

/** A left or right row tagged for the bucketed join: [...row, time number, bucket]. */
type Tagged = unknown[];

/** Builds an interval join (the free functions and the Table methods call this). */
export function intervalJoinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  iv: Interval,
  args: readonly unknown[],
  forced: JoinMode | undefined,
  site: string | undefined,
): JoinResult<any, any> {
  rejectSelfJoin(left, right, 'intervalJoin()', site);
  if (typeof iv !== 'object' || iv === null || !('lowerBound' in iv)) {
    throw new GraphBuildError(
      'intervalJoin() needs cw.temporal.interval(lower, upper) after the two times',
      site,
    );
  }
  const { conditions, options } = temporalArgs<IntervalJoinOptions>(left, right, args);
  const how = joinModeOf(forced, options.how, 'inner', 'intervalJoin()', site);
  const lower = spanNumber(iv.lowerBound, 'intervalJoin() lower bound', site);
  const upper = spanNumber(iv.upperBound, 'intervalJoin() upper bound', site);
  // Equal bounds are an interval of one point (Pathway's test_interval_join_time_only_empty_interval).
  if (!(lower <= upper)) {
    throw new GraphBuildError('intervalJoin(): the lower bound must not exceed the upper bound', site);
  }
  const spans = [iv.lowerBound, iv.upperBound];
  const { leftKeys, rightKeys, lSide, rSide, inputs } = prepareTimedSides(
    left,
    right,
    [leftTime, rightTime],
    conditions,
    spans,
    'intervalJoin()',
    site,
  );
  const width = intervalBucketWidth(lower, upper);
  const nl = left.columns.length;
  const nr = right.columns.length;
  const behavior = joinBehavior(options.behavior, 'intervalJoin()', site);

  // With a behavior: each side through its watermark, late filter and buffer, then one forgetting join operator.
  const lowerWithBehavior: JoinCore['lower'] = (ctx, node, ops, make) => {
    const { lOp, rOp, lCells, rCells } = lowerSides(ctx, node, ops, lSide, rSide);
    return lowerIntervalBehavior(ctx, node, [lOp, rOp], [lCells, rCells], make, {
      lower,
      upper,
      widths: [nl, nr],
      how,
      behavior: behavior!,
    });
  };

  const lowerCore: JoinCore['lower'] = (ctx, node, ops, make) => {
    const { lOp, rOp, lc, rc } = lowerQuietSides(ctx, node, ops, lSide, rSide);
    // Left rows under every bucket their interval touches; right rows under their own bucket.
    const lTagged = ctx.add(
      new FlatMapOperator<unknown[], Tagged>(lOp, (k, r, d, out: Batch<Tagged>) => {
        const t = timeNumber(lc[0]!(r, k));
        if (t === null) return;
        const { inst } = instanceOf(lc.slice(1), r, k, NO_MATCH_LEFT);
        if (inst === NO_MATCH_LEFT) return;
        const lo = Math.floor((t + lower) / width);
        const hi = Math.floor((t + upper) / width);
        for (let b = lo; b <= hi; b++) out.push(k, [...r.slice(0, nl), t, bucketKey(inst, b)], d);
      }),
      node,
    );
    const rTagged = ctx.add(
      new FlatMapOperator<unknown[], Tagged>(rOp, (k, r, d, out: Batch<Tagged>) => {
        const t = timeNumber(rc[0]!(r, k));
        if (t === null) return;
        const { inst } = instanceOf(rc.slice(1), r, k, NO_MATCH_RIGHT);
        if (inst === NO_MATCH_RIGHT) return;
        out.push(k, [...r.slice(0, nr), t, bucketKey(inst, Math.floor(t / width))], d);
      }),
      node,
    );
    const la = ctx.add(new Arrangement<Tagged>(lTagged, (_k, r) => r[nl + 1] as IndexKey), node);
    const ra = ctx.add(new Arrangement<Tagged>(rTagged, (_k, r) => r[nr + 1] as IndexKey), node);
    // Matching pairs as [leftRow, leftId, rightRow, rightId].
    const pairs = ctx.add(
      new JoinOperator<Tagged, Tagged, unknown[]>(la, ra, (lk, lr, rk, rr, d, out) => {
        const tl = lr[nl] as number;
        const tr = rr[nr] as number;
        if (tl + lower <= tr && tr <= tl + upper) out.push(combineKeys(lk, rk), [lr, lk, rr, rk], d);
      }),
      node,
    );
    const matched = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(pairs, (key, p, d, out) => {
        out.push(
          key,
          joinedRow(make, p[0] as unknown[], p[1] as Key, p[2] as unknown[], p[3] as Key, key, d),
          d,
        );
      }),
      node,
    );
    // Unmatched rows of a side: side - semijoin(side, ids of that side's matched rows).
    const padding = { widths: [nl, nr] as const, pairKey: (lk: Key, rk: Key) => combineKeys(lk, rk) };
    return withPadding(ctx, node, matched, how, (which) => {
      const idAt = which === 0 ? 1 : 3;
      const net = rowsWithoutMatch(
        ctx,
        node,
        which === 0 ? lOp : rOp,
        pairs,
        (_k, p) => p[idAt] as Key,
        (g) => g as Key,
      );
      return paddedRows(ctx, node, net, which, make, padding);
    });
  };
  const joined = plainJoinRow(nl, nr);
  const lower_ = behavior === undefined ? lowerCore : lowerWithBehavior;
  const node = planNode(`interval-join-${how}`, inputs, site, (ctx, ops) => lower_(ctx, node, ops, joined));
  const common = commonKeyNames(leftKeys, rightKeys);
  return new JoinResult(left, right, node, new Universe(), how, { inputs, lower: lower_ }, common);
}

/** A free intervalJoin entry point in mode `H` (undefined: `how` from the options). */
export type IntervalJoinFn<H extends JoinMode | undefined> = SpecJoinFn<Interval, IntervalJoinOptions, H>;
/** A Table intervalJoin method in mode `H`. */
export type IntervalJoinMethod<TRow extends Row, H extends JoinMode | undefined> = SpecJoinMethod<
  TRow,
  Interval,
  IntervalJoinOptions,
  H
>;

/** `cw.temporal.intervalJoin(left, right, left.c.t, right.c.t, cw.temporal.interval(-2, 1), ...conditions, { how })`. */
export const intervalJoin: IntervalJoinFn<undefined> = specJoinFunction(intervalJoinTables, undefined);
/** Inner interval join. */
export const intervalJoinInner: IntervalJoinFn<'inner'> = specJoinFunction(intervalJoinTables, 'inner');
/** Left interval join: unmatched left rows kept with None on the right. */
export const intervalJoinLeft: IntervalJoinFn<'left'> = specJoinFunction(intervalJoinTables, 'left');
/** Right interval join: unmatched right rows kept with None on the left. */
export const intervalJoinRight: IntervalJoinFn<'right'> = specJoinFunction(intervalJoinTables, 'right');
/** Outer interval join: unmatched rows of both sides kept. */
export const intervalJoinOuter: IntervalJoinFn<'outer'> = specJoinFunction(intervalJoinTables, 'outer');

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Interval join (Pathway's `interval_join`): rows with `selfTime + lower <= otherTime <= selfTime + upper`:
     * `t.intervalJoin(o, t.c.t, o.c.t, cw.temporal.interval(-2, 1), cw.left.k.eq(cw.right.k), { how: 'left' })`.
     */
    intervalJoin: IntervalJoinMethod<TRow, undefined>;
    /** Inner interval join. */
    intervalJoinInner: IntervalJoinMethod<TRow, 'inner'>;
    /** Left interval join. */
    intervalJoinLeft: IntervalJoinMethod<TRow, 'left'>;
    /** Right interval join. */
    intervalJoinRight: IntervalJoinMethod<TRow, 'right'>;
    /** Outer interval join. */
    intervalJoinOuter: IntervalJoinMethod<TRow, 'outer'>;
  }
}

Table.prototype.intervalJoin = specJoinMethod(intervalJoinTables, undefined);
Table.prototype.intervalJoinInner = specJoinMethod(intervalJoinTables, 'inner');
Table.prototype.intervalJoinLeft = specJoinMethod(intervalJoinTables, 'left');
Table.prototype.intervalJoinRight = specJoinMethod(intervalJoinTables, 'right');
Table.prototype.intervalJoinOuter = specJoinMethod(intervalJoinTables, 'outer');
