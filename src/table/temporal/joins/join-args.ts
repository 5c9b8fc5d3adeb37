// Argument handling shared by the temporal joins: conditions given as expressions, arrays or callbacks, then an
// options object (Pathway's `*on, how=..., ...` keyword arguments).

import { Expr } from '../../expression.js';
import type { ColumnsOf } from '../../columns.js';
import type { Table } from '../../table.js';

/** A condition argument of a temporal join: `cw.left.k.eq(cw.right.k)`, an array of them, or a callback. */
export type TemporalCondition<TL, TR> =
  | Expr<boolean>
  | readonly Expr<boolean>[]
  | ((left: ColumnsOf<TL>, right: ColumnsOf<TR>) => Expr<boolean> | readonly Expr<boolean>[]);

/** Splits variadic arguments into conditions and the (last) options object. */
export function temporalArgs<O extends object>(
  left: Table<any>,
  right: Table<any>,
  args: readonly unknown[],
): { conditions: Expr<boolean>[]; options: Partial<O> } {
  const conditions: Expr<boolean>[] = [];
  let options: Partial<O> = {};
  for (const a0 of args) {
    const a: unknown =
      typeof a0 === 'function' && !(a0 instanceof Expr)
        ? (a0 as (l: unknown, r: unknown) => unknown)(left.c, right.c)
        : a0;
    if (a instanceof Expr) conditions.push(a as Expr<boolean>);
    else if (Array.isArray(a)) conditions.push(...(a as Expr<boolean>[]));
    else if (typeof a === 'object' && a !== null) options = { ...options, ...(a as Partial<O>) };
  }
  return { conditions, options };
}
