// Row filters (Pathway's `pw.utils.filtering`): the row of each group with the largest or smallest value.

import type { ColumnRef, Expr } from '../expression.js';
import { reducers } from '../reducer-exprs.js';
import type { Table, Row } from '../table.js';
import { promiseUniverseIsSubsetOf } from '../universe-ops.js';

/** The rows of `table` holding, in their group of `on`, the extreme value of `what` (ties: the smallest id). */
function extremeRows<R extends Row>(
  table: Table<R>,
  on: readonly ColumnRef[],
  what: Expr<unknown>,
  pick: typeof reducers.argmax,
): Table<R> {
  const best = (table as Table<any>).groupBy(...on).reduce({ bestId: pick(what) });
  const ids = promiseUniverseIsSubsetOf(best.withId(best.c.bestId), table);
  return table.restrict(ids);
}

/** Per group of `on`, the row of `table` with the largest `what` (Pathway's `argmax_rows`). */
export function argmaxRows<R extends Row>(
  table: Table<R>,
  on: readonly ColumnRef[],
  what: Expr<unknown>,
): Table<R> {
  return extremeRows(table, on, what, reducers.argmax);
}

/** Per group of `on`, the row of `table` with the smallest `what` (Pathway's `argmin_rows`). */
export function argminRows<R extends Row>(
  table: Table<R>,
  on: readonly ColumnRef[],
  what: Expr<unknown>,
): Table<R> {
  return extremeRows(table, on, what, reducers.argmin);
}
