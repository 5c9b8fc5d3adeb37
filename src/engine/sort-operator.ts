// Incremental sort: for every row, the keys of its neighbours in (sort key, row key) order within its instance.
//
// Algorithm: per instance, an ordered list of entries (a chunked sorted array: binary search over chunks, then
// inside one; chunks split when they reach 2 × CHUNK entries and vanish when empty). Each step consolidates the
// input, applies retractions then insertions, and collects the affected keys: changed rows, the neighbours of
// every removed entry (found before removal) and of every inserted entry (found after all insertions). Only the
// affected keys are recomputed and compared with their last emitted [prev, next].
// State: instance -> ordered list; key -> its entry; key -> last emitted [prev, next].
// Invariants: after each step the integrated output holds exactly one row [prev, next] per present key, equal to
// its neighbours in its instance's order (null at the ends). Rows must have unique keys (one row per key).

import { Batch, EMPTY_BATCH } from './batch.js';
import type { IndexKey } from './arrangement.js';
import { consolidateBatch } from './consolidate.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** How to sort: the sort key and instance of a row, and the order of sort keys. */
export interface SortSpec<TIn> {
  /** The value rows are ordered by. */
  sortKey(key: Key, row: TIn): unknown;
  /** Rows are ordered separately per instance (a primitive; hash composite values). */
  instance(key: Key, row: TIn): IndexKey;
  /** Total order of sort keys: negative, zero or positive. Ties are broken by row key. */
  compare(a: unknown, b: unknown): number;
}

/** One sorted row. */
interface Entry {
  readonly sk: unknown;
  readonly key: Key;
  readonly instance: IndexKey;
}

/** The output row of a sorted row: keys of the previous and next rows, or null. */
export type Neighbours = [prev: Key | null, next: Key | null];

/** Default chunk length of the ordered lists. */
const CHUNK = 256;

/** A sorted sequence of entries as a list of sorted chunks (O(sqrt n)-ish updates, O(log n) searches). */
class OrderedList {
  chunks: Entry[][] = [];
  constructor(
    private readonly cmp: (a: Entry, b: Entry) => number,
    private readonly chunk: number,
  ) {}

  /** Chunk index and position of the first entry not before `e` (may point past a chunk's end only in the last chunk). */
  private locate(e: Entry): [number, number] {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = chunks[mid]!;
      if (this.cmp(c[c.length - 1]!, e) < 0) lo = mid + 1;
      else hi = mid;
    }
    const c = chunks[lo]!;
    let a = 0;
    let b = c.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.cmp(c[mid]!, e) < 0) a = mid + 1;
      else b = mid;
    }
    return [lo, a];
  }

  insert(e: Entry): void {
    if (this.chunks.length === 0) {
      this.chunks.push([e]);
      return;
    }
    const [ci, i] = this.locate(e);
    const c = this.chunks[ci]!;
    c.splice(i, 0, e);
    if (c.length >= 2 * this.chunk) this.chunks.splice(ci + 1, 0, c.splice(this.chunk));
  }

  remove(e: Entry): void {
    const [ci, i] = this.locate(e);
    const c = this.chunks[ci]!;
    if (c[i] !== e) throw new Error('internal: sorted entry not found');
    c.splice(i, 1);
    if (c.length === 0) this.chunks.splice(ci, 1);
  }

  /** Keys of the entries just before and after `e` (which must be present). */
  neighbours(e: Entry): Neighbours {
    const [ci, i] = this.locate(e);
    const c = this.chunks[ci]!;
    const prev =
      i > 0 ? c[i - 1]! : ci > 0 ? this.chunks[ci - 1]![this.chunks[ci - 1]!.length - 1]! : undefined;
    const next =
      i + 1 < c.length ? c[i + 1]! : ci + 1 < this.chunks.length ? this.chunks[ci + 1]![0]! : undefined;
    return [prev?.key ?? null, next?.key ?? null];
  }

  get size(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }
}

/** Maintains, for every row, the keys of its neighbours in sorted order: output rows are `[prev, next]`. */
export class SortOperator<TIn> extends Operator<Neighbours> {
  private lists = new Map<IndexKey, OrderedList>();
  private entries = new Map<Key, Entry>();
  private emitted = new Map<Key, Neighbours>();
  private readonly cmp: (a: Entry, b: Entry) => number;

  /** Creates a sort of `input` by `spec` (`chunk`: ordered-list chunk length, small in tests to exercise splits). */
  constructor(
    input: Operator<TIn>,
    private readonly spec: SortSpec<TIn>,
    private readonly chunk = CHUNK,
  ) {
    super([input]);
    const compare = spec.compare;
    this.cmp = (a, b) => compare(a.sk, b.sk) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
  get name(): string {
    return 'sort';
  }
  override get stateful(): boolean {
    return true;
  }

  private listOf(instance: IndexKey): OrderedList {
    let l = this.lists.get(instance);
    if (l === undefined) this.lists.set(instance, (l = new OrderedList(this.cmp, this.chunk)));
    return l;
  }

  private removeEntry(e: Entry, affected: Set<Key>): void {
    const list = this.lists.get(e.instance)!;
    const [p, n] = list.neighbours(e);
    if (p !== null) affected.add(p);
    if (n !== null) affected.add(n);
    list.remove(e);
    if (list.chunks.length === 0) this.lists.delete(e.instance);
    this.entries.delete(e.key);
    affected.add(e.key);
  }

  eval(): void {
    const raw = this.inputs[0]!.output as Batch<TIn>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const inb = consolidateBatch(raw);
    const affected = new Set<Key>();
    const spec = this.spec;
    for (let i = 0; i < inb.keys.length; i++) {
      if (inb.diffs[i]! > 0) continue;
      const e = this.entries.get(inb.keys[i]!);
      if (e !== undefined) this.removeEntry(e, affected);
    }
    const inserted: Entry[] = [];
    for (let i = 0; i < inb.keys.length; i++) {
      if (inb.diffs[i]! < 0) continue;
      const key = inb.keys[i]!;
      const row = inb.rows[i]!;
      const old = this.entries.get(key);
      if (old !== undefined) this.removeEntry(old, affected); // a second row for a key replaces the first
      const e: Entry = { sk: spec.sortKey(key, row), key, instance: spec.instance(key, row) };
      this.listOf(e.instance).insert(e);
      this.entries.set(key, e);
      inserted.push(e);
    }
    for (const e of inserted) {
      if (this.entries.get(e.key) !== e) continue;
      const [p, n] = this.lists.get(e.instance)!.neighbours(e);
      affected.add(e.key);
      if (p !== null) affected.add(p);
      if (n !== null) affected.add(n);
    }
    const out = new Batch<Neighbours>();
    for (const key of affected) {
      const last = this.emitted.get(key);
      const e = this.entries.get(key);
      if (e === undefined) {
        if (last !== undefined) {
          out.push(key, last, -1);
          this.emitted.delete(key);
        }
        continue;
      }
      const now = this.lists.get(e.instance)!.neighbours(e);
      if (last !== undefined) {
        if (last[0] === now[0] && last[1] === now[1]) continue;
        out.push(key, last, -1);
      }
      out.push(key, now, 1);
      this.emitted.set(key, now);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }

  /** Number of sorted rows (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const l of this.lists.values()) n += l.size;
    return n;
  }

  override snapshot(): unknown {
    return {
      entries: [...this.entries.values()].map((e) => [e.key, e.sk, e.instance]),
      // Copies of the emitted pairs: the snapshot shares no array with live state.
      emitted: [...this.emitted].map(([k, n]) => [k, [n[0], n[1]]]),
    };
  }
  override restore(state: unknown): void {
    const s = state as { entries: [Key, unknown, IndexKey][]; emitted: [Key, Neighbours][] };
    this.reset();
    for (const [key, sk, instance] of s.entries) {
      const e: Entry = { sk, key, instance };
      this.listOf(instance).insert(e);
      this.entries.set(key, e);
    }
    for (const [k, n] of s.emitted) this.emitted.set(k, [n[0], n[1]]);
  }
  override reset(): void {
    this.lists = new Map();
    this.entries = new Map();
    this.emitted = new Map();
  }
}
