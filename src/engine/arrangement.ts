// Arrangements: the integrated collection of a stream, indexed by a key, shared by every operator that reads it.
//
// Algorithm: each step, apply the input delta to `index` (group by `keyOf`, sum diffs of equal (key, row)).
// State: `index` maps an index key to its group, one flat array of (key, row, diff) triples with non-zero diffs.
// Invariants: after `eval` at time t, `index` holds exactly the consolidated sum of all input batches up to t;
// the output is the input delta itself, so readers see both the delta and the new integrated state.

import { insertionsOnly, type Batch } from './batch.js';
import { consolidateMarkingKeys, uniqueKeysView } from './consolidate.js';
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
  const r = updateFlatGroup(g, key, row, diff);
  if (r === ABSENT) g.push(key, row, diff);
  return r !== EMPTIED;
}

/** `updateFlatGroup` results: the group became empty, or has no entry for the update (the caller appends it). */
const EMPTIED = 0;
const ABSENT = -1;

/**
 * Applies one update to the entry of a flat group with the same key and an equal row. Returns EMPTIED when the group
 * became empty, ABSENT when it has no such entry (nothing changed), otherwise a positive number.
 */
function updateFlatGroup(g: FlatGroup, key: Key, row: unknown, diff: number): number {
  const n = g.length;
  if (diff === 0) return n;
  for (let i = 0; i < n; i += 3) {
    if (g[i] === key && rowsEqual(g[i + 1], row)) {
      const d = (g[i + 2] as number) + diff;
      if (d !== 0) {
        g[i + 2] = d;
        return n;
      }
      const last = n - 3;
      if (i !== last) {
        g[i] = g[last];
        g[i + 1] = g[last + 1];
        g[i + 2] = g[last + 2];
      }
      g.length = last;
      return last;
    }
  }
  return ABSENT;
}

/**
 * Appends an entry to a flat group; returns the group, or a new exactly sized array replacing it. Small groups are
 * copied rather than pushed to: a push grows a 3-slot array to about 25 slots, which for an index of mostly small
 * groups (a table joined on a nearly unique column) would triple its memory.
 */
function appendToFlatGroup(g: FlatGroup, key: Key, row: unknown, diff: number): FlatGroup {
  if (g.length === 3) return [g[0], g[1], g[2], key, row, diff];
  if (g.length === 6) return [g[0], g[1], g[2], g[3], g[4], g[5], key, row, diff];
  g.push(key, row, diff);
  return g;
}

/**
 * Applies an update pair of one key, updates `i` and `i + 1` of `b` (a retraction and an insertion, in either order),
 * to group `g` of a keyed arrangement as one in-place row replacement, when the retracted row is the key's entry
 * and cancels it exactly. Returns false (nothing changed) otherwise. In a keyed arrangement the key has no other
 * entry, so the inserted row needs no search; the group keeps its array and length (no shrink and regrow).
 */
function replacePair<TRow>(g: FlatGroup, b: Batch<TRow>, i: number, sameIndexKey: boolean): boolean {
  if (!sameIndexKey) return false;
  const d0 = b.diffs[i]!;
  const d1 = b.diffs[i + 1]!;
  let out: number;
  let ins: number;
  if (d0 < 0 && d1 > 0) {
    out = i;
    ins = i + 1;
  } else if (d0 > 0 && d1 < 0) {
    out = i + 1;
    ins = i;
  } else {
    return false;
  }
  const key = b.keys[i]!;
  const oldRow = b.rows[out];
  for (let j = 0; j < g.length; j += 3) {
    if (g[j] !== key) continue;
    if ((g[j + 2] as number) + b.diffs[out]! !== 0 || !rowsEqual(g[j + 1], oldRow)) return false;
    g[j + 1] = b.rows[ins];
    g[j + 2] = b.diffs[ins];
    return true;
  }
  return false;
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
    // an equal value): joins would otherwise build, and report errors of, pairs that cancel. Insertions into a keyed
    // arrangement are consolidated with unique keys by its promise (a repeated key would leave two rows, or one with
    // multiplicity 2, under one key), so a table's load needs no hash pass over its keys.
    const raw = this.inputs[0]!.output as Batch<TRow>;
    const inb =
      this.keyed && !raw.uniqueKeys && raw.keys.length > 0 && insertionsOnly(raw)
        ? uniqueKeysView(raw)
        : consolidateMarkingKeys(raw);
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
    const keyed = this.keyed;
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
      } else if (
        keyed &&
        i + 1 < n &&
        inb.keys[i + 1] === key &&
        replacePair(g, inb, i, keyOf(key, inb.rows[i + 1]!) === ik)
      ) {
        i++; // the pair's second update was applied with the first
      } else {
        const r = updateFlatGroup(g, key, row, d);
        if (r === EMPTIED) {
          (emptied ??= []).push(ik);
        } else if (r === ABSENT) {
          const grown = appendToFlatGroup(g, key, row, d);
          if (grown !== g) index.set(ik, (g = grown));
        }
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
