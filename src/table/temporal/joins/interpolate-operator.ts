// The engine operator of `interpolate`: fills None values linearly between the nearest earlier and later non-None
// values of the same column (in time order, per instance); at the ends the nearest value is copied (as Pathway).
//
// Algorithm: per instance, a sorted array of (time, key). Each step consolidates the input, applies retractions
// then insertions, and for each changed position recomputes the rows between the nearest complete rows (all value
// columns non-None) on either side -- the only rows whose neighbours can have changed -- comparing with what was
// emitted for them.
// State: key -> (row, time, instance); instance -> sorted entries; key -> emitted row.
// Invariants: after each step the integrated output has one row per present input row, with the same key.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import type { Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { rowsEqual } from '../../../engine/row-equality.js';
import { insertEntry, positionOf, removeEntry, type TimeEntry } from './sorted-entries.js';

/** How to interpolate: each row's time and instance, the row width and the value columns. */
export interface InterpolateSpec {
  meta(key: Key, row: unknown[]): { t: number | null; inst: IndexKey };
  /** Number of cells of an output row (input rows may carry extra trailing cells). */
  readonly width: number;
  /** Positions of the value columns. */
  readonly columns: readonly number[];
}

interface Held {
  readonly row: unknown[];
  readonly t: number | null;
  readonly inst: IndexKey;
}

const missing = (v: unknown): boolean => v === null || v === undefined;

/** Linear interpolation of None values by time. */
export class InterpolateOperator extends Operator<unknown[]> {
  private rows = new Map<Key, Held>();
  private lists = new Map<IndexKey, TimeEntry[]>();
  private emitted = new Map<Key, unknown[]>();

  /** Creates the operator over `input`. */
  constructor(
    input: Operator<unknown[]>,
    private readonly spec: InterpolateSpec,
  ) {
    super([input]);
  }
  get name(): string {
    return 'interpolate';
  }
  override get stateful(): boolean {
    return true;
  }

  eval(): void {
    const raw = this.inputs[0]!.output as Batch<unknown[]>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const b = consolidateBatch(raw);
    const dirty = new Set<Key>();
    const changed: { inst: IndexKey; t: number; key: Key }[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < b.keys.length; i++) {
        const d = b.diffs[i]!;
        if (pass === 0 ? d >= 0 : d <= 0) continue;
        const key = b.keys[i]!;
        const old = this.rows.get(key);
        if (old !== undefined) {
          this.rows.delete(key);
          if (old.t !== null) {
            const l = this.lists.get(old.inst);
            if (l !== undefined) {
              removeEntry(l, old.t, key);
              if (l.length === 0) this.lists.delete(old.inst);
            }
            changed.push({ inst: old.inst, t: old.t, key });
          }
        }
        dirty.add(key);
        if (pass === 0) continue;
        const row = b.rows[i]!;
        const { t, inst } = this.spec.meta(key, row);
        this.rows.set(key, { row, t, inst });
        if (t !== null) {
          let l = this.lists.get(inst);
          if (l === undefined) this.lists.set(inst, (l = []));
          insertEntry(l, { t, key });
          changed.push({ inst, t, key });
        }
      }
    }
    for (const c of changed) {
      const l = this.lists.get(c.inst);
      if (l === undefined) continue;
      const pos = positionOf(l, c.t, c.key);
      let lo = Math.min(pos, l.length - 1);
      while (lo > 0 && !this.complete(l[lo - 1]!.key)) lo--;
      if (lo > 0) lo--;
      let hi = pos;
      while (hi < l.length - 1 && !this.complete(l[hi + 1]!.key)) hi++;
      if (hi < l.length - 1) hi++;
      for (let i = Math.max(lo, 0); i <= hi && i < l.length; i++) dirty.add(l[i]!.key);
    }
    const out = new Batch<unknown[]>();
    for (const key of dirty) {
      const old = this.emitted.get(key);
      const held = this.rows.get(key);
      const next = held === undefined ? undefined : this.compute(key, held);
      if (old !== undefined && next !== undefined && rowsEqual(old, next)) continue;
      if (old !== undefined) {
        out.push(key, old, -1);
        this.emitted.delete(key);
      }
      if (next !== undefined) {
        out.push(key, next, 1);
        this.emitted.set(key, next);
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }

  private complete(key: Key): boolean {
    const row = this.rows.get(key)!.row;
    return this.spec.columns.every((c) => !missing(row[c]));
  }

  private compute(key: Key, held: Held): unknown[] {
    const row = held.row;
    const out = row.length === this.spec.width ? row.slice() : row.slice(0, this.spec.width);
    if (held.t === null || this.spec.columns.every((c) => !missing(row[c]))) return out;
    const l = this.lists.get(held.inst)!;
    const i = positionOf(l, held.t, key);
    for (const c of this.spec.columns) {
      if (!missing(row[c])) continue;
      let p = i - 1;
      while (p >= 0 && missing(this.rows.get(l[p]!.key)!.row[c])) p--;
      let n = i + 1;
      while (n < l.length && missing(this.rows.get(l[n]!.key)!.row[c])) n++;
      const pv = p >= 0 ? this.rows.get(l[p]!.key)!.row[c] : undefined;
      const nv = n < l.length ? this.rows.get(l[n]!.key)!.row[c] : undefined;
      if (pv !== undefined && nv !== undefined) {
        const tp = l[p]!.t;
        const tn = l[n]!.t;
        out[c] =
          typeof pv === 'number' && typeof nv === 'number' && tn !== tp
            ? pv + ((held.t - tp) * (nv - pv)) / (tn - tp)
            : pv;
      } else out[c] = pv ?? nv ?? null;
    }
    return out;
  }

  override snapshot(): unknown {
    return { rows: [...this.rows].map(([k, h]) => [k, h.row]), emitted: [...this.emitted] };
  }
  override restore(state: unknown): void {
    const s = state as { rows: [Key, unknown[]][]; emitted: [Key, unknown[]][] };
    this.reset();
    for (const [key, row] of s.rows) {
      const { t, inst } = this.spec.meta(key, row);
      this.rows.set(key, { row, t, inst });
      if (t === null) continue;
      let l = this.lists.get(inst);
      if (l === undefined) this.lists.set(inst, (l = []));
      insertEntry(l, { t, key });
    }
    this.emitted = new Map(s.emitted);
  }
  override reset(): void {
    this.rows = new Map();
    this.lists = new Map();
    this.emitted = new Map();
  }
}
