// Groups of a join's rows (`join(...).groupBy(...)`): the rows are the join's flattened rows, and `reduce` outputs may
// name the join's columns (`cw.left.x`, `cw.right.y`, `cw.this.x`, the joined tables' own), rebound to them.

import { ColumnRef, Expr, toExpr } from './expression.js';
import type { Key } from '../engine/key.js';
import { slotOfColumns, type ColumnsOf } from './columns.js';
import { GraphBuildError } from './errors.js';
import {
  splitGroupByArgs,
  groupColumns,
  reduceTable,
  GroupedTable,
  type GroupByOptions,
  type ReduceSpecMap,
} from './group-by.js';
import { checkIdExpr, groupPicks } from './id-checks.js';
import type { Table } from './table.js';
import { userCallSite } from './call-site.js';

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

  /**
   * One row per group, as `GroupedTable.reduce`: column picks keep their names (`reduce(cw.left.k, { n: ... })`), maps
   * and functions name their outputs; every expression is rebound to the joined row.
   */
  override reduce(...args: unknown[]): Table<any> {
    const site = userCallSite();
    const named: [string, Expr][] = [];
    for (const a of args) {
      if (slotOfColumns(a) !== undefined) {
        throw new GraphBuildError(
          "a join's reduce() names its outputs: write { k: cw.left.k, n: cw.reducers.count() } instead of cw.this",
          site,
        );
      }
      if (a instanceof ColumnRef) named.push([a.name, this.rebindExpr(a)]);
      else if (a instanceof Expr) {
        throw new GraphBuildError('reduce() needs a name for a computed column: pass { name: expr }', site);
      } else if (typeof a === 'function' || (typeof a === 'object' && a !== null)) {
        const m = typeof a === 'function' ? (a as (c: ColumnsOf<any>) => ReduceSpecMap)(this.table.c) : a;
        for (const [k, v] of Object.entries(m as ReduceSpecMap)) named.push([k, this.rebindExpr(toExpr(v))]);
      } else {
        throw new GraphBuildError(
          `reduce() takes columns and { name: expr } maps, got ${JSON.stringify(a)}` +
            (typeof a === 'string' ? `; did you mean cw.this.${a}?` : ''),
          site,
        );
      }
    }
    return reduceTable(this.table, this.groupBy, this.options, named, site);
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
