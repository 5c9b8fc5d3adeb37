// The options and grouping columns of `groupBy` (on tables and on joins).

import type { Key } from '../engine/key.js';
import { ColumnRef, Expr, type ExprLike } from './expression.js';
import { slotOfColumns } from './whole-columns.js';
import { GraphBuildError } from './errors.js';
import type { Table } from './table.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';

/** Options of `groupBy`. */
export interface GroupByOptions {
  /** Use this pointer-valued expression as the id of each group's row (Pathway's `id=`). */
  id?: Expr<Key>;
  /** Extra grouping value that only shards (Pathway's `instance=`); it is part of the group. */
  instance?: ExprLike;
  /**
   * Reducers skip a row whose argument is an error value (default true, as Pathway's `_skip_errors=True`); with
   * false, the error becomes the reducer's result until the row is retracted.
   */
  skipErrors?: boolean;
  /**
   * Orders the values `tuple()` collects by this expression, then by row id (Pathway's `sort_by`); other reducers
   * are unaffected.
   */
  sortBy?: ExprLike;
}

/** The options `groupBy` takes. */
const GROUP_BY_OPTIONS = ['id', 'instance', 'skipErrors', 'sortBy'];

/**
 * `groupBy`'s arguments split into the picks and the options (a last plain object that is neither an expression nor
 * a whole table's columns), the options checked.
 */
export function splitGroupByArgs(
  args: readonly unknown[],
  site: string | undefined,
): { picks: readonly unknown[]; options: GroupByOptions } {
  const last = args[args.length - 1];
  const isOptions =
    typeof last === 'object' && last !== null && !(last instanceof Expr) && slotOfColumns(last) === undefined;
  const options = isOptions ? { ...(last as GroupByOptions) } : {};
  checkGroupByOptions(options, site);
  return { picks: isOptions ? args.slice(0, -1) : args, options };
}

/** Throws a GraphBuildError naming the options of `groupBy` that it does not take. */
export function checkGroupByOptions(options: object, site: string | undefined): void {
  const unknown = Object.keys(options).filter((k) => !GROUP_BY_OPTIONS.includes(k));
  if (unknown.length > 0) {
    throw new GraphBuildError(
      `groupBy() does not support the option(s) ${unknown.join(', ')}; supported: ${GROUP_BY_OPTIONS.join(', ')}`,
      site,
    );
  }
}

/** Resolves groupBy arguments to named expressions. */
export function groupColumns(
  table: Table<any>,
  picks: readonly unknown[],
  site: string | undefined,
): [string, Expr][] {
  return picks.map((p) => {
    if (typeof p === 'string') return [p, table.col(p)];
    // `cw.this.x` is built untyped: typed from the table, so the group column keeps its dtype.
    if (p instanceof ColumnRef) {
      return [p.name, p.dtype.name === 'ANY' ? resolveDtypes(p, tableResolver([table], { this: table })) : p];
    }
    throw new GraphBuildError('groupBy() takes column references or column names', site);
  });
}
