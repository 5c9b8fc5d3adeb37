// Incremental equi-join keeping both sides' rows itself, in one index of co-groups (co-group.ts).
//
// Algorithm: d(A join B) = A join dB + dA join B', evaluated in that order against the index as it changes: each update of
// dB is emitted against the left rows under its index key, then applied to the right side (A is still the left side
// before the step); then each update of dA is emitted against the right rows (now B') and applied to the left side.
// Pairs are emitted as join-pairs.ts describes (keyed `-old, +new` pairs together; keys left unmade when no reader
// reads them). A step updating one row of a keyed side (a stream's usual step) takes a shorter path (`updateInPlace`).
// State: `index` (index-table.ts), index key -> the co-group of both sides' rows under it, with multiplicities (cells
// inline per side); a keyed side's entries leave their multiplicity out (each row is there once, UNIT_AT), until an
// update would make one other than 1 (a duplicate, or a retraction of an absent row: the promise broken): the side is
// then stored with diffs from that update on (`withDiffs`).
// Invariants: after a step the index holds exactly the consolidated sum of each side's inputs so far; the sum of the
// outputs up to time t equals the join of the inputs integrated up to t.
// Projection: a side given `keepCells` keeps only those cells of its rows (the cells the output is built from),
// halving a narrow index's entries where the join key and unread columns would be stored with each row. Two rows of one
// key that differ only in cells nobody reads are then one entry: the pairs they make are the same.
// Against JoinOperator over two arrangements: an update looks up one Map entry and reads one array instead of two
// each, and the circuit runs one operator instead of three. Nothing else can read its sides arranged, so joins whose
// other parts read them (an outer join's unmatched rows) use JoinOperator.

import { EMPTY_BATCH, inspectUpdates, type Batch } from './batch.js';
import type { IndexKey } from './arrangement.js';
import {
  applyToCoGroup,
  checkKeptCells,
  coGroupOf,
  keptRows,
  newCoGroup,
  replacePairInCoGroup,
  sideEnd,
  sideOf,
  sideStart,
  type CoGroup,
  type Side,
  type SideLayout,
} from './co-group.js';
import { consolidateInput } from './consolidate.js';
import {
  DIFF_AT,
  ROW_SLOT,
  UNIT_AT,
  findEntry,
  fitsCells,
  inlineWidth,
  setPayload,
  strideOf,
  type Projection,
} from './flat-group.js';
import { PairEmitter, pairAt, setJoinOutputFlags, type JoinEmit, type JoinOptions } from './join-pairs.js';
import { sameKey, type Key } from './key.js';
import { IndexTable } from './index-table.js';
import { Operator } from './operator.js';
import { rowsEqual } from './row-equality.js';

/** Options of a co-indexed join. */
export interface CoJoinOptions<TL, TR> extends JoinOptions {
  /** Each side's integrated input has at most one row per key, with multiplicity 1 (tables; see `Arrangement`). */
  readonly keyed?: boolean;
  /** Stores rows that are arrays as their cells, inline in the co-groups (see `ArrangementOptions.inlineRows`). */
  readonly inlineRows?: boolean;
  /**
   * Per side, the only cells of its rows that `emit` reads (ascending indices), or undefined: only these are kept
   * (see the header), and a stored row handed to `emit` holds them at their own indices, its other cells placeholders.
   * Taken with `inlineRows` and `transientRows` only; every row of such a side must be an array holding those cells.
   */
  readonly keepCells?: readonly [Projection | undefined, Projection | undefined];
  /** Called with every update of the left input as it arrives (see `ArrangementOptions.inspect`). */
  readonly inspectLeft?: (key: Key, row: TL, diff: number) => void;
  /** Called with every update of the right input as it arrives. */
  readonly inspectRight?: (key: Key, row: TR, diff: number) => void;
}

/** Layout of a side before `reset` sets it. */
const UNSET: SideLayout = { cells: ROW_SLOT, proj: undefined, at: DIFF_AT };

/** A snapshot entry: index key, then the left and the right rows as parallel arrays. */
type SnapshotEntry = [IndexKey, Key[], unknown[], number[], Key[], unknown[], number[]];

/** Inner equi-join of two streams, indexing both sides by join key in one index (see the header). */
export class CoJoinOperator<TL, TR, TOut> extends Operator<TOut> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Index key -> the co-group of both sides' rows under it. */
  index = new IndexTable<CoGroup>();
  /** Each side's layout: inline cells or a row slot, the cells kept, entries with or without diffs (co-group.ts). */
  private layouts: [SideLayout, SideLayout] = [UNSET, UNSET];
  /** Per side: inline rows were asked for and no row has fixed their width yet. */
  private widthOpen: [boolean, boolean];
  /** Per side, the cells kept of each row (see `CoJoinOptions.keepCells`), or undefined: whole rows. */
  private readonly proj: [Projection | undefined, Projection | undefined];
  private readonly keyed: boolean;
  private readonly inlineRows: boolean;
  /** Pair keys over keyed sides: the output's flags can be told from the deltas' (see `setJoinOutputFlags`). */
  private readonly keyedPairs: boolean;
  private readonly pairs: PairEmitter<TL, TR, TOut>;
  private readonly inspect: [
    ((key: Key, row: TL, diff: number) => void) | undefined,
    ((key: Key, row: TR, diff: number) => void) | undefined,
  ];

  /** Creates a join of `left` and `right` on `keyOfLeft` = `keyOfRight`; `emit` builds each pair's output. */
  constructor(
    left: Operator<TL>,
    right: Operator<TR>,
    readonly keyOfLeft: (key: Key, row: TL) => IndexKey,
    readonly keyOfRight: (key: Key, row: TR) => IndexKey,
    emit: JoinEmit<TL, TR, TOut>,
    options: CoJoinOptions<TL, TR> = {},
  ) {
    super([left, right]);
    this.keyed = options.keyed === true;
    this.inlineRows = options.inlineRows === true;
    const projects = this.inlineRows && options.transientRows === true;
    this.proj = projects && options.keepCells !== undefined ? [...options.keepCells] : [undefined, undefined];
    this.widthOpen = [this.inlineRows, this.inlineRows];
    this.keyedPairs = options.pairKeys === true && this.keyed;
    this.pairs = new PairEmitter(this, emit, options);
    this.inspect = [options.inspectLeft, options.inspectRight];
    this.reset();
  }
  get name(): string {
    return 'join';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const rawL = this.inputs[0]!.output as Batch<TL>;
    const rawR = this.inputs[1]!.output as Batch<TR>;
    inspectUpdates(rawL, this.inspect[0]);
    inspectUpdates(rawR, this.inspect[1]);
    if (rawL.keys.length === 0 && rawR.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const nl = rawL.keys.length;
    if (this.keyedPairs && nl + rawR.keys.length === 2 && (nl === 0 || nl === 2)) {
      // One call site: the JIT compiles the in-place path once, not once per side.
      if (this.updateInPlace(nl === 0 ? rawR : rawL, nl === 0 ? 1 : 0)) return;
    }
    this.applyBoth(rawL, rawR);
  }
  /**
   * Any other step: both sides' deltas applied (see the header). A method of its own, so that the JIT, which inlines
   * a call only when it is frequent, compiles a stream's one-row steps without this path.
   */
  private applyBoth(rawL: Batch<TL>, rawR: Batch<TR>): void {
    // Consolidated first, as an arrangement's input (see `Arrangement.eval`): no pair is built for a row inserted and
    // retracted in the same step.
    const dl = consolidateInput(rawL, this.keyed);
    const dr = consolidateInput(rawR, this.keyed);
    this.fixLayout(dl, 0);
    this.fixLayout(dr, 1);
    const out = this.pairs.start();
    const oneSided = this.keyedPairs && (dl.keys.length === 0 || dr.keys.length === 0);
    let emptied = this.applySide(dr, 1, out, oneSided, undefined);
    emptied = this.applySide(dl, 0, out, oneSided, emptied);
    if (emptied !== undefined) {
      for (const ik of emptied) if (this.index.get(ik)?.length === 1) this.index.delete(ik);
    }
    if (out.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    setJoinOutputFlags(out, dl, dr, this.keyedPairs, oneSided);
    this.output = out;
  }
  /**
   * The step of one row's update on side `s` of keyed sides, the other side idle (a stream's usual step): when `raw`
   * is one key's retraction and insertion of different rows under one index key, and the row's entry is stored inline
   * without a diff, the pair is emitted against the other side's rows and the entry's cells are replaced in place, with
   * the output's flags known (as `setJoinOutputFlags` sets them for such a step): `applySide`'s work without its
   * consolidation, layout checks and general loop. Returns false, changing nothing, for any other step.
   */
  private updateInPlace(raw: Batch<unknown>, s: Side): boolean {
    const lay = this.layouts[s];
    if (this.widthOpen[s] || lay.cells < 0 || lay.at !== UNIT_AT) return false;
    const { keys, rows, diffs } = raw;
    const d0 = diffs[0]!;
    const key = keys[0]!;
    if ((d0 !== 1 && d0 !== -1) || d0 + diffs[1]! !== 0 || !sameKey(key, keys[1]!)) return false;
    const keyOf = (s === 0 ? this.keyOfLeft : this.keyOfRight) as (key: Key, row: unknown) => IndexKey;
    const ik = keyOf(key, rows[0]);
    const g = keyOf(key, rows[1]) === ik ? this.index.get(ik) : undefined;
    if (g === undefined) return false;
    const { cells, proj } = lay;
    if (proj !== undefined) checkKeptCells(rows, proj, s);
    else if (!fitsCells(rows[0], cells) || !fitsCells(rows[1], cells)) return false;
    const gone = d0 < 0 ? 0 : 1;
    const j = findEntry(g, key, rows[gone], cells, sideStart(g, s), sideEnd(g, s), proj, UNIT_AT);
    if (j < 0 || rowsEqual(rows[0], rows[1])) return false;
    const other: Side = s === 0 ? 1 : 0;
    const { cells: oCells, at: oAt, proj: oProj } = this.layouts[other];
    const out = this.pairs.onlyPair(
      raw,
      g,
      sideStart(g, other),
      sideEnd(g, other),
      oCells,
      other,
      oAt,
      oProj,
    );
    setPayload(g, j, rows[1 - gone], cells, proj, UNIT_AT);
    raw.consolidated = raw.grouped = true;
    if (out.keys.length === 0) {
      this.output = EMPTY_BATCH;
    } else {
      out.consolidated = out.grouped = true;
      this.output = out;
    }
    return true;
  }
  /**
   * Emits each update of side `s`'s delta against the other side's rows under its index key, then applies it to side
   * `s` (see the header). Returns `emptied` with the index keys whose co-group became empty added: they stay in the
   * index until the step ends, so a retraction followed by an insertion reuses the array.
   */
  private applySide(
    delta: Batch<unknown>,
    s: Side,
    out: Batch<TOut>,
    oneSided: boolean,
    emptied: IndexKey[] | undefined,
    from = 0,
    emitFrom = 0,
  ): IndexKey[] | undefined {
    const n = delta.keys.length;
    if (n === 0) return emptied;
    const keyOf = (s === 0 ? this.keyOfLeft : this.keyOfRight) as (key: Key, row: unknown) => IndexKey;
    const other: Side = s === 0 ? 1 : 0;
    const lay = this.layouts[s];
    const { cells: oCells, at: oAt, proj: oProj } = this.layouts[other];
    const oStride = strideOf(oCells, oAt);
    const { index, pairs, keyed } = this;
    const { keys, rows, diffs } = delta;
    let lastIk: IndexKey = undefined;
    let lastG: CoGroup | undefined;
    for (let i = from; i < n; i++) {
      const key = keys[i]!;
      const ik = keyOf(key, rows[i]);
      let g = i > from && ik === lastIk ? lastG : index.get(ik);
      // Updates before `emitFrom` were emitted before the side took diffs (see `withDiffs`): only applied now.
      const emits = i >= emitFrom;
      if (g === undefined) {
        // Nothing on the other side under this key: nothing to emit.
        g = newCoGroup(s, key, rows[i], diffs[i]!, lay);
        if (g === undefined)
          return this.withDiffs(delta, s, out, oneSided, emptied, i, Math.max(i + 1, emitFrom));
        index.set(ik, g);
        lastIk = ik;
        lastG = g;
        continue;
      }
      const pair = keyed && emits && pairAt(delta, i, ik, keyOf);
      const oFrom = sideStart(g, other);
      const oTo = sideEnd(g, other);
      if (oFrom < oTo && emits) {
        if (pair && oneSided) {
          pairs.emitPairAgainst(delta, i, g, oFrom, oTo, oCells, other, out, oAt, oProj);
        } else {
          pairs.emitAgainst(delta, i, g, oFrom, oTo, oCells, other, out, oAt, oProj);
          if (pair) pairs.emitAgainst(delta, i + 1, g, oFrom, oTo, oCells, other, out, oAt, oProj);
        }
      }
      const before = g;
      let next: CoGroup | undefined = g;
      if (!pair || !replacePairInCoGroup(g, s, keys, rows, diffs, i, lay)) {
        next = applyToCoGroup(g, s, key, rows[i], diffs[i]!, lay, oStride);
        if (next === undefined) {
          return this.withDiffs(
            delta,
            s,
            out,
            oneSided,
            emptied,
            i,
            Math.max(pair ? i + 2 : i + 1, emitFrom),
          );
        }
        if (pair) {
          const second = applyToCoGroup(next, s, keys[i + 1]!, rows[i + 1], diffs[i + 1]!, lay, oStride);
          if (second === undefined) {
            // The first update is applied: the relayout must see it.
            if (next !== g) index.set(ik, next);
            return this.withDiffs(delta, s, out, oneSided, emptied, i + 1, i + 2);
          }
          next = second;
        }
      }
      g = next;
      if (pair) i++;
      if (g !== before) index.set(ik, g);
      else if (g.length === 1) (emptied ??= []).push(ik);
      lastIk = ik;
      lastG = g;
    }
    return emptied;
  }
  /**
   * Stores side `s` with diffs from now on (a unit layout met a multiplicity other than 1: a keyed side's promise
   * broken), then applies `delta` from update `from` on, emitting only from update `emitFrom` (the updates before it
   * were emitted already).
   */
  private withDiffs(
    delta: Batch<unknown>,
    s: Side,
    out: Batch<TOut>,
    oneSided: boolean,
    emptied: IndexKey[] | undefined,
    from: number,
    emitFrom: number,
  ): IndexKey[] | undefined {
    const to: [SideLayout, SideLayout] = [this.layouts[0], this.layouts[1]];
    to[s] = { ...to[s], at: DIFF_AT };
    this.relayout(to);
    return this.applySide(delta, s, out, oneSided, emptied, from, emitFrom);
  }
  /**
   * Fixes side `s`'s inline width from the first rows stored, and turns the side back to row slots when a row of
   * `delta` does not fit the inline layout (rare: rows of one operator have one width). A projected side's layout is
   * fixed: its rows are only checked to hold the kept cells.
   */
  private fixLayout(delta: Batch<unknown>, s: Side): void {
    if (delta.keys.length === 0) return;
    const lay = this.layouts[s];
    if (lay.proj !== undefined) {
      checkKeptCells(delta.rows, lay.proj, s);
      return;
    }
    if (this.widthOpen[s]) {
      this.widthOpen[s] = false;
      this.layouts[s] = { ...lay, cells: inlineWidth(delta.rows) };
      this.shapeRows();
      return;
    }
    if (lay.cells < 0) return;
    const rows = delta.rows;
    for (let i = 0; i < rows.length; i++) {
      if (!fitsCells(rows[i], lay.cells)) {
        const to: [SideLayout, SideLayout] = [this.layouts[0], this.layouts[1]];
        to[s] = { ...lay, cells: ROW_SLOT };
        this.relayout(to);
        return;
      }
    }
  }
  /** Rebuilds the index in the layouts `to` (a unit layout only for a side whose entries all have diff 1). */
  private relayout(to: [SideLayout, SideLayout]): void {
    const [lf, rf] = this.layouts;
    const index = new IndexTable<CoGroup>();
    for (const [ik, g] of this.index.entries())
      index.set(ik, coGroupOf(sideOf(g, 0, lf), to[0], sideOf(g, 1, rf), to[1]));
    this.index = index;
    this.layouts = to;
    this.shapeRows();
  }
  /** Shapes the emitter's reused rows for both sides' layouts (`PairEmitter.shapeScratch`). */
  private shapeRows(): void {
    for (const s of [0, 1] as const) this.pairs.shapeScratch(s, this.layouts[s].cells, this.layouts[s].proj);
  }
  override snapshot(): unknown {
    const [lf, rf] = this.layouts;
    return [...this.index.entries()].map(([ik, g]): SnapshotEntry => {
      const l = sideOf(g, 0, lf);
      const r = sideOf(g, 1, rf);
      return [ik, l.keys, l.rows, l.diffs, r.keys, r.rows, r.diffs];
    });
  }
  override restore(state: unknown): void {
    // Fresh arrays (a snapshot may be restored again); layouts chosen again from the restored rows, except a projected
    // side's (its rows are the kept cells, or whole rows from a snapshot of a join keeping them all); a keyed side
    // leaves diffs out when every restored one is 1.
    const entries = state as SnapshotEntry[];
    const [lp, rp] = this.proj;
    const layout = (rows: unknown[], diffs: number[], proj: Projection | undefined): SideLayout => ({
      cells: proj !== undefined ? proj.length : this.inlineRows ? inlineWidth(rows) : ROW_SLOT,
      proj,
      at: this.keyed && diffs.every((d) => d === 1) ? UNIT_AT : DIFF_AT,
    });
    const lRows = entries.flatMap((e) => e[2]);
    const rRows = entries.flatMap((e) => e[5]);
    const lf = layout(
      lRows,
      entries.flatMap((e) => e[3]),
      lp,
    );
    const rf = layout(
      rRows,
      entries.flatMap((e) => e[6]),
      rp,
    );
    const index = new IndexTable<CoGroup>();
    for (const [ik, lk, lr, ld, rk, rr, rd] of entries) {
      const left = { keys: lk, rows: keptRows(lr, lp), diffs: ld };
      index.set(ik, coGroupOf(left, lf, { keys: rk, rows: keptRows(rr, rp), diffs: rd }, rf));
    }
    this.index = index;
    this.layouts = [lf, rf];
    this.shapeRows();
    this.widthOpen = [
      lp === undefined && this.inlineRows && lRows.length === 0,
      rp === undefined && this.inlineRows && rRows.length === 0,
    ];
  }
  override reset(): void {
    this.index = new IndexTable();
    // A keyed side's rows are each there once: its entries leave the diff out until a broken promise says otherwise.
    const at = this.keyed ? UNIT_AT : DIFF_AT;
    const [lp, rp] = this.proj;
    this.layouts = [
      { cells: lp !== undefined ? lp.length : ROW_SLOT, proj: lp, at },
      { cells: rp !== undefined ? rp.length : ROW_SLOT, proj: rp, at },
    ];
    this.shapeRows();
    this.widthOpen = [lp === undefined && this.inlineRows, rp === undefined && this.inlineRows];
  }
}
