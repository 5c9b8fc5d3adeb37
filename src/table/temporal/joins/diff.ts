// `t.diff(timestamp, ...values, { instance })` (Pathway's `Table.diff`): each value minus the value of the previous
// row in timestamp order (per instance), None for the first row (and where a value is None). Built on `sort` (incremental prev pointers) and
// `ix`, so inserting or retracting a row revises only its successor.

import { ColumnRef, type Expr, type ExprLike } from '../../expression.js';
import { ifElse } from '../../expression-builders.js';
import { GraphBuildError } from '../../errors.js';
import { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import { userCallSite } from '../../call-site.js';

/** Options of `diff`. */
export interface DiffOptions {
  /** Rows are ordered, and differences taken, separately per value of this expression. */
  instance?: ExprLike;
}

/** The columns `diff` produces: `diff_<name>` per value column. */
export type DiffRow<TRow, K extends string> = { [P in K as `diff_${P}`]: TRow[P & keyof TRow] | null };

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Differences with the previous row in timestamp order: `t.diff(t.c.timestamp, t.c.value)` gives a table with
     * this table's ids and a `diff_value` column (None for the first row of each instance).
     */
    diff<const K extends keyof TRow & string>(
      timestamp: Expr<any>,
      ...values: (ColumnRef<any, K> | DiffOptions)[]
    ): Table<DiffRow<TRow, K>>;
  }
}

Table.prototype.diff = function (this: Table<any>, timestamp: Expr<any>, ...rest: unknown[]) {
  const site = userCallSite();
  const last = rest[rest.length - 1];
  const options: DiffOptions =
    typeof last === 'object' && last !== null && !(last instanceof ColumnRef) ? last : {};
  const values = rest.filter((v): v is ColumnRef<any, string> => v instanceof ColumnRef);
  if (values.length === 0 || values.length !== rest.length - (options === last ? 1 : 0)) {
    throw new GraphBuildError('diff() needs value columns: t.diff(t.c.timestamp, t.c.value)', site);
  }
  const sorted = this.sort(
    options.instance === undefined ? { key: timestamp } : { key: timestamp, instance: options.instance },
  );
  const prev = this.ix(sorted.c.prev, { optional: true });
  const specs: Record<string, Expr> = {};
  for (const v of values) {
    const own = this.col(v.name);
    const before = (prev.c as Record<string, Expr>)[v.name]!;
    // None when there is no previous row or either value is None.
    specs[`diff_${v.name}`] = ifElse(
      sorted.c.prev.isNone().or(own.isNone()).or(before.isNone()),
      null,
      own.sub(before),
    );
  }
  return this.select(specs) as Table<any>;
};
