// The parts that the bucketed temporal joins (intervalJoin, windowJoin) share around the engine's bilinear join:
// bucket index keys, the rows of one side that met no row of the other (an anti-semijoin), their None-padded
// output rows, and the concatenation of matched and padded rows that the join mode keeps.

import { Arrangement, type IndexKey } from '../../../engine/arrangement.js';
import { ConsolidateOperator } from '../../../engine/consolidate.js';
import { JoinOperator } from '../../../engine/join.js';
import { keyFromValue, keyFromValues, type Key } from '../../../engine/key.js';
import { ConcatOperator, FlatMapOperator, NegateOperator } from '../../../engine/linear-operators.js';
import type { Operator } from '../../../engine/operator.js';
import { ReduceOperator } from '../../../engine/reduce.js';
import type { JoinRowFn } from '../../expression-compiler.js';
import type { JoinMode } from '../../join.js';
import type { LoweringContext, PlanNode } from '../../plan.js';
import { setQuiet } from '../../expressions/error-reporter.js';

const NULL_KEY = keyFromValue(null);
// The id of the missing side of a padded row reads as None.
const NO_KEY = null as unknown as Key;

/**
 * The bucket width of an interval join over `[lower, upper]`: any positive width is correct (a left row is indexed
 * under every bucket its interval touches); equal bounds (a one-point interval) use 1.
 */
export function intervalBucketWidth(lower: number, upper: number): number {
  return upper > lower ? upper - lower : 1;
}

/** The index key of a bucket within a join-key instance (the bucket alone without join keys). */
export function bucketKey(inst: IndexKey, bucket: number): IndexKey {
  return inst === null ? bucket : keyFromValues([inst, bucket]);
}

/** The joined row of a pair; a retraction's row is rebuilt without reporting errors again. */
export function joinedRow(
  make: JoinRowFn,
  lr: unknown[],
  lk: Key,
  rr: unknown[],
  rk: Key,
  key: Key,
  d: number,
): unknown[] {
  if (d > 0) return make(lr, lk, rr, rk, key);
  const prev = setQuiet(true);
  try {
    return make(lr, lk, rr, rk, key);
  } finally {
    setQuiet(prev);
  }
}

/**
 * Rows of `own` whose index key is not the index key of any row of `other`: own - semijoin(own, present keys), the
 * present keys counted by a reduction (linear, so retractions just work). `ownArr` arranges `own` by that index
 * key; without it, `own` is arranged by row key (the present keys are then row keys of `own`).
 */
export function rowsWithoutMatch(
  ctx: LoweringContext,
  node: PlanNode,
  own: Operator<unknown[]>,
  other: Operator<unknown[]>,
  indexKeyOf: (key: Key, row: unknown[]) => IndexKey,
  outputKeyOf: (indexKey: IndexKey) => Key,
  ownArr?: Arrangement<unknown[]>,
): Operator<unknown[]> {
  const present = ctx.add(
    new ReduceOperator<unknown[], number, unknown[]>(other, {
      groupOf: indexKeyOf,
      outputKey: outputKeyOf,
      create: () => 0,
      result: (_s, g) => [g],
    }),
    node,
  );
  const arranged = ownArr ?? ctx.add(new Arrangement<unknown[]>(own, (k) => k), node);
  const presentArr = ctx.add(new Arrangement<unknown[]>(present, (_k, r) => r[0] as IndexKey), node);
  const matched = ctx.add(
    new JoinOperator<unknown[], unknown[], unknown[]>(arranged, presentArr, (k, r, _k2, _r2, d, out) =>
      out.push(k, r, d),
    ),
    node,
  );
  return ctx.add(
    new ConsolidateOperator<unknown[]>(
      ctx.add(
        new ConcatOperator<unknown[]>([own, ctx.add(new NegateOperator<unknown[]>(matched), node)]),
        node,
      ),
    ),
    node,
  );
}

/** How the unmatched rows of one side become output rows. */
export interface PaddingSpec {
  /** Column counts of the left and right rows. */
  readonly widths: readonly [number, number];
  /** Output key of a pair (the missing side's id is keyFromValue(null)); `row` is the unmatched row. */
  readonly pairKey: (lk: Key, rk: Key, row: unknown[]) => Key;
  /** Unmatched rows to leave out (rows of closed windows), if any. */
  readonly skip?: (row: unknown[]) => boolean;
}

/** The output rows of one side's unmatched rows, the other side's columns and id None. */
export function paddedRows(
  ctx: LoweringContext,
  node: PlanNode,
  unmatched: Operator<unknown[]>,
  which: 0 | 1,
  make: JoinRowFn,
  spec: PaddingSpec,
): Operator<unknown[]> {
  const nullsL = new Array<unknown>(spec.widths[0]).fill(null);
  const nullsR = new Array<unknown>(spec.widths[1]).fill(null);
  const { pairKey, skip } = spec;
  return ctx.add(
    new FlatMapOperator<unknown[], unknown[]>(unmatched, (k, r, d, out) => {
      if (skip?.(r) === true) return;
      if (which === 0) {
        const key = pairKey(k, NULL_KEY, r);
        out.push(key, joinedRow(make, r, k, nullsR, NO_KEY, key, d), d);
      } else {
        const key = pairKey(NULL_KEY, k, r);
        out.push(key, joinedRow(make, nullsL, NO_KEY, r, k, key, d), d);
      }
    }),
    node,
  );
}

/** The matched rows plus, as `how` keeps them, the padded unmatched rows of the left (0) and right (1) sides. */
export function withPadding(
  ctx: LoweringContext,
  node: PlanNode,
  matched: Operator<unknown[]>,
  how: JoinMode,
  pad: (which: 0 | 1) => Operator<unknown[]>,
): Operator<unknown[]> {
  const parts = [matched];
  if (how === 'left' || how === 'outer') parts.push(pad(0));
  if (how === 'right' || how === 'outer') parts.push(pad(1));
  return parts.length === 1 ? parts[0]! : ctx.add(new ConcatOperator<unknown[]>(parts), node);
}
