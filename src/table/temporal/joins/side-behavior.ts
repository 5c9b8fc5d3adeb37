// Temporal behaviors of the two-sided joins (`intervalJoin`, `asofJoin`; Pathway's `behavior=common_behavior(...)`):
// each side keeps its own watermark (the largest event time seen on that side), drops late updates, and holds
// updates back by `delay`; the join operators (IntervalBehaviorJoinOperator, AsofJoinOperator) forget rows past
// the cutoff.

import type { Key } from '../../../engine/key.js';
import type { Operator } from '../../../engine/operator.js';
import { GraphBuildError } from '../../errors.js';
import type { LoweringContext, PlanNode } from '../../plan.js';
import type { Behavior } from '../windows/behaviors.js';
import { intervalMs } from '../windows/time-values.js';
import {
  BufferOperator,
  LateFilterOperator,
  Watermark,
  WatermarkOperator,
} from '../windows/watermark-operators.js';

/** A join behavior with plain numbers (milliseconds for date-times). */
export interface JoinBehavior {
  /** Rows wait until their side's watermark reaches time + delay. */
  readonly delay: number | undefined;
  /** Rows with time + cutoff <= their side's watermark are late (dropped) and forgotten (state freed). */
  readonly cutoff: number | undefined;
  /** Whether results of forgotten rows stay in the output (true) or are retracted. */
  readonly keepResults: boolean;
}

/** Checks and resolves the `behavior` option of a temporal join (a `commonBehavior(...)`). */
export function joinBehavior(
  b: Behavior | undefined,
  what: string,
  site: string | undefined,
): JoinBehavior | undefined {
  if (b === undefined || b === null) return undefined;
  if (typeof b !== 'object' || b.kind !== 'common') {
    throw new GraphBuildError(
      `${what}: behavior must be cw.temporal.commonBehavior({ delay, cutoff, keepResults }) ` +
        '(exactlyOnceBehavior is for windows)',
      site,
    );
  }
  return {
    delay: b.delay === undefined ? undefined : intervalMs(b.delay),
    cutoff: b.cutoff === undefined ? undefined : intervalMs(b.cutoff),
    keepResults: b.keepResults,
  };
}

/**
 * One side's rows through its watermark, late filter (time + cutoff <= the watermark at the end of the previous
 * epoch: dropped, as Pathway's `_freeze`) and delay buffer (released once time + delay <= the watermark).
 * A late retraction of a row the buffer still holds is not dropped: it cancels the held insertion (a row never
 * released is never released later, and the join keeps at most one row per key); a late retraction of a row
 * already released is dropped (the join has forgotten that row: its time + cutoff <= the watermark).
 * `timeAt(row)` is the row's event time (NaN: none; such rows are never late, never held).
 */
export function lowerSideBehavior(
  ctx: LoweringContext,
  node: PlanNode,
  op: Operator<unknown[]>,
  wm: Watermark,
  b: JoinBehavior,
  timeAt: (row: unknown[]) => number,
): Operator<unknown[]> {
  let cur: Operator<unknown[]> = ctx.add(new WatermarkOperator(op, wm, timeAt), node);
  // The buffer is built after the filter (its input) but asked by it, which runs first in each step.
  let buffer: BufferOperator<unknown[]> | undefined;
  const held = { holds: (key: Key, row: unknown[]) => buffer?.holds(key, row) === true };
  if (b.cutoff !== undefined) {
    const cutoff = b.cutoff;
    cur = ctx.add(new LateFilterOperator(cur, wm, (r) => timeAt(r) + cutoff, false, held), node);
  }
  if (b.delay !== undefined) {
    const delay = b.delay;
    cur = buffer = ctx.add(new BufferOperator(cur, wm, (r) => timeAt(r) + delay), node);
  }
  return cur;
}

export { Watermark };
