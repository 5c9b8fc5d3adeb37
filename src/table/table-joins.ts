// Join methods of Table (`join`, `joinInner`, `joinLeft`, `joinRight`, `joinOuter`), added to the class here so
// table.ts stays about the table itself; the lowering lives in join-tables.ts.

import { Expr } from './expression.js';
import { JoinResult } from './join.js';
import { MODE_METHODS, joinArgs, withMethodMode } from './join-args.js';
import { joinTables } from './join-tables.js';
import { rightChainJoin } from './join-chain.js';
import { Table } from './table.js';
import type { JoinArg, Nullable, Row } from './table-types.js';
import { userCallSite } from './call-site.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * Joins with the rows of another join (Pathway's `t1.join(t2.join(t3))`): conditions and later expressions may use
     * the columns of every table joined, `cw.right.x` for a column of those rows.
     */
    join<A extends Row, B extends Row>(
      other: JoinResult<A, B>,
      ...args: JoinArg<TRow, A & B>[]
    ): JoinResult<TRow, A & B>;
    /**
     * Joins with another table on equalities: `a.join(b, a.c.k.eq(b.c.k))` or `a.join(b, (l, r) => [l.k.eq(r.k)], { how: 'left' })`.
     * Without conditions it is a cross join.
     */
    join<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TRow, TOther>[]
    ): JoinResult<TRow, TOther>;
    /** Inner join with the rows of another join. */
    joinInner<A extends Row, B extends Row>(
      other: JoinResult<A, B>,
      ...args: JoinArg<TRow, A & B>[]
    ): JoinResult<TRow, A & B>;
    /** Inner join (same as `join`). */
    joinInner<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TRow, TOther>[]
    ): JoinResult<TRow, TOther>;
    /** Left join with the rows of another join. */
    joinLeft<A extends Row, B extends Row>(
      other: JoinResult<A, B>,
      ...args: JoinArg<TRow, A & B>[]
    ): JoinResult<TRow, Nullable<A & B>>;
    /** Left join: unmatched left rows are kept with nulls on the right. */
    joinLeft<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TRow, TOther>[]
    ): JoinResult<TRow, Nullable<TOther>>;
    /** Right join with the rows of another join. */
    joinRight<A extends Row, B extends Row>(
      other: JoinResult<A, B>,
      ...args: JoinArg<TRow, A & B>[]
    ): JoinResult<Nullable<TRow>, A & B>;
    /** Right join: unmatched right rows are kept with nulls on the left. */
    joinRight<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TRow, TOther>[]
    ): JoinResult<Nullable<TRow>, TOther>;
    /** Outer join with the rows of another join. */
    joinOuter<A extends Row, B extends Row>(
      other: JoinResult<A, B>,
      ...args: JoinArg<TRow, A & B>[]
    ): JoinResult<Nullable<TRow>, Nullable<A & B>>;
    /** Outer join: unmatched rows of both sides are kept with nulls on the other side. */
    joinOuter<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TRow, TOther>[]
    ): JoinResult<Nullable<TRow>, Nullable<TOther>>;
  }
}

Table.prototype.join = function (
  this: Table<any>,
  other: Table<any> | JoinResult<any, any>,
  ...args: JoinArg<any, any>[]
) {
  const site = userCallSite();
  // A join result on the right (`t1.join(t2.join(t3))`): its rows, flattened, are the right side.
  if (other instanceof JoinResult) return rightChainJoin(this, other, args, site);
  const resolved = args.map((a) =>
    typeof a === 'function' && !(a instanceof Expr) ? a(this.c, other.c) : a,
  );
  const { conditions, options } = joinArgs(resolved);
  return joinTables(this, other, conditions, options, site);
};

// `joinInner`, `joinLeft`, `joinRight`, `joinOuter`: `join` with its mode fixed.
for (const [method, how] of MODE_METHODS) {
  Table.prototype[method] = function (
    this: Table<any>,
    other: Table<any> | JoinResult<any, any>,
    ...args: JoinArg<any, any>[]
  ) {
    return this.join(other as Table<any>, ...(withMethodMode(args, how, method) as JoinArg<any, any>[]));
  } as Table<any>[typeof method];
}
