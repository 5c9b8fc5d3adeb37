// Property test of chained joins (`a.join(b, ...).join(c, ...)`) against recomputation from scratch at every epoch.
//
// Property: for three random keyed streams (inserts, updates, deletes; small key domains with None), an inner or left
// join of A and B on k, chained in each mode (inner, left, right, outer) with C on m, equals the nested-loop join of
// the integrated inputs at every epoch: a row per matching triple, unmatched rows of a kept side padded with None;
// ids are combineKeys(combineKeys(aId, bId), cId), with keyFromValue(null) for a missing part. The same with the join
// of A and B on the right (`c.join(a.join(b))`): ids combineKeys(cId, combineKeys(aId, bId)).

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../index.js';
import { combineKeys, keyFromValue, type Key } from '../engine/key.js';
import { captureTables } from '../testing/capture.js';
import type { JoinMode } from './join.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from './property-helpers.test-util.js';

afterEach(() => cw.clearGraph());

type A = { k: string | null; v: number };
type B = { k: string | null; m: number | null; w: number };
type C = { m: number | null; z: number };
const aColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'v', dtype: cw.INT },
];
const bColumns = [
  { name: 'k', dtype: cw.STR.optional() },
  { name: 'm', dtype: cw.INT.optional() },
  { name: 'w', dtype: cw.INT },
];
const cColumns = [
  { name: 'm', dtype: cw.INT.optional() },
  { name: 'z', dtype: cw.INT },
];
const mArb = fc.constantFrom<number | null>(0, 1, null);
const aArb = fc.record({ k: domains.smallKey, v: domains.smallInt });
const bArb = fc.record({ k: domains.smallKey, m: mArb, w: domains.smallInt });
const cArb = fc.record({ m: mArb, z: domains.smallInt });
const NULL_KEY = keyFromValue(null);

/** A model join's row: its id and values [v, w, z, m of B]. */
type Out = [Key, unknown[]];

/** The pairs of `first ⋈ B` on k (`firstHow`), with their ids. */
function modelPairs(as: readonly ModelRow[], bs: readonly ModelRow[], firstHow: 'inner' | 'left') {
  const pairs: { id: Key; a: ModelRow; b: ModelRow | null }[] = [];
  for (const a of as) {
    const matched = bs.filter((b) => a.k !== null && a.k === b.k);
    for (const b of matched) pairs.push({ id: combineKeys(a.id, b.id), a, b });
    if (matched.length === 0 && firstHow === 'left')
      pairs.push({ id: combineKeys(a.id, NULL_KEY), a, b: null });
  }
  return pairs;
}

/** The nested-loop `first ⋈ B` then `⋈ C` of the model rows (first join `firstHow`, second `how`). */
function modelChain(
  as: readonly ModelRow[],
  bs: readonly ModelRow[],
  cs: readonly ModelRow[],
  firstHow: 'inner' | 'left',
  how: JoinMode,
): Out[] {
  const pairs = modelPairs(as, bs, firstHow);
  const out: Out[] = [];
  const row = (p: (typeof pairs)[number] | null, c: ModelRow | null): Out => [
    combineKeys(p?.id ?? NULL_KEY, c?.id ?? NULL_KEY),
    [p?.a.v ?? null, p?.b?.w ?? null, c?.z ?? null, p?.b?.m ?? null],
  ];
  const matches = (p: (typeof pairs)[number], c: ModelRow): boolean =>
    c.m !== null && c.m === (p.b?.m ?? null);
  for (const p of pairs) for (const c of cs) if (matches(p, c)) out.push(row(p, c));
  if (how === 'left' || how === 'outer') {
    for (const p of pairs) if (!cs.some((c) => matches(p, c))) out.push(row(p, null));
  }
  if (how === 'right' || how === 'outer') {
    for (const c of cs) if (!pairs.some((p) => matches(p, c))) out.push(row(null, c));
  }
  return out;
}

/** The nested-loop `C ⋈ (first ⋈ B)` (C.m = B.m, `how`) of the model rows: the chain with the pairs on the right. */
function modelRightChain(
  as: readonly ModelRow[],
  bs: readonly ModelRow[],
  cs: readonly ModelRow[],
  firstHow: 'inner' | 'left',
  how: JoinMode,
): Out[] {
  const pairs = modelPairs(as, bs, firstHow);
  const row = (c: ModelRow | null, p: (typeof pairs)[number] | null): Out => [
    combineKeys(c?.id ?? NULL_KEY, p?.id ?? NULL_KEY),
    [p?.a.v ?? null, p?.b?.w ?? null, c?.z ?? null, p?.b?.m ?? null],
  ];
  const matches = (c: ModelRow, p: (typeof pairs)[number]): boolean =>
    c.m !== null && c.m === (p.b?.m ?? null);
  const out: Out[] = [];
  for (const c of cs) for (const p of pairs) if (matches(c, p)) out.push(row(c, p));
  if (how === 'left' || how === 'outer') {
    for (const c of cs) if (!pairs.some((p) => matches(c, p))) out.push(row(c, null));
  }
  if (how === 'right' || how === 'outer') {
    for (const p of pairs) if (!cs.some((c) => matches(c, p))) out.push(row(null, p));
  }
  return out;
}

const MODES: readonly JoinMode[] = ['inner', 'left', 'right', 'outer'];

type Model = typeof modelChain;
type Build = (at: cw.Table<A>, bt: cw.Table<B>, ct: cw.Table<C>, how: JoinMode) => cw.Table<any>;

/** Builds the chain in every mode over three random streams and checks each against `model` at every epoch. */
async function checkChain(
  aEpochs: Parameters<typeof resolveStream<A>>[1],
  bEpochs: Parameters<typeof resolveStream<B>>[1],
  cEpochs: Parameters<typeof resolveStream<C>>[1],
  firstHow: 'inner' | 'left',
  build: Build,
  model: Model,
): Promise<void> {
  const as = resolveStream<A>(aColumns, aEpochs, 'a');
  const bs = resolveStream<B>(bColumns, bEpochs, 'b');
  const cs = resolveStream<C>(cColumns, cEpochs, 'c');
  const [at, bt, ct] = [streamTable<A>(as), streamTable<B>(bs), streamTable<C>(cs)];
  const captured = await captureTables(MODES.map((how) => build(at, bt, ct, how).named(`chain-${how}`)));
  const times = stepTimes(as, bs, cs);
  MODES.forEach((how, i) =>
    expectEveryEpoch(captured[i]!, times, (t) =>
      model(as.rowsAt(t), bs.rowsAt(t), cs.rowsAt(t), firstHow, how),
    ),
  );
}

/** `(A ⋈ B) ⋈ C`: the earlier join on the left. */
const leftChain =
  (firstHow: 'inner' | 'left'): Build =>
  (at, bt, ct, how) =>
    at
      .join(bt, at.c.k.eq(bt.c.k), { how: firstHow })
      .join(ct, cw.left.m.eq(cw.right.m), { how })
      .select({ v: at.c.v, w: bt.c.w, z: cw.right.z, bm: bt.c.m });

/** `C ⋈ (A ⋈ B)`: the earlier join on the right. */
const rightChain =
  (firstHow: 'inner' | 'left'): Build =>
  (at, bt, ct, how) =>
    ct
      .join(at.join(bt, at.c.k.eq(bt.c.k), { how: firstHow }), cw.left.m.eq(cw.right.m), { how })
      .select({ v: at.c.v, w: cw.right.w, z: ct.c.z, bm: bt.c.m });

describe('chained join property', () => {
  it('a table joined in every mode with an inner or left join result on its right matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(aArb),
        streamArb(bArb),
        streamArb(cArb),
        fc.constantFrom<'inner' | 'left'>('inner', 'left'),
        (ae, be, ce, firstHow) => checkChain(ae, be, ce, firstHow, rightChain(firstHow), modelRightChain),
      ),
      TABLE_RUNS,
    );
  });

  it('an inner join chained in every mode with a third table matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(aArb), streamArb(bArb), streamArb(cArb), (ae, be, ce) =>
        checkChain(ae, be, ce, 'inner', leftChain('inner'), modelChain),
      ),
      TABLE_RUNS,
    );
  });

  it('a left join chained in every mode with a third table matches recomputation at every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb(aArb), streamArb(bArb), streamArb(cArb), (ae, be, ce) =>
        checkChain(ae, be, ce, 'left', leftChain('left'), modelChain),
      ),
      TABLE_RUNS,
    );
  });
});
