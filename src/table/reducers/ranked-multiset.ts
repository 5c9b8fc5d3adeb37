// A multiset of entries (values or rows) that answers "which live entry ranks first" under insert/retract.
// Shared by min/max, argmin/argmax/any and earliest/latest.

import type { Key } from '../../engine/key.js';

/** One distinct element of a ranked multiset: a value, the row it came from and when it became present. */
export interface RankedEntry {
  /** The reducer argument. */
  value: unknown;
  /** Key of the row (empty string when the multiset holds bare values). */
  key: Key;
  /** Epoch time at which the element last became present. */
  time: number;
  /** Net multiplicity; may be transiently negative when a retraction arrives before its insertion. */
  count: number;
  /** True while `count > 0`; a dead entry never becomes live again (a fresh entry replaces it). */
  live: boolean;
}

/** Checkpoint form of one entry: `[value, key, time, count]` (count may be negative: a pending retraction). */
export type RankedEntrySnapshot = [value: unknown, key: Key, time: number, count: number];

/** Orders entries; the smallest entry is the answer. */
export type EntryOrder = (a: RankedEntry, b: RankedEntry) => number;

/**
 * Algorithm: a Map from token to entry holds multiplicities; a binary heap holds every entry that became
 * live, ordered by `order`. Retractions only flip `live`; dead entries are popped lazily when they reach
 * the top, and the heap is rebuilt when dead entries outnumber live ones.
 * State: `entries` (token -> current entry), `heap` (live entries plus not-yet-collected dead ones).
 * Invariants: an entry is in `heap` at most once; `live` iff it is the map's entry for its token and count > 0;
 * `liveCount` = number of live entries. Cost: update O(log n) amortized, `first()` amortized O(log n).
 */
export class RankedMultiset {
  private readonly entries = new Map<string, RankedEntry>();
  private heap: RankedEntry[] = [];
  private liveCount = 0;

  /** Creates an empty multiset ranked by `order`. */
  constructor(private readonly order: EntryOrder) {}

  /** Number of distinct live entries. */
  get size(): number {
    return this.liveCount;
  }

  /** Adds `diff` copies of the element identified by `token`. */
  add(token: string, value: unknown, key: Key, time: number, diff: number): void {
    let e = this.entries.get(token);
    if (e === undefined) {
      e = { value, key, time, count: 0, live: false };
      this.entries.set(token, e);
    }
    const before = e.count;
    const after = before + diff;
    if (after === 0) {
      this.entries.delete(token);
      e.count = 0;
      if (e.live) this.kill(e);
      return;
    }
    if (before > 0 && after < 0) {
      // Overshooting retraction: the live entry dies and a never-pushed entry keeps the debt.
      this.kill(e);
      e.count = after;
      this.entries.set(token, { value, key, time, count: after, live: false });
      return;
    }
    e.count = after;
    if (before <= 0 && after > 0) {
      // Becomes present now: this is the element's arrival time for earliest/latest.
      e.value = value;
      e.key = key;
      e.time = time;
      e.live = true;
      this.liveCount++;
      this.push(e);
    }
  }

  /** The first live entry in `order`, or undefined when none is live. */
  first(): RankedEntry | undefined {
    const h = this.heap;
    while (h.length > 0 && !h[0]!.live) this.popTop();
    return h[0];
  }

  /** Live entries in no particular order (for recomputation and tests). */
  *liveEntries(): IterableIterator<RankedEntry> {
    for (const e of this.entries.values()) if (e.live) yield e;
  }

  /** Every entry of the map (live ones and pending retractions) as plain tuples, in map order. */
  snapshotEntries(): RankedEntrySnapshot[] {
    const out: RankedEntrySnapshot[] = [];
    for (const e of this.entries.values()) out.push([e.value, e.key, e.time, e.count]);
    return out;
  }

  /**
   * Puts back one entry of `snapshotEntries` under its token (into an empty multiset, in snapshot order);
   * dead entries of the heap are not restored, they carry no information.
   */
  restoreEntry(token: string, value: unknown, key: Key, time: number, count: number): void {
    const e: RankedEntry = { value, key, time, count, live: count > 0 };
    this.entries.set(token, e);
    if (e.live) {
      this.liveCount++;
      this.push(e);
    }
  }

  private kill(e: RankedEntry): void {
    e.live = false;
    this.liveCount--;
    // Rebuild when garbage dominates, so the heap stays O(live) in size: amortized O(1) per retraction.
    if (this.heap.length > 2 * this.liveCount + 16) this.rebuild();
  }

  private rebuild(): void {
    const kept: RankedEntry[] = [];
    for (const e of this.heap) if (e.live) kept.push(e);
    this.heap = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(e: RankedEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.order(h[i]!, h[parent]!) >= 0) break;
      const t = h[i]!;
      h[i] = h[parent]!;
      h[parent] = t;
      i = parent;
    }
  }

  private popTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const h = this.heap;
    const n = h.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.order(h[r]!, h[l]!) < 0 ? r : l;
      if (this.order(h[c]!, h[i]!) >= 0) return;
      const t = h[i]!;
      h[i] = h[c]!;
      h[c] = t;
      i = c;
    }
  }
}
