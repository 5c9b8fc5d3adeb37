// Groups of a join's rows (`join(...).groupBy(...)`): the rows are the join's flattened rows, and `reduce` outputs may
// name the join's columns (`cw.left.x`, `cw.right.y`, `cw.this.x`, the joined tables' own), rebound to them.

import type { Expr } from './expression.js';
import { toExpr } from './expression.js';
import type { ColumnsOf } from './columns.js';
import { reduceTable, GroupedTable, type ReduceSpecMap } from './group-by.js';
import type { Table } from './table.js';
import { userCallSite } from './call-site.js';

/** Groups of joined rows: `reduce` outputs may use `cw.left.x` / `cw.right.y` / `cw.this.x`, rebound to the joined row. */
export class JoinGroupedTable extends GroupedTable<any, any> {
  constructor(
    flat: Table<any>,
    groupBy: readonly [string, Expr][],
    private readonly rebindExpr: (e: Expr) => Expr,
  ) {
    super(flat, groupBy);
  }

  override reduce<const M extends ReduceSpecMap>(map: M | ((c: ColumnsOf<any>) => M)): Table<any> {
    const site = userCallSite();
    const m = typeof map === 'function' ? map(this.table.c) : map;
    return reduceTable(
      this.table,
      this.groupBy,
      this.options,
      Object.entries(m).map(([k, v]) => [k, this.rebindExpr(toExpr(v))]),
      site,
    );
  }
}
