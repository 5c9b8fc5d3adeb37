// Row types of the Table API: what methods accept and the row types they produce.

import type { Key } from '../engine/key.js';
import type { ColumnsOf } from './columns.js';
import type { ColumnRef, Expr, ValueOf } from './expression.js';
import type { JoinOptions } from './join.js';

/** Rows are records of column values. */
export type Row = Record<string, unknown>;

/** A row as lambdas see it: the columns plus `id`. */
export type RowWithId<TRow> = TRow & { readonly id: Key };

/** An array of expressions and constants: a tuple of them (`[cw.this.a, 2]`, as a Python tuple in Pathway). */
export type TupleSpec = readonly (Expr<any> | string | number | boolean | null | TupleSpec)[];

/** What `select`/`withColumns` accept for one output column. */
export type ColumnSpec<TRow> =
  Expr<any> | ((row: RowWithId<TRow>) => unknown) | string | number | boolean | null | TupleSpec;

/** The row type produced by a column map. */
export type RowFromSpecs<M> = {
  -readonly [K in keyof M]: Widen<M[K] extends (row: any) => infer R ? R : ValueOf<M[K]>>;
};

/** Literal types of constants widened to their base type (`select({ k: 5 })` has `k: number`). */
export type Widen<T> = T extends string
  ? string extends T
    ? T
    : string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T;

/** A column given by reference or by name. */
export type ColumnPick<TRow> = ColumnRef<any, string> | (keyof TRow & string);

/** The row type produced by picking columns. */
export type RowFromPicks<TRow, P extends readonly ColumnPick<TRow>[]> = {
  -readonly [E in P[number] as E extends ColumnRef<any, infer N> ? N : E & string]: E extends ColumnRef<
    infer T,
    any
  >
    ? T
    : E extends keyof TRow
      ? TRow[E]
      : never;
};

/** A join argument: a condition, a list of conditions, a callback building them, or options. */
export type JoinArg<TL, TR> =
  | Expr<boolean>
  | readonly Expr<boolean>[]
  | ((left: ColumnsOf<TL>, right: ColumnsOf<TR>) => Expr<boolean> | readonly Expr<boolean>[])
  | JoinOptions;

/** Every column may be null (the padded side of an outer join). */
export type Nullable<TRow> = { [K in keyof TRow]: TRow[K] | null };
