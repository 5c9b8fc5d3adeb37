// Incremental equi-join of two arrangements by the bilinear rule.
//
// Algorithm: d(A join B) = dA join B' + A join dB, where B' is the right arrangement after this step's delta and A the
// left one before it (A = A' - dA, evaluated per matched group, since the arrangement operators have already
// applied their deltas when the join runs). Pairs are emitted as join-pairs.ts describes (keyed `-old, +new` pairs
// together; keys left unmade when no reader reads them).
// State: none of its own; it reads the two shared arrangements.
// Invariants: the sum of outputs up to time t equals the join of the inputs integrated up to t.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { Arrangement, IndexKey } from './arrangement.js';
import { ROW_SLOT, rowAt, strideOf, type FlatGroup } from './flat-group.js';
import { PairEmitter, pairAt, setJoinOutputFlags, type JoinEmit, type JoinOptions } from './join-pairs.js';
import { rowsEqual } from './row-equality.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

export type { JoinEmit, JoinOptions } from './join-pairs.js';

/**
 * A left group as it was before this step: the new group `g` (layout `cells`) minus this step's left updates `fresh`
 * (indices into `dl`, all with the group's index key), as a row-slot group. Cost O(|g| + |fresh|) with a by-key
 * index of the fresh updates.
 */
function oldGroup<T>(
  g: FlatGroup | undefined,
  cells: number,
  dl: Batch<T>,
  fresh: readonly number[],
): FlatGroup {
  const byKey = new Map<Key, number[]>();
  for (const i of fresh) {
    const list = byKey.get(dl.keys[i]!);
    if (list === undefined) byKey.set(dl.keys[i]!, [i]);
    else list.push(i);
  }
  const old: FlatGroup = [];
  const used = new Set<number>();
  if (g !== undefined) {
    const s = strideOf(cells);
    for (let j = 0; j < g.length; j += s) {
      let w = g[j + 1] as number;
      const row = rowAt(g, j, cells);
      const same = byKey.get(g[j] as Key);
      if (same !== undefined) {
        for (const i of same) {
          if (!used.has(i) && rowsEqual(dl.rows[i], row)) {
            w -= dl.diffs[i]!;
            used.add(i);
          }
        }
      }
      if (w !== 0) old.push(g[j], w, row);
    }
  }
  // Updates whose row is no longer in the group at all were in the old group with the opposite weight.
  for (const i of fresh) {
    if (used.has(i)) continue;
    old.push(dl.keys[i]!, -dl.diffs[i]!, dl.rows[i]!);
  }
  return old;
}

/** Inner equi-join of two arrangements. */
export class JoinOperator<TL, TR, TOut> extends Operator<TOut> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Pair keys over keyed arrangements: the output's flags can be told from the deltas' (see `setJoinOutputFlags`). */
  private readonly keyedPairs: boolean;
  /** Builds and pushes the pairs. */
  private readonly pairs: PairEmitter<TL, TR, TOut>;
  /** Creates a join; `emit` builds output rows for each matching pair. */
  constructor(
    private readonly left: Arrangement<TL>,
    private readonly right: Arrangement<TR>,
    emit: JoinEmit<TL, TR, TOut>,
    options: JoinOptions = {},
  ) {
    super([left, right]);
    this.keyedPairs = options.pairKeys === true && left.keyed && right.keyed;
    this.pairs = new PairEmitter(this, emit, options);
    // Each side touches the other's group when it looks up its own (see `Arrangement.peer`).
    left.peer ??= right as Arrangement<unknown>;
    right.peer ??= left as Arrangement<unknown>;
  }
  get name(): string {
    return 'join';
  }
  eval(): void {
    const dl = this.left.output;
    const dr = this.right.output;
    if (dl.keys.length === 0 && dr.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const pairs = this.pairs;
    const out = pairs.start();
    // The arrangements' touch of each other's groups reads the keys only for keys made here (next step's guess).
    this.left.touchKeys = this.right.touchKeys = !pairs.lazy;
    // One side's delta only, of keyed sides, with pair keys: pairs come out grouped, and consolidated once each
    // update pair's cancelling outputs are dropped (see join-pairs.ts).
    const oneSided = this.keyedPairs && (dl.keys.length === 0 || dr.keys.length === 0);
    const lKeyOf = this.left.keyOf;
    const rKeyOf = this.right.keyOf;
    const rIndex = this.right.index;
    const lIndex = this.left.index;
    // dA join B'
    // Consecutive left updates with one index key (an update's -old, +new) look the right group up once.
    let lastIk: IndexKey = undefined;
    let lastG: FlatGroup | undefined;
    const rCells = this.right.cells;
    for (let i = 0; i < dl.keys.length; i++) {
      const ik = lKeyOf(dl.keys[i]!, dl.rows[i]!);
      const g = i > 0 && ik === lastIk ? lastG : rIndex.get(ik);
      lastIk = ik;
      lastG = g;
      if (g === undefined) continue;
      if (oneSided && pairAt(dl, i, ik, lKeyOf)) {
        pairs.emitPairAgainst(dl, i, g, 0, g.length, rCells, 1, out);
        i++;
        continue;
      }
      pairs.emitAgainst(dl, i, g, 0, g.length, rCells, 1, out);
    }
    // A join dB, with A the left side BEFORE this step: A' minus the part of dA in each matched group, so pairs of
    // dA join dB are not counted twice (and nothing has to be emitted only to be cancelled).
    // A left side that was empty before this step (a load) has nothing to pair with dB.
    const nr = dl.keys.length > 0 && this.left.wasEmpty ? 0 : dr.keys.length;
    const both = dl.keys.length > 0;
    let dlByKey: Map<IndexKey, number[]> | undefined;
    if (both && nr > 0) {
      dlByKey = new Map();
      for (let i = 0; i < dl.keys.length; i++) {
        const ik = lKeyOf(dl.keys[i]!, dl.rows[i]!);
        const list = dlByKey.get(ik);
        if (list === undefined) dlByKey.set(ik, [i]);
        else list.push(i);
      }
    }
    // Old left groups are computed once per index key touched by both deltas (cached across right rows).
    const oldGroups = dlByKey === undefined ? undefined : new Map<IndexKey, FlatGroup>();
    const lCells = this.left.cells;
    for (let i = 0; i < nr; i++) {
      const ik = rKeyOf(dr.keys[i]!, dr.rows[i]!);
      const fresh = dlByKey?.get(ik);
      let g = lIndex.get(ik);
      let cells = lCells;
      if (fresh !== undefined) {
        let old = oldGroups!.get(ik);
        if (old === undefined) {
          old = oldGroup(g, lCells, dl, fresh);
          oldGroups!.set(ik, old);
        }
        g = old;
        cells = ROW_SLOT;
      }
      if (g === undefined) continue;
      if (oneSided && pairAt(dr, i, ik, rKeyOf)) {
        pairs.emitPairAgainst(dr, i, g, 0, g.length, cells, 0, out);
        i++;
        continue;
      }
      pairs.emitAgainst(dr, i, g, 0, g.length, cells, 0, out);
    }
    if (out.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    setJoinOutputFlags(out, dl, dr, this.keyedPairs, oneSided);
    this.output = out;
  }
}
