// Shared builder of the namespaces (`.str`, `.num`, `.dt`, `.json`): a `call` node over a library function,
// with the receiver first and arguments that may be expressions or constants.

import type { DType } from '../dtype.js';
import { Expr, toExpr, type ExprLike } from '../expression.js';

/** Options of `callNode`. */
export interface CallNodeOptions {
  /**
   * How None is handled: 'all' (default) makes the result None when any argument is None; 'receiver' only
   * when the receiver is (later None arguments mean "use the default", like Python's `find(sub, None, None)`);
   * 'none' passes None through to `fn`.
   */
  readonly none?: 'all' | 'receiver' | 'none';
}

/**
 * A call node `name(receiver, ...args)` of result `dtype`. Trailing `undefined` arguments are left out, so the
 * library function sees its own defaults.
 */
export function callNode<R>(
  name: string,
  fn: (...args: any[]) => unknown,
  dtype: DType,
  receiver: Expr<any>,
  args: readonly (ExprLike | undefined)[] = [],
  options: CallNodeOptions = {},
): Expr<R> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const exprs: Expr[] = [receiver];
  for (let i = 0; i < n; i++) exprs.push(toExpr(args[i] ?? null));
  const none = options.none ?? 'all';
  const f = none === 'receiver' ? receiverNone(fn, exprs.length) : fn;
  // None passed through makes the result optional too (a NOT NULL column for it would refuse the None).
  const passes = none === 'all' ? exprs : none === 'receiver' ? [receiver] : [];
  const out = dtype.name !== 'ANY' && passes.some((e) => mayBeNone(e.dtype)) ? dtype.optional() : dtype;
  return new Expr<R>(
    { kind: 'call', call: { name, fn: f, propagateNone: none === 'all' }, args: exprs },
    out,
  );
}

/** Whether a cell of this dtype may be None. */
function mayBeNone(d: DType): boolean {
  return d.isOptional || d.name === 'NONE';
}

/** Wraps `fn` so that a None receiver gives None and None arguments reach `fn` as `undefined` (its default). */
function receiverNone(fn: (...args: any[]) => unknown, arity: number): (...args: any[]) => unknown {
  const u = (v: unknown): unknown => (v === null ? undefined : v);
  switch (arity) {
    case 1:
      return (s: unknown) => (s === null || s === undefined ? null : fn(s));
    case 2:
      return (s: unknown, a: unknown) => (s === null || s === undefined ? null : fn(s, u(a)));
    case 3:
      return (s: unknown, a: unknown, b: unknown) =>
        s === null || s === undefined ? null : fn(s, u(a), u(b));
    case 4:
      return (s: unknown, a: unknown, b: unknown, c: unknown) =>
        s === null || s === undefined ? null : fn(s, u(a), u(b), u(c));
    default:
      return (s: unknown, ...rest: unknown[]) =>
        s === null || s === undefined ? null : fn(s, ...rest.map(u));
  }
}
