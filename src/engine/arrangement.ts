// Arrangements: the integrated collection of a stream, indexed by a key, shared by every operator that reads it.
//
// Algorithm: each step, apply the input delta to `index` (group by `keyOf`, sum diffs of equal (key, row)).
// State: `index` maps an index key to its group, one flat array of (key, row, diff) triples with non-zero diffs.
// Invariants: after `eval` at time t, `index` holds exactly the consolidated sum of all input batches up to t;
// the output is the input delta itself, so readers see both the delta and the new integrated state.

import type { Batch } from './batch.js';
import { consolidateMarkingKeys } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';
import { rowsEqual } from './row-equality.js';

/** Rows with their keys and multiplicities as three parallel arrays (per-key state of distinct, unique-key, collections). */
export interface ArrangementGroup<TRow> {
  keys: Key[];
  rows: TRow[];
  diffs: number[];
}

/** Index key of a row: a primitive (string, number, boolean, null) compared by SameValueZero. */
export type IndexKey = string | number | boolean | null | undefined;

/** Applies one update to a group; returns false when the group became empty. */
export function applyToGroup<TRow>(g: ArrangementGroup<TRow>, key: Key, row: TRow, diff: number): boolean {
  const keys = g.keys;
  if (diff === 0) return keys.length > 0;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === key && rowsEqual(g.rows[i], row)) {
      const d = g.diffs[i]! + diff;
      if (d !== 0) {
        g.diffs[i] = d;
        return true;
      }
      const last = keys.length - 1;
      g.keys[i] = g.keys[last]!;
      g.rows[i] = g.rows[last]!;
      g.diffs[i] = g.diffs[last]!;
      g.keys.pop();
      g.rows.pop();
      g.diffs.pop();
      return keys.length > 0;
    }
  }
  keys.push(key);
  g.rows.push(row);
  g.diffs.push(diff);
  return true;
}

/**
 * One arrangement group flattened into a single array with stride 3: `[key0, row0, diff0, key1, row1, diff1, …]`.
 * One object per group instead of a record of three arrays: less memory per group and fewer cache misses when a
 * join or an update touches a random group.
 */
export type FlatGroup = unknown[];

/** Applies one update to a flat group; returns false when the group became empty. */
export function applyToFlatGroup(g: FlatGroup, key: Key, row: unknown, diff: number): boolean {
  const n = g.length;
  if (diff === 0) return n > 0;
  for (let i = 0; i < n; i += 3) {
    if (g[i] === key && rowsEqual(g[i + 1], row)) {
      const d = (g[i + 2] as number) + diff;
      if (d !== 0) {
        g[i + 2] = d;
        return true;
      }
      const last = n - 3;
      if (i !== last) {
        g[i] = g[last];
        g[i + 1] = g[last + 1];
        g[i + 2] = g[last + 2];
      }
      g.length = last;
      return last > 0;
    }
  }
  g.push(key, row, diff);
  return true;
}

/** An indexed, integrated view of a stream; joins read `index` after this operator has run in a step. */
export class Arrangement<TRow> extends Operator<TRow> {
  override skipWhenIdle = true;
  /** Index key → the group of rows with that index key (see `FlatGroup`). */
  index = new Map<IndexKey, FlatGroup>();
  /** True when the index was empty before this step's delta was applied (valid in a step that had a delta). */
  wasEmpty = true;

  /**
   * Creates an arrangement of `input` by `keyOf(key, row)`. `keyed` promises that the integrated input has at most
   * one row per key, with multiplicity 1, at the end of every step (a table's rows; joins use it to know that their
   * output needs no consolidation).
   */
  constructor(
    input: Operator<TRow>,
    readonly keyOf: (key: Key, row: TRow) => IndexKey,
    readonly keyed = false,
  ) {
    super([input]);
  }
  get name(): string {
    return 'arrange';
  }
  override get stateful(): boolean {
    return true;
  }
  /** The rows currently under index key `ik`, with multiplicities (for tests and inspection; not a hot path). */
  groupOf(ik: IndexKey): ArrangementGroup<TRow> | undefined {
    const g = this.index.get(ik);
    return g === undefined ? undefined : unflatten<TRow>(g);
  }
  eval(): void {
    // Consolidated first, so readers never see a row inserted and retracted in the same step (e.g. an upsert to
    // an equal value): joins would otherwise build, and report errors of, pairs that cancel.
    const inb = consolidateMarkingKeys(this.inputs[0]!.output as Batch<TRow>);
    this.output = inb;
    const n = inb.keys.length;
    if (n === 0) return;
    const index = this.index;
    this.wasEmpty = index.size === 0;
    const keyOf = this.keyOf;
    // Consecutive updates of one group (an update's -old, +new) look it up once; a group emptied within the batch
    // stays in the index until the end, so a retraction followed by an insertion reuses its array.
    let lastIk: IndexKey = undefined;
    let lastG: FlatGroup | undefined;
    let emptied: IndexKey[] | undefined;
    for (let i = 0; i < n; i++) {
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const d = inb.diffs[i]!;
      const ik = keyOf(key, row);
      let g = i > 0 && ik === lastIk ? lastG : index.get(ik);
      if (g === undefined) {
        if (d === 0) continue;
        g = [key, row, d];
        index.set(ik, g);
      } else if (!applyToFlatGroup(g, key, row, d)) {
        (emptied ??= []).push(ik);
      }
      lastIk = ik;
      lastG = g;
    }
    if (emptied !== undefined) {
      for (const ik of emptied) if (index.get(ik)?.length === 0) index.delete(ik);
    }
  }
  override snapshot(): unknown {
    // The snapshot keeps the three-array layout (keys, rows, diffs) of earlier versions, so old snapshots restore.
    return [...this.index.entries()].map(([k, g]) => {
      const u = unflatten<TRow>(g);
      return [k, u.keys, u.rows, u.diffs];
    });
  }
  override restore(state: unknown): void {
    // Fresh arrays, so stepping after a restore never mutates the snapshot (it may be restored again).
    this.index = new Map(
      (state as [IndexKey, Key[], TRow[], number[]][]).map(([k, keys, rows, diffs]) => {
        const g: FlatGroup = [];
        for (let i = 0; i < keys.length; i++) g.push(keys[i], rows[i], diffs[i]);
        return [k, g];
      }),
    );
  }
  override reset(): void {
    this.index = new Map();
  }
}

/** A flat group as three parallel arrays. */
export function unflatten<TRow>(g: FlatGroup): ArrangementGroup<TRow> {
  const out: ArrangementGroup<TRow> = { keys: [], rows: [], diffs: [] };
  for (let i = 0; i < g.length; i += 3) {
    out.keys.push(g[i] as Key);
    out.rows.push(g[i + 1] as TRow);
    out.diffs.push(g[i + 2] as number);
  }
  return out;
}
