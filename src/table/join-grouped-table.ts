// Groups of a join's rows (`join(...).groupBy(...)`): the rows are the join's flattened rows, and `reduce` outputs may
// name the join's columns (`cw.left.x`, `cw.right.y`, `cw.this.x`, the joined tables' own), rebound to them.

import { Expr, toExpr } from './expression.js';
import type { Key } from '../engine/key.js';
import { slotOfColumns } from './columns.js';
import { GraphBuildError } from './errors.js';
import { splitGroupByArgs, groupColumns, GroupedTable, type GroupByOptions } from './group-by.js';
import { checkIdExpr, groupPicks } from './id-checks.js';
import type { Table } from './table.js';

/** Groups of joined rows: `reduce` outputs may use `cw.left.x` / `cw.right.y` / `cw.this.x`, rebound to the joined row. */
export class JoinGroupedTable extends GroupedTable<any, any> {
  constructor(
    flat: Table<any>,
    groupBy: readonly [string, Expr][],
    private readonly rebindExpr: (e: Expr) => Expr,
    options: GroupByOptions = {},
  ) {
    super(flat, groupBy, options);
  }

  /** Outputs name the join's columns (`cw.left.k`, `cw.this.x`): rebound to the joined rows. */
  protected override output(e: Expr): Expr {
    return this.rebindExpr(e);
  }

  /** A join's reduce names its outputs: a whole side is refused. */
  protected override wholeGroup(_whole: unknown, site: string | undefined): [string, Expr][] {
    throw new GraphBuildError(
      "a join's reduce() names its outputs: write { k: cw.left.k, n: cw.reducers.count() } instead of cw.this",
      site,
    );
  }
}

/**
 * Groups the flattened rows `flat` of a join by `args` (expressions over the join, then optionally `groupBy`'s options,
 * as on a table: `{ id, instance, sortBy, skipErrors }`), every expression rebound by `rebind`.
 */
export function groupJoinRows(
  flat: Table<any>,
  rebind: (e: Expr) => Expr,
  args: readonly unknown[],
  site: string | undefined,
): JoinGroupedTable {
  const { picks: given, options } = splitGroupByArgs(args, site);
  if (given.some((a) => slotOfColumns(a) !== undefined)) {
    throw new GraphBuildError(
      "a join's groupBy() names its columns (cw.left.k, cw.right.k), not a whole side",
      site,
    );
  }
  const cols = given as Expr[];
  if (options.id !== undefined) {
    options.id = rebind(options.id) as Expr<Key>;
    checkIdExpr(options.id, flat, 'groupBy()', site);
  }
  if (options.instance !== undefined) options.instance = rebind(toExpr(options.instance));
  if (options.sortBy !== undefined) options.sortBy = rebind(toExpr(options.sortBy));
  const picks = groupPicks(cols.map(rebind), options.id, site);
  return new JoinGroupedTable(flat, groupColumns(flat, picks, site), rebind, options);
}
