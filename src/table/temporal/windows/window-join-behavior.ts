// Behaviors of `windowJoin` over tumbling and sliding windows (`{ behavior: commonBehavior(...) }` or
// `exactlyOnceBehavior(...)`): one watermark for both sides (a window is shared by them), as for `windowBy`.
//
// Algorithm: both sides' rows advance one watermark (largest event time seen on either side); each side's rows are
// tagged with their windows; a (row, window) update is late when end + cutoff <= the previous epoch's watermark
// (except a retraction of an update still held, which cancels it there: a row never released is never released);
// held until start + delay <= the watermark; a window closes once max(end + cutoff, start + delay) <= the watermark
// (it has received all its rows then). Without keepResults, closed windows' rows are forgotten at once (the output
// is the window join of the open windows). With keepResults they are forgotten one epoch later, and the output
// drops every change of a window closed before the current epoch: such windows take no real update any more,
// so their only changes are the retractions of forgetting (Pathway's filtering of the results of forgetting).
// State: the watermark, each side's buffer and forget operator; the join's arrangements hold open windows only.

import type { Batch } from '../../../engine/batch.js';
import type { Key } from '../../../engine/key.js';
import { ConcatOperator, FlatMapOperator } from '../../../engine/linear-operators.js';
import type { Operator } from '../../../engine/operator.js';
import type { LoweringContext, PlanNode } from '../../plan.js';
import type { ResolvedBehavior } from './behaviors.js';
import { timeMs } from './time-values.js';
import {
  BufferOperator,
  ForgetOperator,
  LateFilterOperator,
  Watermark,
  WatermarkOperator,
} from './watermark-operators.js';

/** Tagged rows of both sides with the behavior applied, and whether a window's changes are to be dropped. */
export interface BehaviorSides {
  readonly left: Operator<unknown[]>;
  readonly right: Operator<unknown[]>;
  /** Whether the output changes of the window starting at `start` are dropped this epoch (keepResults). */
  readonly frozen: (start: number) => boolean;
}

/**
 * Applies a behavior to both sides of a window join: `tag(op, side)` tags a side's rows with their windows as
 * [...columns, start, bucket]; `widths` are the sides' column counts; `duration` the window length.
 */
export function windowJoinBehaviorSides(
  ctx: LoweringContext,
  node: PlanNode,
  ops: readonly [Operator<unknown[]>, Operator<unknown[]>],
  timeOf: readonly [(row: unknown[], key: string) => number, (row: unknown[], key: string) => number],
  tag: (op: Operator<unknown[]>, side: 0 | 1) => Operator<unknown[]>,
  widths: readonly [number, number],
  duration: number,
  b: ResolvedBehavior,
): BehaviorSides {
  const wm = new Watermark();
  // Both sides' rows as [side, time, row] through one watermark, then split back.
  const wrapped = ([0, 1] as const).map((side) =>
    ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(ops[side], (k, r, d, out: Batch<unknown[]>) => {
        out.push(k, [side, timeOf[side](r, k), r], d);
      }),
      node,
    ),
  );
  const both = ctx.add(
    new WatermarkOperator(ctx.add(new ConcatOperator<unknown[]>(wrapped), node), wm, (r) => r[1] as number),
    node,
  );
  const cutoff = b.cutoff;
  const delay = b.delay;
  const closeAt = (start: number) =>
    Math.max(
      cutoff === undefined ? Infinity : start + duration + cutoff,
      delay === undefined ? -Infinity : start + delay,
    );
  const side = (s: 0 | 1): Operator<unknown[]> => {
    const own = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(both, (k, r, d, out: Batch<unknown[]>) => {
        if (r[0] === s) out.push(k, r[2] as unknown[], d);
      }),
      node,
    );
    const n = widths[s];
    const startOf = (r: unknown[]) => timeMs(r[n]);
    let cur = tag(own, s);
    // The buffer, built after the late filter (its input), is asked by it: it runs first in each step.
    let buffer: BufferOperator<unknown[]> | undefined;
    const held = { holds: (key: Key, row: unknown[]) => buffer?.holds(key, row) === true };
    if (cutoff !== undefined) {
      const thr = (r: unknown[]) => startOf(r) + duration + cutoff;
      cur = ctx.add(new LateFilterOperator(cur, wm, thr, false, held), node);
    }
    if (delay !== undefined)
      cur = buffer = ctx.add(new BufferOperator(cur, wm, (r) => startOf(r) + delay), node);
    if (cutoff !== undefined) {
      cur = ctx.add(
        new ForgetOperator(cur, wm, (r) => closeAt(startOf(r)), { strict: false, previous: b.keepResults }),
        node,
      );
    }
    return cur;
  };
  return {
    left: side(0),
    right: side(1),
    frozen: (start) => cutoff !== undefined && b.keepResults && closeAt(start) <= wm.previous,
  };
}
