// `t.pointerFrom(...values, { optional, instance })`: the pointer expression of Pathway's `pointer_from`.

import { POINTER } from './dtype.js';
import type { Key } from '../engine/key.js';
import { Expr, toExpr, type ExprLike } from './expression.js';

/** The options `Table.pointerFrom` takes as its last argument. */
export interface PointerFromOptions {
  /** A pointer of values one of which is None is None (Pathway's `optional=True`). */
  readonly optional?: boolean;
  /** The instance, as groupBy's and deduplicate's ids include it. */
  readonly instance?: ExprLike;
}

/** True for a plain object holding only `PointerFromOptions` keys (not a value to hash). */
function isPointerFromOptions(x: unknown): x is PointerFromOptions {
  if (typeof x !== 'object' || x === null || x instanceof Expr || Array.isArray(x)) return false;
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.every((k) => k === 'optional' || k === 'instance');
}

/** The pointer expression of `Table.pointerFrom(...args)` (a last `PointerFromOptions` argument taken as options). */
export function pointerExpr(args: readonly (ExprLike | PointerFromOptions)[]): Expr<Key> {
  const last = args[args.length - 1];
  const options: PointerFromOptions = isPointerFromOptions(last) ? last : {};
  const values = options === last ? args.slice(0, -1) : args;
  const node = {
    kind: 'pointer' as const,
    args: values.map((a) => toExpr(a)),
    ...(options.instance !== undefined ? { instance: toExpr(options.instance) } : {}),
    ...(options.optional === true ? { optional: true as const } : {}),
  };
  return new Expr<Key>(node, options.optional === true ? POINTER.optional() : POINTER);
}
