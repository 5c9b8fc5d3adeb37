// Dtype narrowing by `filter`: after `t.filter(t.c.x.isNotNone())` (or `cw.this.x.isNotNone()`) column x is no longer
// optional, as Pathway's Table.filter does with expression.get_column_filtered_by_is_none. Like Pathway, only a
// condition that is exactly `<column of this table>.isNotNone()` narrows; a conjunction does not.

import type { ColumnInfo } from './columns.js';
import type { Expr } from './expression.js';

/** The columns of `filter(cond)` on `table`: as `columns`, with the one tested by `cond = x.isNotNone()` unoptional. */
export function narrowFilteredColumns(
  columns: readonly ColumnInfo[],
  cond: Expr,
  table: object,
): readonly ColumnInfo[] {
  const n = cond.node;
  if (n.kind !== 'unary' || n.op !== 'isNotNone') return columns;
  const ref = n.arg.node;
  if (ref.kind !== 'column' || (ref.slot !== 'this' && ref.slot !== table)) return columns;
  // `t.id` / `cw.this.id` name the row id (never None), unless the table has a data column "id" (`data: true`).
  if (ref.name === 'id' && ref.data !== true) return columns;
  if (!columns.some((c) => c.name === ref.name && c.dtype.isOptional)) return columns;
  return columns.map((c) => (c.name === ref.name ? { ...c, dtype: c.dtype.unoptional() } : c));
}
