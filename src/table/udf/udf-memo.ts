// Pathway's non-determinism semantics for UDFs: the result computed for a row is remembered until the row is
// retracted, so the retraction carries exactly the value that was inserted and never calls the function again.
//
// Algorithm: entries are keyed by (row key, hash of the argument values); insertion looks up (`recall`) and
// otherwise computes and `remember`s; retraction `forget`s and uses the value it returns.
// State: per entry the remembered value and a count of live insertions (a row inserted twice with equal
// arguments, e.g. the insert half of an update arriving before its retraction, shares one entry).
// Invariants: an entry exists exactly while its count is positive; `recall` never changes state.

import type { Key } from '../../engine/key.js';
import { keyFromString, keyFromValues, keyToString } from '../../engine/key.js';

/** A checkpoint of a `ResultMemo`: `[rowKey, argsKey, value, count]` with keys printed by `keyToString`. */
export interface ResultMemoSnapshot {
  /** One entry per remembered (row, arguments) pair. */
  readonly entries: readonly (readonly [rowKey: string, argsKey: string, value: unknown, count: number])[];
}

interface MemoEntry {
  value: unknown;
  count: number;
}

/**
 * Remembered UDF results of live rows, for `deterministic: false` functions.
 * On insert: `let v = memo.recall(k, args)`; when `v === undefined`, compute it and `memo.remember(k, args, v)`
 * (null is a result, so test for `undefined`, not with `??`). On retraction `memo.forget(k, args)` gives the value.
 */
export class ResultMemo {
  // Row key (8 units) followed by the argument key (8 units): one Map lookup per row, no nested maps.
  private readonly entries = new Map<string, MemoEntry>();

  /** Number of remembered (row, arguments) pairs. */
  get size(): number {
    return this.entries.size;
  }

  /** The value remembered for this row and these arguments, or `undefined`. */
  recall(rowKey: Key, args: readonly unknown[]): unknown {
    return this.entries.get(rowKey + keyFromValues(args))?.value;
  }

  /**
   * Records `times` live insertions of the row with `value` and returns the value to use: the already
   * remembered one when the pair is live, so equal insertions share one result.
   */
  remember(rowKey: Key, args: readonly unknown[], value: unknown, times = 1): unknown {
    const id = rowKey + keyFromValues(args);
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      entry.count += times;
      return entry.value;
    }
    this.entries.set(id, { value, count: times });
    return value;
  }

  /**
   * Records `times` retractions of the row and returns its remembered value, or `undefined` when nothing was
   * remembered (a retraction of a row never inserted: the caller decides, usually by recomputing).
   */
  forget(rowKey: Key, args: readonly unknown[], times = 1): unknown {
    const id = rowKey + keyFromValues(args);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    entry.count -= times;
    if (entry.count <= 0) this.entries.delete(id);
    return entry.value;
  }

  /** A copy of the state for a checkpoint; values are stored as they are (the persistence layer encodes them). */
  snapshot(): ResultMemoSnapshot {
    const entries: [string, string, unknown, number][] = [];
    for (const [id, entry] of this.entries) {
      entries.push([keyToString(id.slice(0, 8)), keyToString(id.slice(8)), entry.value, entry.count]);
    }
    return { entries };
  }

  /** Replaces the state with a checkpoint taken by `snapshot`. */
  restore(snapshot: ResultMemoSnapshot): void {
    this.entries.clear();
    for (const [rowKey, argsKey, value, count] of snapshot.entries) {
      if (!Number.isInteger(count) || count <= 0) {
        throw new RangeError(
          `ResultMemo.restore: entry ${rowKey} has count ${count}; counts must be positive`,
        );
      }
      this.entries.set(keyFromString(rowKey) + keyFromString(argsKey), { value, count });
    }
  }
}
