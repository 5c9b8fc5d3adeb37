// The arguments of the join methods (`join`, `joinInner`, `joinLeft`, ... on tables and on join results): the
// conditions and the options object, and a method's own `how`.

import { Expr } from './expression.js';
import { GraphBuildError } from './errors.js';
import type { JoinMode, JoinOptions } from './join.js';
import { userCallSite } from './call-site.js';

/** The join methods with their mode fixed, and that mode (on tables and on join results). */
export const MODE_METHODS = [
  ['joinInner', 'inner'],
  ['joinLeft', 'left'],
  ['joinRight', 'right'],
  ['joinOuter', 'outer'],
] as const;

/**
 * The arguments of `joinLeft(other, ...args)` & co. (on tables and on join results) for `join`: `args` with their
 * options' `how` set to the method's own; a `how` other than it is refused.
 */
export function withMethodMode(args: readonly unknown[], how: JoinMode, method: string): unknown[] {
  const { options } = joinArgs(args);
  if (options.how !== undefined && options.how !== how) {
    throw new GraphBuildError(
      `${method}() is a ${how} join and cannot take { how: '${String(options.how)}' }; use join(other, ..., { how })`,
      userCallSite(),
    );
  }
  return [...args, { ...options, how }];
}

/** Adds join methods' shared argument handling. */
export function joinArgs(args: readonly unknown[]): { conditions: Expr<boolean>[]; options: JoinOptions } {
  const conditions: Expr<boolean>[] = [];
  let options: JoinOptions = {};
  for (const a of args) {
    if (a instanceof Expr) conditions.push(a as Expr<boolean>);
    else if (Array.isArray(a)) conditions.push(...(a as Expr<boolean>[]));
    else if (typeof a === 'object' && a !== null) options = a;
  }
  return { conditions, options };
}
