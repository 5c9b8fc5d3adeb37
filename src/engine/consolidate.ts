// Consolidation: sums the diffs of equal (key, row) updates in a batch and drops those that cancel.

import { Batch, EMPTY_BATCH, insertionsOnly, materializeKeys } from './batch.js';
import { sameKey, type Key } from './key.js';
import { Operator } from './operator.js';
import { rowsEqual } from './row-equality.js';

/**
 * Consolidates a batch: equal `(key, row)` pairs merge, zero diffs vanish. Order of first appearance is kept.
 * Cost: one Map lookup per update; rows are compared only when keys collide.
 */
export function consolidateBatch<TRow>(inb: Batch<TRow>): Batch<TRow> {
  const n = inb.keys.length;
  sawRepeatedKey = true;
  if (inb.consolidated) return inb;
  materializeKeys(inb);
  if (inb.grouped) return consolidateGrouped(inb);
  if (n <= 16) return consolidateSmall(inb);
  // Slot index of the first update with each key; collisions of distinct rows chain through `next`.
  const first = new Map<Key, number>();
  const next = new Int32Array(n).fill(-1);
  const diffs = inb.diffs.slice();
  // True once the output must differ from the input: a merge happened or an input diff is already zero.
  let merged = false;
  let repeated = false;
  for (let i = 0; i < n; i++) {
    if (diffs[i] === 0) merged = true;
    const key = inb.keys[i]!;
    const j0 = first.get(key);
    if (j0 === undefined) {
      first.set(key, i);
      continue;
    }
    repeated = true;
    let j = j0;
    for (;;) {
      if (rowsEqual(inb.rows[j], inb.rows[i])) {
        diffs[j]! += diffs[i]!;
        diffs[i] = 0;
        merged = true;
        break;
      }
      if (next[j] === -1) {
        next[j] = i;
        break;
      }
      j = next[j]!;
    }
  }
  sawRepeatedKey = repeated;
  if (!merged) return inb;
  const out = new Batch<TRow>();
  for (let i = 0; i < n; i++) if (diffs[i] !== 0) out.push(inb.keys[i]!, inb.rows[i]!, diffs[i]!);
  out.consolidated = true;
  out.uniqueKeys = !repeated;
  return out;
}

// Side result of the last consolidateBatch call: false when it saw that no two updates share a key.
let sawRepeatedKey = true;

/**
 * Consolidates like `consolidateBatch`, and flags the result: always `consolidated`, and `uniqueKeys` when
 * consolidation saw no repeated key. Input batches are never mutated (their owner may push to them later): an
 * unchanged input comes back as a flagged view sharing its arrays.
 */
export function consolidateMarkingKeys<TRow>(inb: Batch<TRow>): Batch<TRow> {
  if (inb.uniqueKeys || inb.keys.length === 0) return inb;
  const out = consolidateBatch(inb);
  // A new batch carries its own flags; an unchanged input gets a view.
  if (out !== inb || inb.consolidated) return out;
  return consolidatedView(inb, !sawRepeatedKey);
}

/** A view of `inb` sharing its arrays, flagged consolidated, and with `uniqueKeys` when the caller knows so. */
function consolidatedView<TRow>(inb: Batch<TRow>, uniqueKeys: boolean): Batch<TRow> {
  const view = new Batch<TRow>(inb.keys, inb.rows, inb.diffs);
  view.grouped = inb.grouped;
  view.consolidated = true;
  view.uniqueKeys = uniqueKeys;
  return view;
}

/**
 * A stateful operator's input consolidated, for `keyed` inputs (at most one row per key by promise) without a pass
 * where it can: insertions have unique keys (a view says so), and one key's update of one row (`-old, +new`,
 * different rows) is consolidated as it is (flagged so in place: the flags are facts about its content).
 */
export function consolidateInput<TRow>(raw: Batch<TRow>, keyed: boolean): Batch<TRow> {
  const n = raw.keys.length;
  if (n === 0 || raw.consolidated) return raw;
  if (keyed) {
    if (n === 2 && isUpdatePair(raw)) {
      raw.consolidated = raw.grouped = true;
      return raw;
    }
    if (!raw.uniqueKeys && insertionsOnly(raw)) return uniqueKeysView(raw);
  }
  return consolidateMarkingKeys(raw);
}

/** True when the two updates of `b` are one key's retraction and insertion of different rows. */
function isUpdatePair(b: Batch<unknown>): boolean {
  const d = b.diffs[0]!;
  return (
    d !== 0 && d + b.diffs[1]! === 0 && sameKey(b.keys[0]!, b.keys[1]!) && !rowsEqual(b.rows[0], b.rows[1])
  );
}

/** A view of `inb` sharing its arrays, flagged consolidated with unique keys (the caller knows they are). */
export function uniqueKeysView<TRow>(inb: Batch<TRow>): Batch<TRow> {
  return consolidatedView(inb, true);
}

/** An operator that consolidates its input each step. */
export class ConsolidateOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates a consolidation of `input`. */
  constructor(input: Operator<TRow>) {
    super([input]);
  }
  get name(): string {
    return 'consolidate';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    this.output = inb.keys.length === 0 ? EMPTY_BATCH : consolidateBatch(inb);
  }
}

/** Consolidates a batch whose equal keys are adjacent: merges runs of equal (key, row) pairs in one pass. */
function consolidateGrouped<TRow>(inb: Batch<TRow>): Batch<TRow> {
  const n = inb.keys.length;
  const keys = inb.keys;
  let needed = false;
  for (let i = 0; i < n && !needed; i++) {
    if (inb.diffs[i] === 0) needed = true;
    // Within a run of one key, only equal rows need merging (a reduce's -old, +new pair never does).
    for (let j = i + 1; j < n && keys[j] === keys[i] && !needed; j++)
      needed = rowsEqual(inb.rows[i], inb.rows[j]);
  }
  if (!needed) return inb;
  const out = new Batch<TRow>();
  out.grouped = out.consolidated = true;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && keys[j] === keys[i]) j++;
    if (j === i + 1) {
      if (inb.diffs[i] !== 0) out.push(keys[i]!, inb.rows[i]!, inb.diffs[i]!);
    } else {
      // A run of one key (normally a retraction and an insertion): merge equal rows within the run.
      const rows: TRow[] = [];
      const diffs: number[] = [];
      for (let k = i; k < j; k++) {
        let m = 0;
        while (m < rows.length && !rowsEqual(rows[m], inb.rows[k])) m++;
        if (m === rows.length) {
          rows.push(inb.rows[k]!);
          diffs.push(inb.diffs[k]!);
        } else diffs[m]! += inb.diffs[k]!;
      }
      for (let m = 0; m < rows.length; m++) if (diffs[m] !== 0) out.push(keys[i]!, rows[m]!, diffs[m]!);
    }
    i = j;
  }
  return out;
}

/** Consolidates a small batch with a quadratic scan (cheaper than a hash map for a handful of updates). */
function consolidateSmall<TRow>(inb: Batch<TRow>): Batch<TRow> {
  const n = inb.keys.length;
  // Nothing to do unless a diff is 0 or two updates have the same key and an equal row (an update's -old, +new
  // pair shares the key but not the row, and stays as it is).
  let dup = false;
  let repeated = false;
  for (let i = 0; i < n && !dup; i++) {
    if (inb.diffs[i] === 0) dup = true;
    for (let j = i + 1; j < n && !dup; j++) {
      if (sameKey(inb.keys[i]!, inb.keys[j]!)) {
        repeated = true;
        if (rowsEqual(inb.rows[i], inb.rows[j])) dup = true;
      }
    }
  }
  if (!dup) {
    sawRepeatedKey = repeated;
    return inb;
  }
  sawRepeatedKey = true; // not known: the scan stopped at the first duplicate
  const diffs = inb.diffs.slice();
  for (let i = 0; i < n; i++) {
    if (diffs[i] === 0) continue;
    for (let j = i + 1; j < n; j++) {
      if (diffs[j] !== 0 && inb.keys[i] === inb.keys[j] && rowsEqual(inb.rows[i], inb.rows[j])) {
        diffs[i]! += diffs[j]!;
        diffs[j] = 0;
      }
    }
  }
  const out = new Batch<TRow>();
  for (let i = 0; i < n; i++) if (diffs[i] !== 0) out.push(inb.keys[i]!, inb.rows[i]!, diffs[i]!);
  out.consolidated = true;
  return out;
}
