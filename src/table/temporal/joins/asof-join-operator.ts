// The engine operator of `asofJoin`: each row of an output side is matched with the nearest row of the other side
// in time (backward, forward or nearest), within its instance (the join-key values), kept up to date incrementally.
//
// Algorithm: per side and instance, a sorted array of (time, key). Each step consolidates both inputs, applies
// retractions then insertions, and collects dirty output rows: the changed rows themselves and, for every changed
// row c of one side, the other side's rows whose time lies between c's nearest remaining neighbours (by time) on
// c's side -- exactly the rows whose backward/forward/nearest peer can have changed. Only dirty rows are re-matched
// and compared with what was emitted for them.
// Ties in time follow Pathway's merged order (time, side bit): a backward left join matches a right row at the same
// time, a backward outer join matches it only from the right side; among equal times the row key decides.
// Behaviors (`forgetting`), with the timing of Pathway's `_forget` (time_column.rs postpone_core with
// update_time_before_emitting = false, flush_on_end = false): a side forgets only in a step in which it receives
// updates, the rows whose time + cutoff <= its clock = the largest time of the updates it received in EARLIER steps
// (the current step's are not counted, so a batch run forgets nothing, and nothing is forgotten at the end).
// Without keepResults they are removed like deletions (the output is the asof join of the rows not forgotten);
// with keepResults they are removed silently: their output rows stay, and rows whose peer was forgotten keep
// showing it until a real change gives them another peer (their stored peer is re-evaluated silently, so only
// real changes re-emit -- Pathway's filtering of the results of forgetting, kept consistent).
// State: per side, key -> (row, time meta) and instance -> sorted entries, the forgetting clock; per output row, what
// was emitted.
// Invariants: each input holds at most one row per key (behaviors keep it: the side's buffer cancels retractions of
// rows it still holds, lowerSideBehavior); after each step the integrated output has one row per present row of
// each output side (only matched ones in inner mode), built from its current peer.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import type { Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { insertEntry, lowerBound, removeEntry, upperBound, type TimeEntry } from './sorted-entries.js';
import { NumberHeap } from '../windows/number-heap.js';

/** Which rows an asof join outputs. */
export type AsofMode = 'inner' | 'left' | 'right' | 'outer';
/** Where the matched row lies in time: at or before, at or after, or the closest. */
export type AsofDirection = 'backward' | 'forward' | 'nearest';

/** Time and instance of a row: `t` orders it (null: it matches nothing), `tv` / `iv` are the original values. */
export interface AsofMeta {
  readonly t: number | null;
  readonly tv: unknown;
  readonly inst: IndexKey;
  readonly iv: unknown;
}

/** How to join: the mode and direction, each row's meta, and the output key and row of a matched row. */
export interface AsofSpec {
  readonly mode: AsofMode;
  readonly direction: AsofDirection;
  meta(side: 0 | 1, key: Key, row: unknown[]): AsofMeta;
  outKey(side: 0 | 1, key: Key): Key;
  /** The output row of a row of side `own`, with its peer on the other side (null: none). */
  make(
    own: 0 | 1,
    key: Key,
    row: unknown[],
    meta: AsofMeta,
    peerKey: Key | null,
    peerRow: unknown[] | null,
  ): unknown[];
  /** Forgetting of rows past the cutoff (behaviors with a cutoff). */
  readonly forgetting?: {
    readonly cutoff: number;
    readonly keepResults: boolean;
  };
}

interface Held {
  readonly row: unknown[];
  readonly meta: AsofMeta;
}

interface Emitted {
  readonly outKey: Key;
  /** The output row shown (null: none, an inner join's row whose peer went away silently). */
  readonly out: unknown[] | null;
  readonly ownRow: unknown[];
  readonly peerKey: Key | null;
  readonly peerRow: unknown[] | null;
}

class SideState {
  rows = new Map<Key, Held>();
  lists = new Map<IndexKey, TimeEntry[]>();
  emitted = new Map<Key, Emitted>();
  /** Forgetting thresholds (time + cutoff) -> keys, and their heap. */
  forget = new Map<number, Key[]>();
  heap = new NumberHeap();
  /** The largest time of the updates received in earlier steps (Pathway's release threshold of `_forget`). */
  clock = -Infinity;
}

type Changed = { side: 0 | 1; inst: IndexKey; t: number }[];

/** Asof join of two inputs (left = input 0, right = input 1). */
export class AsofJoinOperator extends Operator<unknown[]> {
  private sides: [SideState, SideState] = [new SideState(), new SideState()];
  private readonly outputs: readonly [boolean, boolean];
  /** Side bit of each side in the merged (time, bit) order. */
  private readonly bit: readonly [number, number];

  /** Creates the join of `left` and `right` by `spec`. */
  constructor(
    left: Operator<unknown[]>,
    right: Operator<unknown[]>,
    private readonly spec: AsofSpec,
  ) {
    super([left, right]);
    const m = spec.mode;
    this.outputs = [m === 'inner' || m === 'left' || m === 'outer', m === 'right' || m === 'outer'];
    const rightFirst =
      (spec.direction === 'backward' && (m === 'left' || m === 'inner')) ||
      (spec.direction === 'forward' && m === 'right');
    this.bit = rightFirst ? [1, 0] : [0, 1];
  }
  get name(): string {
    return 'asof-join';
  }
  override get stateful(): boolean {
    return true;
  }

  eval(): void {
    const batches = [
      consolidateBatch(this.inputs[0]!.output as Batch<unknown[]>),
      consolidateBatch(this.inputs[1]!.output as Batch<unknown[]>),
    ] as const;
    const f = this.spec.forgetting;
    if (batches[0].keys.length === 0 && batches[1].keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const dirty: [Set<Key>, Set<Key>] = [new Set(), new Set()];
    const changed: Changed = [];
    // The largest time of each side's updates this step (its clock once the step's forgetting is done).
    const seen = [-Infinity, -Infinity];
    const see = (side: 0 | 1, t: number | null): void => {
      if (t !== null && t > seen[side]!) seen[side] = t;
    };
    for (const side of [0, 1] as const) {
      const b = batches[side];
      const st = this.sides[side];
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < b.keys.length; i++) {
          const d = b.diffs[i]!;
          if (pass === 0 ? d >= 0 : d <= 0) continue;
          const key = b.keys[i]!;
          if (pass === 0) {
            const held = st.rows.get(key);
            if (held === undefined) {
              // A retraction of a row not held still counts for the clock (Pathway's `_forget` sees every update).
              if (f !== undefined) see(side, this.spec.meta(side, key, b.rows[i]!).t);
              continue;
            }
            see(side, held.meta.t);
            st.rows.delete(key);
            this.unlist(side, key, held.meta, changed);
          } else {
            const old = st.rows.get(key);
            if (old !== undefined) this.unlist(side, key, old.meta, changed);
            const row = b.rows[i]!;
            const meta = this.spec.meta(side, key, row);
            see(side, meta.t);
            st.rows.set(key, { row, meta });
            this.list(side, key, meta, changed);
            this.schedule(side, key, meta);
          }
          if (this.outputs[side]) dirty[side].add(key);
        }
      }
    }
    const forgotten = f === undefined ? [] : this.due(f, batches);
    for (const side of [0, 1] as const) {
      const st = this.sides[side];
      if (seen[side]! > st.clock) st.clock = seen[side]!;
    }
    // Without keepResults, forgotten rows leave like deletions.
    if (f !== undefined && !f.keepResults) {
      for (const [side, key] of forgotten) {
        const held = this.sides[side].rows.get(key)!;
        this.sides[side].rows.delete(key);
        this.unlist(side, key, held.meta, changed);
        if (this.outputs[side]) dirty[side].add(key);
      }
    }
    this.widen(changed, dirty);
    const out = new Batch<unknown[]>();
    for (const side of [0, 1] as const) for (const key of dirty[side]) this.refresh(side, key, out, false);
    if (f !== undefined && f.keepResults && forgotten.length > 0) {
      // Forgotten rows leave silently; rows that may have lost their peer re-evaluate it without output.
      const quiet: Changed = [];
      const again: [Set<Key>, Set<Key>] = [new Set(), new Set()];
      for (const [side, key] of forgotten) {
        const st = this.sides[side];
        const held = st.rows.get(key)!;
        st.rows.delete(key);
        st.emitted.delete(key);
        this.unlist(side, key, held.meta, quiet);
      }
      this.widen(quiet, again);
      for (const side of [0, 1] as const) for (const key of again[side]) this.refresh(side, key, out, true);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }

  /** Adds to `dirty` the rows of the other side whose peer may have changed: those between a change's neighbours. */
  private widen(changed: Changed, dirty: [Set<Key>, Set<Key>]): void {
    for (const c of changed) {
      const other = (1 - c.side) as 0 | 1;
      if (!this.outputs[other]) continue;
      const theirs = this.sides[other].lists.get(c.inst);
      if (theirs === undefined) continue;
      const mine = this.sides[c.side].lists.get(c.inst) ?? [];
      const prevT = mine[lowerBound(mine, c.t) - 1]?.t ?? -Infinity;
      const nextT = mine[upperBound(mine, c.t)]?.t ?? Infinity;
      for (let i = lowerBound(theirs, prevT); i < theirs.length && theirs[i]!.t <= nextT; i++) {
        dirty[other].add(theirs[i]!.key);
      }
    }
  }

  /** Schedules a row's forgetting at time + cutoff. */
  private schedule(side: 0 | 1, key: Key, meta: AsofMeta): void {
    const f = this.spec.forgetting;
    if (f === undefined || meta.t === null) return;
    const st = this.sides[side];
    const th = meta.t + f.cutoff;
    const list = st.forget.get(th);
    if (list === undefined) {
      st.forget.set(th, [key]);
      st.heap.push(th);
    } else list.push(key);
  }

  /**
   * The present rows of each side receiving updates this step whose time + cutoff <= that side's clock (taken off
   * the schedule), each once: a row updated in place (same time, other values) is scheduled again at the same
   * threshold.
   */
  private due(
    f: NonNullable<AsofSpec['forgetting']>,
    batches: readonly [Batch<unknown[]>, Batch<unknown[]>],
  ): [0 | 1, Key][] {
    const out: [0 | 1, Key][] = [];
    for (const side of [0, 1] as const) {
      if (batches[side].keys.length === 0) continue;
      const st = this.sides[side];
      const w = st.clock;
      const seen = new Set<Key>();
      while (st.heap.size > 0 && st.heap.peek() <= w) {
        const th = st.heap.pop();
        for (const key of st.forget.get(th) ?? []) {
          const held = st.rows.get(key);
          if (held === undefined || held.meta.t === null || held.meta.t + f.cutoff !== th || seen.has(key))
            continue;
          seen.add(key);
          out.push([side, key]);
        }
        st.forget.delete(th);
      }
    }
    return out;
  }

  private list(side: 0 | 1, key: Key, meta: AsofMeta, changed: Changed): void {
    if (meta.t === null) return;
    const lists = this.sides[side].lists;
    let l = lists.get(meta.inst);
    if (l === undefined) lists.set(meta.inst, (l = []));
    insertEntry(l, { t: meta.t, key });
    changed.push({ side, inst: meta.inst, t: meta.t });
  }

  private unlist(side: 0 | 1, key: Key, meta: AsofMeta, changed: Changed): void {
    if (meta.t === null) return;
    const lists = this.sides[side].lists;
    const l = lists.get(meta.inst);
    if (l === undefined) return;
    removeEntry(l, meta.t, key);
    if (l.length === 0) lists.delete(meta.inst);
    changed.push({ side, inst: meta.inst, t: meta.t });
  }

  /** The peer of a row of `side` (an entry of the other side), or undefined. */
  private peer(side: 0 | 1, meta: AsofMeta): TimeEntry | undefined {
    if (meta.t === null) return undefined;
    const other = (1 - side) as 0 | 1;
    const list = this.sides[other].lists.get(meta.inst);
    if (list === undefined) return undefined;
    const t = meta.t;
    const otherFirst = this.bit[other] < this.bit[side];
    const prev = (): TimeEntry | undefined =>
      list[(otherFirst ? upperBound(list, t) : lowerBound(list, t)) - 1];
    const next = (): TimeEntry | undefined => list[otherFirst ? upperBound(list, t) : lowerBound(list, t)];
    const dir = this.spec.direction;
    if (dir === 'backward') return prev();
    if (dir === 'forward') return next();
    const p = prev();
    const n = next();
    if (p === undefined) return n;
    if (n === undefined) return p;
    return t - p.t < n.t - t ? p : n;
  }

  /** Re-matches a row; emits the change of its output row, or (`quiet`) only records its new peer. */
  private refresh(side: 0 | 1, key: Key, out: Batch<unknown[]>, quiet: boolean): void {
    const st = this.sides[side];
    const old = st.emitted.get(key);
    const held = st.rows.get(key);
    if (held === undefined) {
      if (old !== undefined) {
        if (old.out !== null) out.push(old.outKey, old.out, -1);
        st.emitted.delete(key);
      }
      return;
    }
    const p = this.peer(side, held.meta);
    const peerHeld = p === undefined ? undefined : this.sides[1 - side]!.rows.get(p.key);
    const peerKey = p === undefined ? null : p.key;
    const peerRow = peerHeld === undefined ? null : peerHeld.row;
    if (old !== undefined && old.ownRow === held.row && old.peerKey === peerKey && old.peerRow === peerRow)
      return;
    const outKey = this.spec.outKey(side, key);
    if (quiet) {
      st.emitted.set(key, { outKey, out: old?.out ?? null, ownRow: held.row, peerKey, peerRow });
      return;
    }
    if (old !== undefined && old.out !== null) out.push(old.outKey, old.out, -1);
    st.emitted.delete(key);
    const row =
      peerKey === null && this.spec.mode === 'inner'
        ? null
        : this.spec.make(side, key, held.row, held.meta, peerKey, peerRow);
    st.emitted.set(key, { outKey, out: row, ownRow: held.row, peerKey, peerRow });
    if (row !== null) out.push(outKey, row, 1);
  }

  override snapshot(): unknown {
    return this.sides.map((s) => ({
      rows: [...s.rows].map(([k, h]) => [k, h.row]),
      emitted: [...s.emitted].map(([k, e]) => [k, e.outKey, e.out, e.peerKey]),
      clock: s.clock,
    }));
  }

  override restore(state: unknown): void {
    const saved = state as {
      rows: [Key, unknown[]][];
      emitted: [Key, Key, unknown[] | null, Key | null][];
      clock?: number;
    }[];
    this.sides = [new SideState(), new SideState()];
    const ignored: Changed = [];
    saved.forEach((s, i) => {
      const side = i as 0 | 1;
      this.sides[side].clock = s.clock ?? -Infinity;
      for (const [k, row] of s.rows) {
        const meta = this.spec.meta(side, k, row);
        this.sides[side].rows.set(k, { row, meta });
        this.list(side, k, meta, ignored);
        this.schedule(side, k, meta);
      }
    });
    saved.forEach((s, i) => {
      const side = i as 0 | 1;
      for (const [k, outKey, out, peerKey] of s.emitted) {
        const ownRow = this.sides[side].rows.get(k)?.row ?? [];
        const peerRow = peerKey === null ? null : (this.sides[1 - side]!.rows.get(peerKey)?.row ?? null);
        this.sides[side].emitted.set(k, { outKey, out, ownRow, peerKey, peerRow });
      }
    });
  }

  override reset(): void {
    this.sides = [new SideState(), new SideState()];
  }
}
