// Matching rows of two tables by id (semijoin / antijoin on row keys): the building block of difference,
// intersect, restrict, updateRows, updateCells and ix.

import { Arrangement } from '../engine/arrangement.js';
import { JoinOperator } from '../engine/join.js';
import type { Key } from '../engine/key.js';
import { ConcatOperator, NegateOperator } from '../engine/linear-operators.js';
import { ConsolidateOperator } from '../engine/consolidate.js';
import type { Operator } from '../engine/operator.js';
import type { LoweringContext, PlanNode } from './plan.js';
import type { Table } from './table.js';
import { GraphBuildError } from './errors.js';

const byKey = (k: Key): Key => k;

/** Arranges a table's rows by their id. */
export function arrangeById(
  ctx: LoweringContext,
  node: PlanNode,
  op: Operator<unknown[]>,
): Arrangement<unknown[]> {
  return ctx.add(new Arrangement<unknown[]>(op, byKey), node);
}

/** Rows of `left` whose id is present in `right` (each id of `right` holds exactly one row). */
export function semijoinById(
  ctx: LoweringContext,
  node: PlanNode,
  left: Arrangement<unknown[]>,
  right: Arrangement<unknown[]>,
): Operator<unknown[]> {
  return ctx.add(
    new JoinOperator<unknown[], unknown[], unknown[]>(left, right, (lk, lr, _rk, _rr, d, out) =>
      out.push(lk, lr, d),
    ),
    node,
  );
}

/** Rows of `left` whose id is absent from `right`: `left - semijoin(left, right)`. */
export function antijoinById(
  ctx: LoweringContext,
  node: PlanNode,
  leftOp: Operator<unknown[]>,
  left: Arrangement<unknown[]>,
  right: Arrangement<unknown[]>,
): Operator<unknown[]> {
  const semi = semijoinById(ctx, node, left, right);
  // Consolidated, so a row that is both added and removed in one epoch never reaches later expressions.
  return ctx.add(
    new ConsolidateOperator<unknown[]>(
      ctx.add(
        new ConcatOperator<unknown[]>([leftOp, ctx.add(new NegateOperator<unknown[]>(semi), node)]),
        node,
      ),
    ),
    node,
  );
}

/** Positions of `order`'s column names in `table`'s rows; throws unless both have the same column names. */
export function alignColumns(
  order: readonly string[],
  table: Table<any>,
  what: string,
  site: string | undefined,
): number[] {
  const names = table.columnNames();
  const a = order.slice().sort().join(', ');
  const b = names.slice().sort().join(', ');
  if (a !== b) {
    throw new GraphBuildError(
      `${what}() needs tables with the same columns: [${a}] vs [${b}]; select or rename columns first`,
      site,
    );
  }
  return order.map((n) => names.indexOf(n));
}

/** True when `idx` is the identity permutation. */
export function isIdentity(idx: readonly number[]): boolean {
  for (let i = 0; i < idx.length; i++) if (idx[i] !== i) return false;
  return true;
}
