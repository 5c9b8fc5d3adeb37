// The wrapper every function call in a compiled expression goes through (`.str`, `.num`, `.dt` methods, lambdas):
// error operands propagate, None operands optionally, and an exception becomes an error value at the user's line.

import { makeError } from './expressions/error-reporter.js';
import { ErrorValue } from './values/error-value.js';

/**
 * Wraps a cell function: error operands propagate, nulls propagate (optionally), exceptions become errors.
 * Wrappers for up to four arguments take them as parameters, so a call allocates nothing per row.
 */
export function wrapCall(
  fn: (...args: any[]) => unknown,
  name: string,
  propagateNone: boolean,
  site: string | undefined,
  arity = -1,
): (...args: any[]) => unknown {
  const fail = (err: unknown): ErrorValue =>
    makeError(`${name}: ${err instanceof Error ? err.message : String(err)}`, site);
  const stop = (a: unknown): boolean =>
    a instanceof ErrorValue || (propagateNone && (a === null || a === undefined));
  const early = (a: unknown): unknown => (a instanceof ErrorValue ? a : null);
  switch (arity) {
    case 0:
      return () => {
        try {
          return fn() ?? null;
        } catch (err) {
          return fail(err);
        }
      };
    case 1:
      return (a: unknown) => {
        if (stop(a)) return early(a);
        try {
          return fn(a) ?? null;
        } catch (err) {
          return fail(err);
        }
      };
    case 2:
      return (a: unknown, b: unknown) => {
        if (stop(a)) return early(a);
        if (stop(b)) return early(b);
        try {
          return fn(a, b) ?? null;
        } catch (err) {
          return fail(err);
        }
      };
    case 3:
      return (a: unknown, b: unknown, c: unknown) => {
        if (stop(a)) return early(a);
        if (stop(b)) return early(b);
        if (stop(c)) return early(c);
        try {
          return fn(a, b, c) ?? null;
        } catch (err) {
          return fail(err);
        }
      };
    case 4:
      return (a: unknown, b: unknown, c: unknown, d: unknown) => {
        if (stop(a)) return early(a);
        if (stop(b)) return early(b);
        if (stop(c)) return early(c);
        if (stop(d)) return early(d);
        try {
          return fn(a, b, c, d) ?? null;
        } catch (err) {
          return fail(err);
        }
      };
    default:
      return (...args: unknown[]): unknown => {
        for (let i = 0; i < args.length; i++) if (stop(args[i])) return early(args[i]);
        try {
          return fn(...args) ?? null;
        } catch (err) {
          return fail(err);
        }
      };
  }
}
