// `sort({ key, instance })`: the `prev` and `next` ids of every row in key order (Pathway's `sort`), kept up to
// date incrementally by the engine's SortOperator (only neighbours of changed rows are updated).

import { refuseFutures } from './future-checks.js';
import { SortOperator } from '../engine/sort-operator.js';
import type { IndexKey } from '../engine/arrangement.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { POINTER } from './dtype.js';
import { Expr, toExpr, type ExprLike } from './expression.js';
import { compileCell } from './expression-compiler.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';
import { compareValues } from './values/compare.js';

/** Options of `sort`. */
export interface SortOptions {
  /** The value rows are ordered by (ties are broken by id). */
  key: Expr<unknown>;
  /** Rows are ordered separately per instance value; `prev`/`next` only point within an instance. */
  instance?: ExprLike;
}

/** The columns `sort` produces. */
export type SortedRow = { prev: Key | null; next: Key | null };

declare module './table.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat the class's type parameters
  interface Table<TRow extends Row> {
    /**
     * For every row, the ids of the previous and next rows in key order (null at the ends), with this table's
     * ids: `t.sort({ key: t.c.age })`; add them to the table with `t.withColumns(...)` or a select over both.
     */
    sort(options: SortOptions): Table<SortedRow>;
    /** `t.sort(t.c.age)`: the key given directly (optionally with `{ instance }`). */
    sort(key: Expr<any>, options?: Omit<SortOptions, 'key'>): Table<SortedRow>;
  }
}

function instanceKey(v: unknown): IndexKey {
  const t = typeof v;
  return v === null || v === undefined || t === 'string' || t === 'number' || t === 'boolean'
    ? (v as IndexKey)
    : keyFromValue(v);
}

Table.prototype.sort = function (
  this: Table<any>,
  keyOrOptions: SortOptions | Expr<any>,
  rest: Omit<SortOptions, 'key'> = {},
): Table<SortedRow> {
  const site = userCallSite();
  const options: SortOptions = keyOrOptions instanceof Expr ? { ...rest, key: keyOrOptions } : keyOrOptions;
  if (typeof options !== 'object' || options === null || !(options.key instanceof Expr)) {
    throw new GraphBuildError('sort() needs { key: expression }, e.g. t.sort({ key: t.c.age })', site);
  }
  const exprs = options.instance === undefined ? [options.key] : [options.key, toExpr(options.instance)];
  refuseFutures(this, exprs, 'sort()', site);
  const prepared = prepareRows(this, [this], exprs, site);
  const node = planNode('sort', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const keyOf = compileCell(prepared.exprs[0]!, scope);
    const instanceOf = prepared.exprs[1] ? compileCell(prepared.exprs[1], scope) : undefined;
    return ctx.add(
      new SortOperator<unknown[]>(op, {
        sortKey: (k, r) => keyOf(r, k),
        instance: instanceOf ? (k, r) => instanceKey(instanceOf(r, k)) : () => null,
        compare: compareValues,
      }),
      node,
    );
  });
  return new Table<SortedRow>(
    [
      { name: 'prev', dtype: POINTER.optional() },
      { name: 'next', dtype: POINTER.optional() },
    ],
    node,
    this.universe,
  );
};
