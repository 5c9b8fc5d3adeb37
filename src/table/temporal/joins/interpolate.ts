// `t.interpolate(timestamp, ...values, { instance })` (Pathway's `Table.interpolate`, linear mode): None values
// filled linearly from the nearest earlier and later values by timestamp; computed by InterpolateOperator.

import { ColumnRef, toExpr, type Expr, type ExprLike } from '../../expression.js';
import { FLOAT } from '../../dtype.js';
import { GraphBuildError } from '../../errors.js';
import { planNode } from '../../plan.js';
import { prepareRows } from '../../row-context.js';
import { compileCell } from '../../expression-compiler.js';
import { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { instanceOf, quietCell } from './join-sides.js';
import { InterpolateOperator } from './interpolate-operator.js';
import { timeNumber } from './time-values.js';

/** Options of `interpolate`. */
export interface InterpolateOptions {
  /** Only 'linear' (the default) exists, as in Pathway. */
  mode?: 'linear';
  /** Interpolate separately per value of this expression. */
  instance?: ExprLike;
}

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Fills None values of the given columns by linear interpolation along `timestamp` (nearest value at the ends):
     * `t.interpolate(t.c.timestamp, t.c.a, t.c.b)`. Same ids and columns; the value columns become floats.
     */
    interpolate(
      timestamp: Expr<any>,
      ...values: (ColumnRef<any, string> | InterpolateOptions)[]
    ): Table<TRow>;
  }
}

Table.prototype.interpolate = function (this: Table<any>, timestamp: Expr<any>, ...rest: unknown[]) {
  const site = userCallSite();
  const last = rest[rest.length - 1];
  const options: InterpolateOptions =
    typeof last === 'object' && last !== null && !(last instanceof ColumnRef) ? last : {};
  if (options.mode !== undefined && options.mode !== 'linear') {
    throw new GraphBuildError('interpolate(): only the linear mode exists', site);
  }
  const values = rest.filter((v): v is ColumnRef<any, string> => v instanceof ColumnRef);
  const names = values.map((v) => v.name);
  for (const n of names) this.col(n);
  if (!(timestamp instanceof ColumnRef)) {
    throw new GraphBuildError(
      'interpolate() needs a timestamp column reference: t.interpolate(t.c.t, t.c.v)',
      site,
    );
  }
  if (names.includes(timestamp.name)) {
    throw new GraphBuildError('interpolate(): the timestamp cannot be one of the interpolated columns', site);
  }
  const exprs = [this.col(timestamp.name), toExpr(options.instance ?? null)];
  const prepared = prepareRows(this, [this], exprs, site);
  const width = this.columns.length;
  const columns = names.map((n) => this.columns.findIndex((c) => c.name === n));
  const node = planNode('interpolate', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const timeOf = quietCell(compileCell(prepared.exprs[0]!, scope));
    const instOf = quietCell(compileCell(prepared.exprs[1]!, scope));
    return ctx.add(
      new InterpolateOperator(op, {
        width,
        columns,
        meta: (key, row) => ({
          t: timeNumber(timeOf(row, key)),
          inst: instanceOf([instOf], row, key, '').inst,
        }),
      }),
      node,
    );
  });
  const cols = this.columns.map((c) =>
    names.includes(c.name) ? { name: c.name, dtype: c.dtype.isOptional ? FLOAT.optional() : FLOAT } : c,
  );
  const universe = new Universe(this.universe);
  universe.promiseEqualTo(this.universe);
  return new Table(cols, node, universe);
};
