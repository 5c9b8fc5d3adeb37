// Argument handling shared by the temporal joins: conditions given as expressions, arrays or callbacks, then an
// options object (Pathway's `*on, how=..., ...` keyword arguments).

import { Expr } from '../../expression.js';
import type { ColumnsOf } from '../../columns.js';
import type { Table } from '../../table.js';
import { GraphBuildError } from '../../errors.js';
import type { JoinMode } from '../../join.js';

/** A condition argument of a temporal join: `cw.left.k.eq(cw.right.k)`, an array of them, or a callback. */
export type TemporalCondition<TL, TR> =
  | Expr<boolean>
  | readonly Expr<boolean>[]
  | ((left: ColumnsOf<TL>, right: ColumnsOf<TR>) => Expr<boolean> | readonly Expr<boolean>[]);

/** Pathway's `left_instance` / `right_instance`: rows are joined only within equal instances. */
export interface InstanceOptions {
  /** Instance of a left row (with `rightInstance`). */
  leftInstance?: Expr;
  /** Instance of a right row (with `leftInstance`). */
  rightInstance?: Expr;
}

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
  // Pathway's `left_instance` / `right_instance`: one more equality condition.
  const { leftInstance, rightInstance } = options as InstanceOptions;
  if ((leftInstance === undefined) !== (rightInstance === undefined)) {
    throw new GraphBuildError('give both leftInstance and rightInstance, or neither');
  }
  if (leftInstance !== undefined && rightInstance !== undefined)
    conditions.push(leftInstance.eq(rightInstance));
  return { conditions, options };
}

/** Throws unless the two sides are distinct tables (joining a table with itself needs a copy). */
export function rejectSelfJoin(
  left: Table<any>,
  right: Table<any>,
  what: string,
  site: string | undefined,
): void {
  if ((left as unknown) === right) {
    throw new GraphBuildError(`${what}: a table cannot be joined with itself; join it with a copy`, site);
  }
}

/** The join mode: the entry point's (`intervalJoinLeft`), else the options' `how`, else `fallback`; checked. */
export function joinModeOf(
  forced: JoinMode | undefined,
  given: JoinMode | undefined,
  fallback: JoinMode,
  what: string,
  site: string | undefined,
  hint = '',
): JoinMode {
  const how = forced ?? given ?? fallback;
  if (!['inner', 'left', 'right', 'outer'].includes(how)) {
    throw new GraphBuildError(`${what}: unknown how "${String(how)}"${hint}`, site);
  }
  return how;
}
