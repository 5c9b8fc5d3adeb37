// `split(condition)`: the rows where a condition holds and the rows where it does not, as two tables with
// disjoint ids (Pathway's `split`). The condition is computed once per row.

import { FilterOperator, FlatMapOperator } from '../engine/linear-operators.js';
import type { Batch } from '../engine/batch.js';
import { Expr } from './expression.js';
import { compileCell } from './expression-compiler.js';
import type { ColumnsOf } from './columns.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Table, type Row } from './table.js';
import { markFiltered } from './append-only.js';
import { Universe, promiseDisjoint } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { reportDropped } from './expressions/error-reporter.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * `[positive, negative]`: rows where the condition is true, and where it is false. Rows whose condition is
     * an error (or null) are in neither and are logged.
     */
    split(condition: Expr<boolean> | ((c: ColumnsOf<TRow>) => Expr<boolean>)): [Table<TRow>, Table<TRow>];
  }
}

Table.prototype.split = function <TRow extends Row>(
  this: Table<TRow>,
  condition: Expr<boolean> | ((c: ColumnsOf<TRow>) => Expr<boolean>),
): [Table<TRow>, Table<TRow>] {
  const site = userCallSite();
  const cond =
    typeof condition === 'function' && !(condition instanceof Expr) ? condition(this.c) : condition;
  if (!(cond instanceof Expr))
    throw new GraphBuildError(
      'split() needs an expression such as t.c.age.gt(3) (or a callback returning one)',
      site,
    );
  const prepared = prepareRows(this, [this], [cond], site);
  const width = this.columns.length;
  // Rows tagged with their condition in a last cell: [...row, true | false].
  const tagged = planNode('split', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, tagged, ops);
    const test = compileCell(prepared.exprs[0]!, scope);
    return ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(op, (key, row, diff, out: Batch<unknown[]>) => {
        const v = test(row, key);
        if (v === true || v === false) {
          const r = row.slice(0, width);
          r.push(v);
          out.push(key, r, diff);
        } else if (v instanceof ErrorValue)
          reportDropped(v, 'split dropped a row whose condition is an error', site);
      }),
      tagged,
    );
  });
  const side = (want: boolean): Table<TRow> => {
    const node = planNode(want ? 'split-positive' : 'split-negative', [tagged], site, (ctx, ops) => {
      const kept = ctx.add(new FilterOperator<unknown[]>(ops[0]!, (row) => row[width] === want), node);
      return ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(kept, (k, r, d, out) => out.push(k, r.slice(0, width), d)),
        node,
      );
    });
    return markFiltered(new Table<TRow>(this.columns, node, new Universe(this.universe)), this, [cond]);
  };
  const positive = side(true);
  const negative = side(false);
  promiseDisjoint(positive.universe, negative.universe, true);
  return [positive, negative];
};
