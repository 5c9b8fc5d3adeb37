// An integrated Z-set held in memory: the running sum of batches, keyed by row key.

import { applyToGroup, type ArrangementGroup } from './arrangement.js';
import { Batch } from './batch.js';
import type { Key } from './key.js';
import { valuesEqual } from './row-equality.js';

/** The integral of a stream of batches: every (key, row) with its net, non-zero multiplicity. */
export class Collection<TRow> {
  /** Row key -> rows with that key (normally exactly one, with multiplicity 1). */
  readonly entries = new Map<Key, ArrangementGroup<TRow>>();

  /** Adds a batch (times `sign`) into the collection. */
  apply(batch: Batch<TRow>, sign = 1): void {
    const n = batch.keys.length;
    for (let i = 0; i < n; i++) this.update(batch.keys[i]!, batch.rows[i]!, batch.diffs[i]! * sign);
  }

  /** Adds one update. */
  update(key: Key, row: TRow, diff: number): void {
    if (diff === 0) return; // a zero update must not leave an empty entry behind
    const g = this.entries.get(key);
    if (g === undefined) this.entries.set(key, { keys: [key], rows: [row], diffs: [diff] });
    else if (!applyToGroup(g, key, row, diff)) this.entries.delete(key);
  }

  /** The first row stored under `key`, if any. */
  get(key: Key): TRow | undefined {
    return this.entries.get(key)?.rows[0];
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.entries.size;
  }

  /** The whole collection as one batch (times `sign`). */
  toBatch(sign = 1): Batch<TRow> {
    const b = new Batch<TRow>();
    for (const g of this.entries.values()) {
      for (let i = 0; i < g.keys.length; i++) b.push(g.keys[i]!, g.rows[i]!, g.diffs[i]! * sign);
    }
    return b;
  }

  /** The batch that turns `this` into `next`: `next - this`. */
  diffTo(next: Collection<TRow>): Batch<TRow> {
    const out = new Batch<TRow>();
    for (const [key, g] of this.entries) {
      const h = next.entries.get(key);
      for (let i = 0; i < g.keys.length; i++) {
        const w = h === undefined ? 0 : weightIn(h, g.rows[i]!);
        const d = w - g.diffs[i]!;
        if (d !== 0) out.push(key, g.rows[i]!, d);
      }
    }
    for (const [key, h] of next.entries) {
      const g = this.entries.get(key);
      for (let i = 0; i < h.keys.length; i++) {
        if (g !== undefined && weightIn(g, h.rows[i]!) !== 0) continue;
        out.push(key, h.rows[i]!, h.diffs[i]!);
      }
    }
    return out;
  }

  /** Removes everything. */
  clear(): void {
    this.entries.clear();
  }
}

function weightIn<TRow>(g: ArrangementGroup<TRow>, row: TRow): number {
  for (let i = 0; i < g.rows.length; i++) if (valuesEqual(g.rows[i], row)) return g.diffs[i]!;
  return 0;
}
