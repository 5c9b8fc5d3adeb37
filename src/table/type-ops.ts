// Column types and errors: `castToTypes` converts values, `updateTypes` only declares types, `typehints` / `evalType`
// tell types, `removeErrors` drops rows holding an error value in any cell.

import { FilterOperator } from '../engine/linear-operators.js';
import { DType, type TypeOf } from './dtype.js';
import { Expr, toExpr, type ExprLike } from './expression.js';
import { checkTypeChange } from './expression-builders.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { validateRefs } from './validate-refs.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { markFiltered, markSame } from './append-only.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';

/** Column name -> new dtype. */
export type TypeMap<TRow> = { [K in keyof TRow]?: DType };

/** The row type after changing some columns' types. */
export type RowWithTypes<TRow, M> = { [K in keyof TRow]: K extends keyof M ? TypeOf<M[K]> : TRow[K] };

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * Converts columns to other types: `t.castToTypes({ age: cw.FLOAT })`. A value that cannot be converted
     * becomes an error value (the run stops on it unless `terminateOnError: false`).
     */
    castToTypes<const M extends TypeMap<TRow>>(types: M): Table<RowWithTypes<TRow, M>>;
    /** Declares other column types without touching the values (narrowing or widening, e.g. to Optional). */
    updateTypes<const M extends TypeMap<TRow>>(types: M): Table<RowWithTypes<TRow, M>>;
    /** Drops every row that holds an error value in some cell. */
    removeErrors(): Table<TRow>;
    /** Each column's dtype by name (Pathway's `typehints()`): `t.typehints().age` is `cw.INT`. */
    typehints(): { [K in keyof TRow & string]: DType<TRow[K]> };
    /** The dtype an expression has over this table's rows (Pathway's `eval_type`): `t.evalType(t.c.age.add(0.5))`. */
    evalType(expression: ExprLike): DType;
  }
}

function checkNames(table: Table<any>, types: object, what: string, site: string | undefined): void {
  const names = table.columnNames();
  for (const n of Object.keys(types)) {
    if (!names.includes(n))
      throw new GraphBuildError(`${what}(): no column "${n}"; available columns: ${names.join(', ')}`, site);
    const d: unknown = (types as Record<string, unknown>)[n];
    if (d !== undefined && !(d instanceof DType)) {
      throw new GraphBuildError(
        `${what}(): the type of "${n}" must be a dtype such as cw.INT or cw.STR.optional(), got ${JSON.stringify(d)}`,
        site,
      );
    }
  }
}

Table.prototype.castToTypes = function (this: Table<any>, types: TypeMap<any>): Table<any> {
  const site = userCallSite();
  checkNames(this, types, 'castToTypes', site);
  const named: Record<string, Expr> = {};
  for (const c of this.columns) {
    const to = (types as Record<string, DType | undefined>)[c.name];
    const ref = this.col(c.name);
    named[c.name] =
      to === undefined
        ? ref
        : new Expr({ kind: 'cast', arg: ref, to }, c.dtype.isOptional ? to.optional() : to);
  }
  return this.select(named);
};

Table.prototype.updateTypes = function (this: Table<any>, types: TypeMap<any>): Table<any> {
  const site = userCallSite();
  checkNames(this, types, 'updateTypes', site);
  for (const c of this.columns) {
    const to = (types as Record<string, DType | undefined>)[c.name];
    if (to !== undefined) checkTypeChange(c.dtype, to, `updateTypes() of column "${c.name}"`, site);
  }
  const out = new Table(
    this.columns.map((c) => ({
      name: c.name,
      dtype: (types as Record<string, DType | undefined>)[c.name] ?? c.dtype,
    })),
    this.node,
    this.universe,
  );
  return markSame(out, this);
};

Table.prototype.removeErrors = function <TRow extends Row>(this: Table<TRow>): Table<TRow> {
  const site = userCallSite();
  const node = planNode('removeErrors', [this.node], site, (ctx, ops) =>
    ctx.add(
      new FilterOperator<unknown[]>(ops[0]!, (row) => {
        for (let i = 0; i < row.length; i++) if (row[i] instanceof ErrorValue) return false;
        return true;
      }),
      node,
    ),
  );
  // Pathway's rule: the rows kept depend on the ids only, not on the cells tested.
  return markFiltered(new Table<TRow>(this.columns, node, new Universe(this.universe)), this, []);
};

Table.prototype.typehints = function (this: Table<any>): Record<string, DType> {
  return Object.fromEntries(this.columns.map((c) => [c.name, c.dtype]));
};

Table.prototype.evalType = function (this: Table<any>, expression: ExprLike): DType {
  const site = userCallSite();
  const e = toExpr(expression);
  validateRefs(
    [e],
    [{ table: this, aliases: ['this'], columns: this.columnNames(), offset: 0, idPosition: 'key' }],
    site,
  );
  return resolveDtypes(e, tableResolver([this], { this: this })).dtype;
};
