// `cw.reducers.*`: builds reducer expressions over the accumulators in `reducers/`.

import { ANY, FLOAT, INT, POINTER, list, type DType } from './dtype.js';
import { Expr, toExpr, type ExprLike, type ReducerLike } from './expression.js';
import type { Key } from '../engine/key.js';
import { reducers as impls } from './reducers/index.js';
import { argmaxBy, argminBy } from './reducers/arg-min-max.js';
import { makeTuple } from './expression-builders.js';
import type { ReducerImpl } from './reducers/reducer.js';
import type { CustomAccumulator, CustomAccumulatorClass, StatefulRow } from './reducers/custom.js';
import type { CollectOptions } from './reducers/collect.js';

/** A reducer inside an expression: a factory of fresh accumulator implementations. */
export interface ReducerSpec extends ReducerLike {
  /** Creates the reducer implementation (one per reduce operator). */
  make(): ReducerImpl<any, any>;
  /**
   * Takes the grouping's sort key (intervalsOver windows: the row's time), when it has one, as an extra last
   * argument (Pathway passes `sort_by` to `tuple` only).
   */
  readonly sortKey?: boolean;
}

function reducerExpr<T>(
  name: string,
  make: () => ReducerImpl<any, any>,
  args: readonly ExprLike[],
  dtype: DType,
  sortKey = false,
  skipsNones = false,
): Expr<T> {
  const spec: ReducerSpec = {
    name,
    make,
    ...(sortKey ? { sortKey } : {}),
    ...(skipsNones ? { skipsNones } : {}),
  };
  return new Expr<T>({ kind: 'reducer', reducer: spec, args: args.map((a) => toExpr(a)) }, dtype);
}

/** The dtype of a list collected from `x` (its values unoptional when Nones are left out, as Pathway types it). */
function collected(x: ExprLike, options: CollectOptions): DType {
  const d = toExpr(x).dtype;
  return list(options.skipNones === true ? d.unoptional() : d);
}

/** `argmin(x)` / `argmin(x, id)`: the winning row's id, or its `id` column's value. */
interface ArgExtreme {
  (x: ExprLike): Expr<Key>;
  <T>(x: ExprLike, id: ExprLike<T>): Expr<T>;
}

function argExtreme(name: 'argmin' | 'argmax'): ArgExtreme {
  const byKey = name === 'argmin' ? impls.argmin : impls.argmax;
  const byId = name === 'argmin' ? argminBy : argmaxBy;
  return ((x: ExprLike, id?: ExprLike) =>
    id === undefined
      ? reducerExpr(name, byKey, [x], POINTER)
      : reducerExpr(name, byId, [makeTuple(x, id)], toExpr(id).dtype)) as ArgExtreme;
}

/** Pathway's reducers, in camelCase. Each returns an expression usable only inside `reduce(...)`. */
export const reducers = {
  /** Number of rows in the group. */
  count: (): Expr<number> => reducerExpr('count', impls.count, [], INT),
  /** Sum of `x`. */
  sum: <T extends number>(x: ExprLike<T>): Expr<T> => reducerExpr('sum', impls.sum, [x], toExpr(x).dtype),
  /** Mean of `x`. */
  avg: (x: ExprLike<number>): Expr<number> => reducerExpr('avg', impls.avg, [x], FLOAT),
  /** Smallest `x`. */
  min: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('min', impls.min, [x], toExpr(x).dtype),
  /** Largest `x`. */
  max: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('max', impls.max, [x], toExpr(x).dtype),
  /** Id of the row with the smallest `x` (ties: smallest id); with `id`, that column's value instead (Pathway's `id=`). */
  argmin: argExtreme('argmin'),
  /** Id of the row with the largest `x` (ties: smallest id); with `id`, that column's value instead. */
  argmax: argExtreme('argmax'),
  /** Some value of `x` (deterministic: the row with the smallest id). */
  any: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('any', impls.any, [x], toExpr(x).dtype),
  /** The only distinct value of `x` (an error value when there are several). */
  unique: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('unique', impls.unique, [x], toExpr(x).dtype),
  /** All values of `x`, ordered by row id (in intervalsOver windows: by time, then row id). */
  tuple: <T>(x: ExprLike<T>, options: CollectOptions = {}): Expr<T[]> =>
    reducerExpr('tuple', () => impls.tuple(options), [x], collected(x, options), true, options.skipNones),
  /** All values of `x`, sorted. */
  sortedTuple: <T>(x: ExprLike<T>, options: CollectOptions = {}): Expr<T[]> =>
    reducerExpr(
      'sortedTuple',
      () => impls.sortedTuple(options),
      [x],
      collected(x, options),
      false,
      options.skipNones,
    ),
  /** Number of distinct values of `x`, or of tuples of several expressions (none: 1 for a non-empty group). */
  countDistinct: (...xs: ExprLike[]): Expr<number> =>
    reducerExpr('countDistinct', impls.countDistinct, [distinctArg(xs)], INT),
  /**
   * HyperLogLog estimate of the number of distinct values of `x` (or of tuples of several expressions), with an
   * optional `{ precision }` last.
   */
  countDistinctApproximate: (...args: (ExprLike | { precision?: number })[]): Expr<number> => {
    const last = args[args.length - 1];
    const hasOptions = isPrecisionOptions(last);
    const options = hasOptions ? (last as { precision?: number }) : {};
    const xs = hasOptions ? args.slice(0, -1) : args;
    return reducerExpr(
      'countDistinctApproximate',
      () => impls.countDistinctApproximate(options),
      [distinctArg(xs)],
      INT,
    );
  },
  /** Value of `x` in the row that arrived first. */
  earliest: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('earliest', impls.earliest, [x], toExpr(x).dtype),
  /** Value of `x` in the row that arrived last. */
  latest: <T>(x: ExprLike<T>): Expr<T> => reducerExpr('latest', impls.latest, [x], toExpr(x).dtype),
  /**
   * A user-defined reducer from an accumulator class (`fromRow`, `update`, optional `retract`, `computeResult`);
   * `{ returnType }` types its column (Pathway reads `compute_result`'s annotation), else ANY.
   */
  udfReducer:
    <TAcc extends CustomAccumulator<TAcc>>(
      Cls: CustomAccumulatorClass<TAcc>,
      options: { readonly returnType?: DType } = {},
    ) =>
    (...args: ExprLike[]): Expr<any> =>
      reducerExpr(
        (Cls as unknown as { name?: string }).name || 'udfReducer',
        () => impls.udfReducer(Cls, (Cls as unknown as { name?: string }).name),
        args,
        options.returnType ?? ANY,
      ),
  /** A stateful fold over each epoch's changes of a group: `combine(state, [[args, diff], ...])`. */
  statefulMany:
    <TState>(combine: (state: TState | undefined, rows: StatefulRow[]) => TState) =>
    (...args: ExprLike[]): Expr<TState> =>
      reducerExpr('statefulMany', () => impls.statefulMany(combine), args, ANY),
  /** A stateful fold over inserted rows: `combine(state, ...args)`. */
  statefulSingle:
    <TState>(combine: (state: TState | undefined, ...args: any[]) => TState) =>
    (...args: ExprLike[]): Expr<TState> =>
      reducerExpr('statefulSingle', () => impls.statefulSingle(combine), args, ANY),
};

/** The value counted by `countDistinct(...xs)`: the expression itself, a tuple of several, or a constant for none. */
function distinctArg(xs: readonly ExprLike[]): ExprLike {
  if (xs.length === 1) return xs[0]!;
  return xs.length === 0 ? null : makeTuple(...xs);
}

/** True for `countDistinctApproximate`'s options object (only a `precision` key). */
function isPrecisionOptions(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || v instanceof Expr || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 0 || (keys.length === 1 && keys[0] === 'precision');
}
