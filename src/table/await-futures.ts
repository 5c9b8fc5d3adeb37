// `t.awaitFutures()` (Pathway's `await_futures`): the rows whose fully async UDF cells all hold their results.

import { FilterOperator } from '../engine/linear-operators.js';
import { userCallSite } from './call-site.js';
import type { ColumnInfo } from './columns.js';
import { markFiltered } from './append-only.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { Universe } from './universe.js';
import { PENDING, type Pending } from './values/pending.js';

/** A row type with `Pending` taken out of every cell type (the rows `awaitFutures()` keeps). */
export type AwaitedRow<TRow> = { [K in keyof TRow]: Exclude<TRow[K], Pending> };

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * The rows with no `PENDING` cell in a fully async UDF's column (`cw.udf(fn, { fullyAsync: true })`), those
     * columns typed as the UDF returns (Pathway's `await_futures`). A row leaves while a new call of it is pending.
     */
    awaitFutures(): Table<AwaitedRow<TRow>>;
  }
}

Table.prototype.awaitFutures = function <TRow extends Row>(this: Table<TRow>): Table<AwaitedRow<TRow>> {
  const site = userCallSite();
  const futures = this.columns.flatMap((c, i) => (c.dtype.unoptional().name === 'Future' ? [i] : []));
  if (futures.length === 0) return this as unknown as Table<AwaitedRow<TRow>>;
  const node = planNode('await-futures', [this.node], site, (ctx, ops) =>
    ctx.add(
      new FilterOperator<unknown[]>(ops[0]!, (row) => {
        for (let j = 0; j < futures.length; j++) if (row[futures[j]!] === PENDING) return false;
        return true;
      }),
      node,
    ),
  );
  const columns: ColumnInfo[] = this.columns.map((c) => {
    const d = c.dtype.unoptional();
    if (d.name !== 'Future') return c;
    const inner = d.inner[0]!;
    return { name: c.name, dtype: c.dtype.isOptional ? inner.optional() : inner };
  });
  const universe = new Universe(this.universe);
  return markFiltered(new Table<AwaitedRow<TRow>>(columns, node, universe), this, []);
};
