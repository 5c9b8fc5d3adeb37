// An inner equi-join of two keyed inputs in which a side may be "exactly once" (Pathway's `left_exactly_once` /
// `right_exactly_once`): each of that side's rows joins at most once. In the step where it takes part in a pair it
// leaves the join's state, and the pair stays in the output (Pathway forgets the row at t + epsilon and filters the
// forgetting out of the result). Less state is kept: a matched row is gone for good.
//
// Algorithm: per step, each update of dB is emitted against A's rows under its join key, then applied to B; then each
// update of dA against B' (the bilinear rule, as co-join.ts). Rows of an exactly-once side whose pairs of this step do
// not cancel are then removed from its state, without output; one with more than one pair is reported (`onRepeated`,
// Pathway's "Repeated entry in a batch."): it was promised to join once.
// Retractions: a held row leaves the state, its pairs retracted as for any join (a held row of an exactly-once side
// made none, nor did the other side's rows with one); a retraction of an exactly-once side's row that is not held (it
// joined already) is reported (`onLateRetraction`) and dropped: such a side must be append-only. Nothing is kept of the
// rows that joined, so their memory is freed.
// State: per side, join key -> (row key -> row).
// Invariants: a side's state holds its inserted rows minus its retracted ones minus, for an exactly-once side, those
// that took part in a pair; so no row of an exactly-once side is held together with a row it matches.

import { EMPTY_BATCH, inspectUpdates, type Batch } from './batch.js';
import type { IndexKey } from './arrangement.js';
import { consolidateInput } from './consolidate.js';
import type { JoinEmit } from './join-pairs.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** 0 = left, 1 = right. */
type Side = 0 | 1;

/** One side's rows: join key -> (row key -> row). */
type SideState = Map<IndexKey, Map<Key, unknown>>;

/** Options of an exactly-once join. */
export interface ExactlyOnceJoinOptions<TL, TR> {
  /** Per side (left, right): whether each of its rows joins at most once. */
  readonly exactlyOnce: readonly [boolean, boolean];
  /** Called for a row of an exactly-once side that took part in more than one pair in one step. */
  readonly onRepeated: (side: Side, key: Key) => void;
  /** Called for a retraction of an exactly-once side's row that is not held: it joined already (it is dropped). */
  readonly onLateRetraction: (side: Side, key: Key) => void;
  /** Called with every update of the left input as it arrives. */
  readonly inspectLeft?: (key: Key, row: TL, diff: number) => void;
  /** Called with every update of the right input as it arrives. */
  readonly inspectRight?: (key: Key, row: TR, diff: number) => void;
}

/** A snapshot: per side, [join key, row key, row] entries. */
type Snapshot = [[IndexKey, Key, unknown][], [IndexKey, Key, unknown][]];

/** Inner equi-join forgetting each exactly-once side's rows once they joined (see the header). */
export class ExactlyOnceJoinOperator<TL, TR, TOut> extends Operator<TOut> {
  override skipWhenIdle = true;
  private sides: [SideState, SideState] = [new Map(), new Map()];

  /** Creates the join of `left` and `right` on `keyOfLeft` = `keyOfRight`; `emit` builds each pair's output. */
  constructor(
    left: Operator<TL>,
    right: Operator<TR>,
    private readonly keyOfLeft: (key: Key, row: TL) => IndexKey,
    private readonly keyOfRight: (key: Key, row: TR) => IndexKey,
    private readonly emit: JoinEmit<TL, TR, TOut>,
    private readonly options: ExactlyOnceJoinOptions<TL, TR>,
  ) {
    super([left, right]);
  }
  get name(): string {
    return 'join-exactly-once';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const rawL = this.inputs[0]!.output as Batch<TL>;
    const rawR = this.inputs[1]!.output as Batch<TR>;
    inspectUpdates(rawL, this.options.inspectLeft);
    inspectUpdates(rawR, this.options.inspectRight);
    const out = this.fresh();
    // Per exactly-once side, the rows that took part in a pair this step and the net multiplicity of their pairs (a pair
    // made and cancelled in one step, as when the other row is deleted then, does not count).
    const matched: [Map<Key, [IndexKey, number]>, Map<Key, [IndexKey, number]>] = [new Map(), new Map()];
    this.applySide(consolidateInput(rawR, true), 1, out, matched);
    this.applySide(consolidateInput(rawL, true), 0, out, matched);
    for (const s of [0, 1] as const) {
      for (const [key, [ik, count]] of matched[s]) {
        if (count === 0) continue;
        if (count !== 1) this.options.onRepeated(s, key);
        const rows = this.sides[s].get(ik);
        if (rows !== undefined && rows.delete(key) && rows.size === 0) this.sides[s].delete(ik);
      }
    }
    if (out.keys.length === 0) this.output = EMPTY_BATCH;
  }
  /** Emits each update of side `s`'s delta against the other side's rows under its join key, then applies it. */
  private applySide(
    delta: Batch<unknown>,
    s: Side,
    out: Batch<TOut>,
    matched: [Map<Key, [IndexKey, number]>, Map<Key, [IndexKey, number]>],
  ): void {
    const keyOf = (s === 0 ? this.keyOfLeft : this.keyOfRight) as (key: Key, row: unknown) => IndexKey;
    const o: Side = s === 0 ? 1 : 0;
    const own = this.sides[s];
    const other = this.sides[o];
    const once = this.options.exactlyOnce;
    const n = delta.keys.length;
    // Retractions first, so a key's `-old, +new` never removes the new row (which order the updates come in is free).
    for (let at = 0; at < 2 * n; at++) {
      const i = at < n ? at : at - n;
      const diff = delta.diffs[i]!;
      if (at < n ? diff > 0 : diff < 0) continue;
      const key = delta.keys[i]!;
      const row = delta.rows[i];
      const ik = keyOf(key, row);
      let rows = own.get(ik);
      if (diff < 0 && once[s] && rows?.has(key) !== true) {
        this.options.onLateRetraction(s, key);
        continue;
      }
      const partners = other.get(ik);
      if (partners !== undefined) {
        for (const [ok, orow] of partners) {
          if (s === 0) this.emit(key, row as TL, ok, orow as TR, diff, out);
          else this.emit(ok, orow as TL, key, row as TR, diff, out);
          if (once[s]) count(matched[s], key, ik, diff);
          if (once[o]) count(matched[o], ok, ik, diff);
        }
      }
      if (diff > 0) {
        if (rows === undefined) own.set(ik, (rows = new Map()));
        rows.set(key, row);
      } else if (rows !== undefined && rows.delete(key) && rows.size === 0) {
        own.delete(ik);
      }
    }
  }
  override snapshot(): unknown {
    const entries = (side: SideState): [IndexKey, Key, unknown][] => {
      const all: [IndexKey, Key, unknown][] = [];
      for (const [ik, rows] of side) for (const [k, r] of rows) all.push([ik, k, r]);
      return all;
    };
    const snap: Snapshot = [entries(this.sides[0]), entries(this.sides[1])];
    return snap;
  }
  override restore(state: unknown): void {
    const [l, r] = state as Snapshot;
    const side = (entries: [IndexKey, Key, unknown][]): SideState => {
      const m: SideState = new Map();
      for (const [ik, k, row] of entries) {
        let rows = m.get(ik);
        if (rows === undefined) m.set(ik, (rows = new Map()));
        rows.set(k, row);
      }
      return m;
    };
    this.sides = [side(l), side(r)];
  }
  override reset(): void {
    this.sides = [new Map(), new Map()];
  }
}

/** Adds a pair of multiplicity `diff` to row `key`'s count (join key `ik`). */
function count(m: Map<Key, [IndexKey, number]>, key: Key, ik: IndexKey, diff: number): void {
  const c = m.get(key);
  if (c === undefined) m.set(key, [ik, diff]);
  else c[1] += diff;
}
