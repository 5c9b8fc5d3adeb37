// User-defined functions: `cw.udf(fn, options)` returns a function that builds UDF expressions.

import { ANY, future, type DType } from './dtype.js';
import { Expr, toExpr, type ExprLike, type ValueOf } from './expression.js';
import type { RunnableUdf } from './udf-operator.js';
import { createUdfRunner, type UdfOptions } from './udf/index.js';
import { GraphBuildError } from './errors.js';
import type { Pending } from './values/pending.js';
import { userCallSite } from './call-site.js';

/** Options of `cw.udf`: the runner's options plus the declared return type. */
export interface UdfDefinitionOptions<R> extends UdfOptions {
  /** The result's dtype (defaults to ANY). */
  returnType?: DType<R>;
  /**
   * Pathway's `fully_async_executor`: the call never holds its epoch. A row shows `cw.PENDING` in the column (typed
   * `future(returnType)`) until its call finishes, then the result, in a later epoch; `t.awaitFutures()` keeps only
   * rows with no pending cell. The run ends once every call settled.
   */
  fullyAsync?: boolean;
}

/** A UDF: call it with expressions (or constants) to get an expression. */
export type Udf<TArgs extends unknown[], R> = (<const A extends { [I in keyof TArgs]: ExprLike<TArgs[I]> }>(
  ...args: A
) => Expr<Awaited<R>>) & { readonly udf: RunnableUdf };

/**
 * Wraps a function as a UDF. Sync or async; with `maxBatchSize` the function receives arrays of argument
 * columns; `deterministic: false` (the default, as Pathway) remembers each row's result until the row is retracted.
 *
 * @example const embed = cw.udf(async (text: string) => model.embed(text), { capacity: 8, cacheStrategy: new InMemoryCache() })
 */
export function udf<TArgs extends unknown[], R>(
  fn: (...args: TArgs) => R,
  options: UdfDefinitionOptions<Awaited<R>> & { readonly fullyAsync: true },
): Udf<TArgs, Awaited<R> | Pending>;
/** A UDF (see above); with `fullyAsync: true` its cells are typed `R | Pending` until `awaitFutures()`. */
export function udf<TArgs extends unknown[], R>(
  fn: (...args: TArgs) => R,
  options?: UdfDefinitionOptions<Awaited<R>>,
): Udf<TArgs, R>;
export function udf<TArgs extends unknown[], R>(
  fn: (...args: TArgs) => R,
  options: UdfDefinitionOptions<Awaited<R>> = {},
): Udf<TArgs, R> {
  const isAsync = options.async === true || fn.constructor.name === 'AsyncFunction';
  // The runner's synchronous fast path calls every row at once: an async function, or one with a capacity,
  // must take the path that awaits each call and respects `capacity`.
  const async = options.async ?? (isAsync || options.capacity !== undefined ? true : undefined);
  const runner = createUdfRunner(fn as (...a: unknown[]) => unknown, {
    name: fn.name || 'udf',
    ...options,
    async,
  });
  const fullyAsync = options.fullyAsync === true;
  const spec: RunnableUdf = { name: runner.name, isAsync: isAsync || fullyAsync, runner, fullyAsync };
  const make = (...args: unknown[]) => {
    // Too few arguments would call the function with undefined for the rest (Pathway refuses the call).
    if (args.length < fn.length) {
      throw new GraphBuildError(
        `udf '${runner.name}' takes ${fn.length} argument(s), got ${args.length}`,
        userCallSite(),
      );
    }
    const returns = options.returnType ?? ANY;
    return new Expr<Awaited<R>>(
      { kind: 'udf', udf: spec, args: args.map((a) => toExpr(a)) },
      fullyAsync ? (future(returns) as DType<Awaited<R>>) : returns,
    );
  };
  return Object.assign(make, { udf: spec });
}

/**
 * Applies an async function cell by cell (Pathway's `apply_async`): non-deterministic, as `apply`, so each row's result
 * is remembered until the row is retracted and a retraction never calls the function again.
 */
export function applyAsync<TArgs extends readonly ExprLike[], R>(
  fn: (...args: { [I in keyof TArgs]: ValueOf<TArgs[I]> }) => Promise<R>,
  ...args: TArgs
): Expr<R> {
  return (udf(fn as any, { name: fn.name || 'applyAsync' }) as any)(...args) as Expr<R>;
}
