// User-defined reducers: accumulator classes (Pathway's BaseCustomAccumulator / udf_reducer) and
// stateful folds (stateful_many / stateful_single).

import type { Key } from '../../engine/key.js';
import { ErrorValue } from '../values/error-value.js';
import { compareKeys } from './compare.js';
import { compareValues } from '../values/compare.js';
import { findError, groupError, noteError, restoreErrors, snapshotErrors } from './error-tracker.js';
import type { ErrorSnapshot, ErrorState } from './error-tracker.js';
import type { ReducerImpl } from './reducer.js';
import { keyFromValues } from '../../engine/key.js';

/** An instance of a user accumulator (Pathway's `BaseCustomAccumulator`). */
export interface CustomAccumulator<TSelf> {
  /** Merges another accumulator (made from one row) into this one. */
  update(other: TSelf): void;
  /** Removes another accumulator's contribution; optional, without it groups are recomputed on retraction. */
  retract?(other: TSelf): void;
  /** The reducer's value. */
  computeResult(): unknown;
  /**
   * Checkpoint of this accumulator as plain data; optional. Without it the accumulator's own fields are
   * copied with `structuredClone` (so they must be structured-cloneable: no functions, no `#private` fields).
   */
  snapshot?(): unknown;
}

/** A user accumulator class: `static fromRow(row)` builds an accumulator from one row's arguments. */
export interface CustomAccumulatorClass<TAcc extends CustomAccumulator<TAcc>> {
  /** Accumulator of a single row. */
  fromRow(row: unknown[]): TAcc;
  /** Accumulator of the empty group; lets a retraction arrive before any insertion. */
  neutral?(): TAcc;
  /**
   * The value to order one step's rows of a group by before they are folded (Pathway's `sort_by`); optional. Without
   * it the order of rows within a step is unspecified; with it, rows are folded by this value (insertions before
   * retractions of an equal value), and a group rebuilt after a retraction folds its rows in this order too.
   */
  sortBy?(row: unknown[]): unknown;
  /**
   * Rebuilds an accumulator from its `snapshot()`; optional. Without it the saved fields are copied onto a
   * new object with the class's prototype (the constructor is not called).
   */
  restore?(saved: unknown): TAcc;
}

/** One stored row of a group (for recomputation when the accumulator cannot retract). */
interface StoredRow {
  key: Key;
  args: unknown[];
  count: number;
}

/** Accumulator state of a `udfReducer` group. */
export interface UdfState<TAcc> extends ErrorState {
  /** The user accumulator of the present rows; undefined when stale or empty. */
  acc: TAcc | undefined;
  /** Net row count. */
  n: number;
  /** Rows by (key, args) identity, kept only when the class has no `retract`. */
  rows: Map<string, StoredRow> | null;
  /** True when `acc` must be rebuilt from `rows` (after a retraction). */
  stale: boolean;
  /** This step's changes not folded yet, kept only when the class has `sortBy` (folded in order at `result`). */
  pending: [args: unknown[], diff: number][] | null;
  /** An exception thrown by user code, reported until the group can be recomputed. */
  failure: ErrorValue | null;
}

/** Checkpoint of a `udfReducer` group. */
export interface UdfSnapshot extends ErrorSnapshot {
  /** The user accumulator's checkpoint, or null when the group has none. */
  acc: { saved: unknown } | null;
  n: number;
  /** Stored rows `[key, args, count]`, or null when the class can retract. */
  rows: [key: Key, args: unknown[], count: number][] | null;
  stale: boolean;
  /** Changes not folded yet (empty between steps), or null when the class has no `sortBy`. */
  pending?: [args: unknown[], diff: number][] | null;
  /** Message of the user code's failure, or null. */
  failure: string | null;
}

/** Checkpoint of a `statefulMany` / `statefulSingle` group. */
export interface StatefulSnapshot extends ErrorSnapshot {
  /** A structured clone of the folded state, or null before the first batch. */
  state: { saved: unknown } | null;
  /** Changes not yet folded (empty between epochs). */
  pending: StatefulRow[];
  /** Message of the fold's failure, or null. */
  failure: string | null;
}

/** A deep copy of user state, with a message saying what to do when it cannot be copied. */
function cloneUserState(name: string, state: unknown, hint: string): unknown {
  try {
    return structuredClone(state);
  } catch (e) {
    throw new Error(
      `${name}: cannot checkpoint the reducer's state (${e instanceof Error ? e.message : String(e)}); ${hint}`,
    );
  }
}

function failureOf(name: string, e: unknown): ErrorValue {
  return new ErrorValue(`${name}: user accumulator threw: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * `udfReducer(Cls)`: a reducer from a user accumulator class. args: the row's argument values, passed
 * to `Cls.fromRow(args)` as an array.
 * Algorithm: insertions fold `fromRow(args)` into the group accumulator with `update`. Retractions call
 * `retract` when the class has it; otherwise the group keeps its rows and is rebuilt, in row-key order,
 * at the next `result` after a retraction. `update` should be commutative for results to be independent
 * of arrival order (as in Pathway), unless the class has a static `sortBy`: a step's changes then wait until
 * `result` and are folded ordered by it (insertions first among equal values), and a rebuild folds by it too.
 * Checkpoints: the accumulator's `snapshot()` and the class's static `restore()` when given, else its own
 * fields are structured-cloned onto a new object of the class's prototype.
 */
export function udfReducer<TAcc extends CustomAccumulator<TAcc>>(
  Cls: CustomAccumulatorClass<TAcc>,
  name = 'udfReducer',
): ReducerImpl<UdfState<TAcc>, unknown> {
  const proto = (Cls as unknown as { prototype?: { retract?: unknown } }).prototype;
  const canRetract = typeof proto?.retract === 'function';
  const sortBy = Cls.sortBy?.bind(Cls);
  const fold = (state: UdfState<TAcc>, args: unknown[]): void => {
    const one = Cls.fromRow(args);
    if (state.acc === undefined) state.acc = one;
    else state.acc.update(one);
  };
  const retractOne = (state: UdfState<TAcc>, args: unknown[]): void => {
    if (state.acc === undefined) {
      if (Cls.neutral === undefined) {
        throw new Error(
          `${name}: a retraction arrived for an empty group; give the accumulator class a static neutral()`,
        );
      }
      state.acc = Cls.neutral();
    }
    state.acc.retract!(Cls.fromRow(args));
  };
  const rebuild = (state: UdfState<TAcc>): void => {
    state.acc = undefined;
    state.failure = null;
    const rows = [...state.rows!.values()].filter((r) => r.count > 0);
    try {
      if (sortBy === undefined) rows.sort((a, b) => compareKeys(a.key, b.key));
      else {
        const by = new Map(rows.map((r) => [r, sortBy(r.args)]));
        rows.sort((a, b) => compareValues(by.get(a), by.get(b)) || compareKeys(a.key, b.key));
      }
      for (const r of rows) for (let i = 0; i < r.count; i++) fold(state, r.args);
    } catch (e) {
      state.failure = failureOf(name, e);
    }
    state.stale = false;
  };
  // Folds the step's pending changes ordered by `sortBy` (insertions first among equal values), as Pathway does.
  const foldPending = (state: UdfState<TAcc>): void => {
    const pending = state.pending!;
    state.pending = [];
    if (state.stale || state.failure !== null) return;
    try {
      const by = pending.map(([args]) => sortBy!(args));
      const order = pending.map((_, i) => i);
      order.sort(
        (a, b) => compareValues(by[a], by[b]) || (pending[a]![1] < 0 ? 1 : 0) - (pending[b]![1] < 0 ? 1 : 0),
      );
      for (const i of order) {
        const [args, diff] = pending[i]!;
        if (diff > 0) for (let k = 0; k < diff; k++) fold(state, args);
        else for (let k = 0; k < -diff; k++) retractOne(state, args);
      }
    } catch (e) {
      state.failure = failureOf(name, e);
    }
  };
  const saveAcc = (acc: TAcc): unknown =>
    typeof acc.snapshot === 'function'
      ? acc.snapshot()
      : cloneUserState(
          name,
          acc,
          'keep plain data in the accumulator, or give it snapshot() and a static restore()',
        );
  const loadAcc = (saved: unknown): TAcc => {
    if (Cls.restore !== undefined) return Cls.restore(saved);
    const proto = (Cls as unknown as { prototype: object }).prototype;
    return Object.assign(Object.create(proto) as TAcc, structuredClone(saved));
  };
  return {
    name,
    create: () => ({
      acc: undefined,
      n: 0,
      rows: canRetract ? null : new Map(),
      stale: false,
      pending: sortBy === undefined ? null : [],
      failure: null,
      errorCount: 0,
      lastError: null,
    }),
    update(state, args, key, diff) {
      const err = findError(args);
      if (err !== null) {
        noteError(state, err, diff);
        return state;
      }
      const row = args as unknown[];
      state.n += diff;
      if (state.rows !== null) {
        const token = key + keyFromValues(row);
        const stored = state.rows.get(token);
        if (stored === undefined) state.rows.set(token, { key, args: row.slice(), count: diff });
        else if ((stored.count += diff) === 0) state.rows.delete(token);
        if (diff < 0 || state.stale) state.stale = true;
        else if (state.pending !== null) state.pending.push([row.slice(), diff]);
        else if (state.failure === null) {
          try {
            for (let i = 0; i < diff; i++) fold(state, row);
          } catch (e) {
            state.failure = failureOf(name, e);
          }
        }
        return state;
      }
      // No reset when the count passes 0: within a step a row's retraction may come before its insertion, so the
      // other rows are still in the accumulator. A group empty at the end of a step is dropped by the engine, state
      // and failure with it.
      if (state.failure !== null) return state;
      if (state.pending !== null) {
        state.pending.push([row.slice(), diff]);
        return state;
      }
      try {
        if (diff > 0) for (let i = 0; i < diff; i++) fold(state, row);
        else for (let i = 0; i < -diff; i++) retractOne(state, row);
      } catch (e) {
        state.failure = failureOf(name, e);
      }
      return state;
    },
    result(state) {
      const err = groupError(state);
      if (state.pending !== null && state.pending.length > 0) foldPending(state);
      if (err !== null) return err;
      if (state.stale) rebuild(state);
      if (state.failure !== null) return state.failure;
      if (state.acc === undefined) {
        throw new Error(`${name}: result() asked of an empty group; the table layer must drop empty groups`);
      }
      try {
        return state.acc.computeResult();
      } catch (e) {
        return failureOf(name, e);
      }
    },
    snapshot(state): UdfSnapshot {
      return {
        ...snapshotErrors(state),
        acc: state.acc === undefined ? null : { saved: saveAcc(state.acc) },
        n: state.n,
        rows:
          state.rows === null ? null : [...state.rows.values()].map((r) => [r.key, r.args.slice(), r.count]),
        stale: state.stale,
        pending:
          state.pending === null ? null : state.pending.map(([a, d]): [unknown[], number] => [a.slice(), d]),
        failure: state.failure === null ? null : state.failure.message,
      };
    },
    restore(saved) {
      const s = saved as UdfSnapshot;
      let rows: Map<string, StoredRow> | null = null;
      if (s.rows !== null) {
        rows = new Map();
        for (const [key, args, count] of s.rows)
          rows.set(key + keyFromValues(args), { key, args: args.slice(), count });
      }
      return {
        acc: s.acc === null ? undefined : loadAcc(s.acc.saved),
        n: s.n,
        rows,
        stale: s.stale,
        pending:
          sortBy === undefined
            ? null
            : (s.pending ?? []).map(([a, d]): [unknown[], number] => [a.slice(), d]),
        failure: s.failure === null ? null : new ErrorValue(s.failure),
        ...restoreErrors(s),
      };
    },
  };
}

/** One change given to a stateful fold: the row's argument values and its multiplicity. */
export type StatefulRow = [args: unknown[], diff: number];

/** Accumulator of `statefulMany`. */
export interface StatefulState<TState> extends ErrorState {
  /** The folded state; undefined before the first batch. */
  state: TState | undefined;
  /** Changes since the last `result` (this epoch's batch). */
  pending: StatefulRow[];
  /** An exception thrown by the fold, reported until the next successful batch. */
  failure: ErrorValue | null;
}

/**
 * `statefulMany(combine)`: a stateful fold; at each epoch in which the group changed, `combine(state,
 * rows)` receives the epoch's changes `[args, diff][]` and returns the new state, which is the result
 * (Pathway's `pw.reducers.stateful_many`). args: the values passed to `combine` as `args`.
 * Rows with an ErrorValue argument are not given to `combine`; they make the result an error until retracted.
 * Checkpoints copy the state with `structuredClone`: keep it plain data (no functions; class instances come
 * back as plain objects).
 */
export function statefulMany<TState>(
  combine: (state: TState | undefined, rows: StatefulRow[]) => TState,
  name = 'statefulMany',
): ReducerImpl<StatefulState<TState>, TState | ErrorValue> {
  return {
    name,
    create: () => ({ state: undefined, pending: [], failure: null, errorCount: 0, lastError: null }),
    update(acc, args, _key, diff) {
      const err = findError(args);
      if (err !== null) noteError(acc, err, diff);
      else acc.pending.push([args.slice(), diff]);
      return acc;
    },
    result(acc) {
      if (acc.pending.length > 0) {
        const rows = acc.pending;
        acc.pending = [];
        try {
          acc.state = combine(acc.state, rows);
          acc.failure = null;
        } catch (e) {
          acc.failure = new ErrorValue(
            `${name}: combine threw: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      const err = groupError(acc);
      if (err !== null) return err;
      if (acc.failure !== null) return acc.failure;
      return acc.state as TState;
    },
    snapshot(acc): StatefulSnapshot {
      const hint = 'the state returned by combine must be structured-cloneable (plain data, no functions)';
      return {
        ...snapshotErrors(acc),
        state: acc.state === undefined ? null : { saved: cloneUserState(name, acc.state, hint) },
        pending: acc.pending.map(([args, diff]): StatefulRow => [args.slice(), diff]),
        failure: acc.failure === null ? null : acc.failure.message,
      };
    },
    restore(saved) {
      const s = saved as StatefulSnapshot;
      return {
        state: s.state === null ? undefined : (structuredClone(s.state.saved) as TState),
        pending: s.pending.map(([args, diff]): StatefulRow => [args.slice(), diff]),
        failure: s.failure === null ? null : new ErrorValue(s.failure),
        ...restoreErrors(s),
      };
    },
  };
}

/**
 * `statefulSingle(combine)`: a stateful fold called once per inserted row as `combine(state, ...args)`
 * (Pathway's `pw.reducers.stateful_single`). Insert-only: a retraction makes the result an ErrorValue.
 */
export function statefulSingle<TState>(
  combine: (state: TState | undefined, ...args: unknown[]) => TState,
): ReducerImpl<StatefulState<TState>, TState | ErrorValue> {
  return statefulMany<TState>((state, rows) => {
    for (const [args, diff] of rows) {
      if (diff < 0) {
        throw new Error('statefulSingle accepts insertions only; use statefulMany to handle retractions');
      }
      for (let i = 0; i < diff; i++) state = combine(state, ...args);
    }
    return state as TState;
  }, 'statefulSingle');
}
