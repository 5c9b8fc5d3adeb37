// Zipping rows with another table's row of the same id: a select reading columns of a table whose universe is promised
// to include its own, `restrict`, `withUniverseOf`. A promise is not checked when the program is built; as Pathway, a
// row whose id the other table lacks gets errors in that table's columns and the missing key is reported ("key missing
// in output table"), instead of the row vanishing without a word.

import { JoinOperator } from '../engine/join.js';
import { keyToString } from '../engine/key.js';
import { ConcatOperator, FlatMapOperator, MapOperator } from '../engine/linear-operators.js';
import type { Operator } from '../engine/operator.js';
import { antijoinById, arrangeById } from './by-id.js';
import { reportError } from './expressions/error-reporter.js';
import type { LoweringContext, PlanNode } from './plan.js';
import { ErrorValue } from './values/error-value.js';

/** Options of `zipById`. */
export interface ZipOptions {
  /** Also reports each row of `other` whose id `base` lacks (Pathway's "key missing in input table"); it is dropped. */
  readonly reportUnzipped?: boolean;
  /** What the report says of the promise (default: a select reading another table's columns). */
  readonly promise?: string;
}

/**
 * `base`'s rows, each followed by the `otherWidth` cells of `other`'s row with the same id, or by errors where `other`
 * has none (reported once per inserted row, at `site`).
 */
export function zipById(
  ctx: LoweringContext,
  node: PlanNode,
  base: Operator<unknown[]>,
  other: Operator<unknown[]>,
  otherWidth: number,
  site: string | undefined,
  options: ZipOptions = {},
): Operator<unknown[]> {
  const promise =
    options.promise ?? "the rows' universe was promised to be a subset of the table whose columns they read";
  const la = arrangeById(ctx, node, base);
  const ra = arrangeById(ctx, node, other);
  const zipped = ctx.add(
    new JoinOperator<unknown[], unknown[], unknown[]>(la, ra, (lk, l, _rk, r, d, out) =>
      out.push(lk, l.concat(r), d),
    ),
    node,
  );
  // One error value for every padded cell: a padded row equals itself when it is retracted.
  const missing = new Array<unknown>(otherWidth).fill(new ErrorValue('key missing in output table'));
  const padded = ctx.add(
    new FlatMapOperator<unknown[], unknown[]>(antijoinById(ctx, node, base, la, ra), (k, row, d, out) => {
      if (d > 0) report(`key missing in output table: ${keyToString(k)} (${promise})`, site);
      out.push(k, row.concat(missing), d);
    }),
    node,
  );
  const parts = [zipped, padded];
  if (options.reportUnzipped === true) {
    const unzipped = antijoinById(ctx, node, other, ra, la);
    parts.push(
      ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(unzipped, (k, _row, d) => {
          if (d > 0)
            report(`key missing in input table: ${keyToString(k)} (${promise}; its row is dropped)`, site);
        }),
        node,
      ),
    );
  }
  return ctx.add(new ConcatOperator<unknown[]>(parts), node);
}

/** The ids of `op`'s rows, as rows of no cells (the base of a zip giving another table's rows for those ids). */
export function idsOf(ctx: LoweringContext, node: PlanNode, op: Operator<unknown[]>): Operator<unknown[]> {
  return ctx.add(new MapOperator<unknown[], unknown[]>(op, () => NO_CELLS), node);
}

const NO_CELLS: unknown[] = [];

function report(message: string, site: string | undefined): void {
  reportError(new ErrorValue(message), site);
}
