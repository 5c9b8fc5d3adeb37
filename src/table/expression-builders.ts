// Expression builders: literals, conditionals, null and error handling, tuples, casts and plain-function calls.

import { ANY, NONE, isSubtype, unifyDtypes, type DType } from './dtype.js';
import { GraphBuildError } from './errors.js';
import { userCallSite } from './call-site.js';
import { Expr, toExpr, tupleExpr, type ExprLike, type ValueOf } from './expression.js';
import { constDtype } from './expressions/result-dtype.js';
import { udf } from './udf.js';

/** A literal expression. */
export function lit<T>(value: T): Expr<T> {
  return new Expr<T>({ kind: 'const', value }, constDtype(value));
}

/** `cond ? then : otherwise`, evaluated lazily (the branch not taken cannot fail). */
export function ifElse<A, B>(
  cond: ExprLike<boolean>,
  then: ExprLike<A>,
  otherwise: ExprLike<B>,
): Expr<A | B> {
  const t = toExpr(then);
  const o = toExpr(otherwise);
  return new Expr<A | B>(
    { kind: 'ifElse', cond: toExpr(cond), then: t, otherwise: o },
    unifyDtypes(t.dtype, o.dtype),
  );
}

/** The first non-null argument (null when all are null). */
export function coalesce<T>(...args: ExprLike<T | null>[]): Expr<T> {
  const exprs = args.map((a) => toExpr(a));
  let d: DType = exprs[0]?.dtype ?? NONE;
  for (const e of exprs.slice(1)) d = unifyDtypes(d, e.dtype);
  const last = exprs[exprs.length - 1];
  if (last && !last.dtype.isOptional) d = d.unoptional();
  return new Expr<T>({ kind: 'coalesce', args: exprs }, d);
}

/** `value` if every other argument is non-null, else null. */
export function require<T>(value: ExprLike<T>, ...args: ExprLike[]): Expr<T | null> {
  const v = toExpr(value);
  return new Expr<T | null>(
    { kind: 'require', value: v, args: args.map((a) => toExpr(a)) },
    v.dtype.optional(),
  );
}

/** Asserts the value is not null (a null becomes an error value). */
export function unwrap<T>(value: ExprLike<T | null>): Expr<T> {
  const v = toExpr(value);
  return new Expr<T>({ kind: 'unary', op: 'unwrap', arg: v }, v.dtype.unoptional());
}

/** Replaces an error value with `replacement`. */
export function fillError<T, U>(value: ExprLike<T>, replacement: ExprLike<U>): Expr<T | U> {
  const v = toExpr(value);
  const r = toExpr(replacement);
  return new Expr<T | U>({ kind: 'fillError', arg: v, replacement: r }, unifyDtypes(v.dtype, r.dtype));
}

/** A tuple of several values. */
export function makeTuple<const TArgs extends readonly ExprLike[]>(
  ...args: TArgs
): Expr<{ -readonly [I in keyof TArgs]: ValueOf<TArgs[I]> }> {
  return tupleExpr(args) as Expr<{ -readonly [I in keyof TArgs]: ValueOf<TArgs[I]> }>;
}

/** Converts a value to another dtype: `cast(FLOAT, cw.this.x)`. */
export function cast<U>(to: DType<U>, value: ExprLike): Expr<U> {
  return toExpr(value).cast(to);
}

/**
 * Declares another dtype for a value without converting it (Pathway's `declare_type`): `declareType(cw.INT, t.c.val)`
 * after a filter kept only integral floats. Nothing is checked: a value that does not fit stays as it is.
 */
export function declareType<U>(to: DType<U>, value: ExprLike): Expr<U> {
  const arg = toExpr(value);
  checkTypeChange(arg.dtype, to, 'cw.declareType()', userCallSite());
  return new Expr<U>({ kind: 'cast', arg, to, declared: true }, to);
}

/**
 * Refuses declaring `to` for values of dtype `from` unless one is a subtype of the other (narrowing, as FLOAT to INT,
 * or extending, as INT to Optional(INT)), as Pathway's `declare_type` and `update_types` do.
 */
export function checkTypeChange(from: DType, to: DType, what: string, site: string | undefined): void {
  if (isSubtype(from, to) || isSubtype(to, from)) return;
  throw new GraphBuildError(
    `cannot change type from ${String(from)} to ${String(to)}: ${what} only narrows or extends a type; ` +
      'convert values with cast() or castToTypes()',
    site,
  );
}

/**
 * Applies a plain function cell by cell (Pathway's `pw.apply`, a non-deterministic UDF: each row's result is
 * remembered until the row is retracted, so a retraction never calls the function again). Throwing makes the cell
 * an error value. For functions known to be pure, `cw.udf(fn, { deterministic: true })` keeps no memo.
 */
export function apply<TArgs extends readonly ExprLike[], R>(
  fn: (...args: { [I in keyof TArgs]: ValueOf<TArgs[I]> }) => R,
  ...args: TArgs
): Expr<R> {
  return applyWithType(fn, ANY as DType<R>, ...args);
}

/** Like `apply`, with a declared result dtype. */
export function applyWithType<TArgs extends readonly ExprLike[], R>(
  fn: (...args: { [I in keyof TArgs]: ValueOf<TArgs[I]> }) => R,
  dtype: DType<R>,
  ...args: TArgs
): Expr<R> {
  const u = udf(fn as (...a: unknown[]) => R, {
    name: fn.name || 'apply',
    returnType: dtype as DType<Awaited<R>>,
  });
  return (u as unknown as (...a: readonly ExprLike[]) => Expr<R>)(...args);
}
