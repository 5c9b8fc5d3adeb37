// Output rows of a grouped reduction, generated once per reduction: the direct assembly of a row from group values and
// reducer results, the row rebuilt from results remembered in the state, and the spec of a count-only reduction.

import type { ReduceSpec } from '../engine/reduce.js';
import { keyFromValues, type Key } from '../engine/key.js';
import type { ReducerImpl } from './reducers/reducer.js';

/**
 * The spec of a reduction whose outputs are group columns and `count()`s: a group's state is its one group value
 * (or the array of them), and its row is built from that and the engine's count, e.g. `[s, c]` for `{ word, n }`.
 * `keyOfValues`: the output key is the hash of the group values (no `id` given), so it is made from the state when
 * first read.
 */
export function countOnlySpec(
  direct: readonly number[],
  nVals: number,
  valuesOf: (row: unknown[], key: Key) => unknown[],
  general: ReduceSpec<unknown[], unknown[], unknown[]>,
  keyOfValues: boolean,
): ReduceSpec<unknown[], unknown, unknown[]> {
  const cells = direct.map((d) => (d < 0 ? 'c' : nVals === 1 ? 's' : `s[${d}]`));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation, as for expressions
  const rowOf = new Function('s', 'k', 'c', `return [${cells.join(', ')}];`) as (
    state: unknown,
    outKey: Key,
    count: number,
  ) => unknown[];
  const spec: ReduceSpec<unknown[], unknown, unknown[]> = {
    groupOf: general.groupOf,
    outputKey: general.outputKey,
    create: (_g, key, row) => (nVals === 1 ? valuesOf(row, key)[0] : valuesOf(row, key)),
    result: (state, _g, outKey, count) => rowOf(state, outKey, count),
    rowOfCount: rowOf,
    rowOfCountReadsNoKey: true,
    // Group values are immutable cells, shared as in the general layout.
    snapshotState: (state) => state,
    restoreState: (saved) => saved,
  };
  if (general.uniqueOutputKeys !== undefined) spec.uniqueOutputKeys = general.uniqueOutputKeys;
  // `general.outputKey` is then keyFromValues(values), and the state is those values.
  if (keyOfValues)
    spec.outputKeyOfState = (state) => keyFromValues(nVals === 1 ? [state] : (state as unknown[]));
  // One group column: its value is the group itself (groupOf hashes only values that are not primitives).
  if (nVals === 1) spec.groupStates = true;
  // A row holding the count differs whenever the count does (the only time the engine compares rows).
  if (direct.some((d) => d < 0)) spec.equals = neverEqual;
  return spec;
}

const neverEqual = (): boolean => false;

/** Generates the function assembling a reduce output row from group values and reducer results. */
export function compileDirect(
  direct: readonly number[],
  isCount: readonly boolean[],
  nVals: number,
  impls: readonly ReducerImpl<any, any>[],
): (state: unknown[], count: number) => unknown[] {
  const cells = direct.map((d) => {
    if (d >= 0) return `s[${d}]`;
    const i = -1 - d;
    return isCount[i] ? 'c' : `R[${i}].result(s[${nVals + i}])`;
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation, as for expressions
  return new Function('R', `return function directRow(s, c) { return [${cells.join(', ')}]; };`)(impls) as (
    state: unknown[],
    count: number,
  ) => unknown[];
}

/** Generated functions rebuilding a direct output row from the reducer results remembered in the state. */
export function compileLastRow(
  direct: readonly number[],
  lastAt: number,
): { build(state: unknown[]): unknown[]; remember(state: unknown[], row: readonly unknown[]): void } {
  const cells = direct.map((d) => (d >= 0 ? `s[${d}]` : `s[${lastAt - 1 - d}]`));
  const stores = direct.flatMap((d, p) => (d >= 0 ? [] : [`s[${lastAt - 1 - d}] = r[${p}];`]));
  /* eslint-disable @typescript-eslint/no-implied-eval -- code generation, as for expressions */
  const build = new Function('s', `return [${cells.join(', ')}];`) as (state: unknown[]) => unknown[];
  const remember = new Function('s', 'r', stores.join(' ')) as (
    state: unknown[],
    row: readonly unknown[],
  ) => void;
  /* eslint-enable @typescript-eslint/no-implied-eval */
  return { build, remember };
}
