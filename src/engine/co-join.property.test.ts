// Property tests of CoJoinOperator (both sides in one index of co-groups) against a nested-loop join from scratch.
//
// Properties checked, after every epoch of random inserts and deletes on both sides (same epoch included):
// 1. The integrated output equals the nested-loop join of the integrated inputs, multiplicities multiplied
//    (duplicate rows under one key included), and each side of the index equals its integrated input grouped by
//    index key (no empty co-groups, no zero diffs); rows of two widths on one side (a relayout to row slots) too;
//    and with sides keeping only the cell the output reads (`keepCells`), rows differing only in others merging; and
//    with `keyed` sides whose promise these streams break (duplicates, retractions of absent rows): their entries,
//    kept without diffs, are stored with diffs from the first multiplicity other than 1 on.
// 2. With a reader that reads no keys, the output's keys are left unmade and, made on demand, are the same.
// 3. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materializeKeys, type Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { sideOf, type Side, type SideLayout } from './co-group.js';
import { CoJoinOperator } from './co-join.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { combineKeys, keyFromValue, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  batchTriples,
  canonical,
  canonicalCollection,
  canonicalEntries,
  epochsArb,
  expectSameStep,
  integrate,
  record,
  type Command,
  type Entry,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = unknown[]; // [join key, value] or, when widths vary or cells are dropped, [join key, value, extra]
type Out = [unknown, unknown, unknown];

const narrowRow = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'z'));
const rowArbs = {
  'row slots': narrowRow,
  'inline rows': narrowRow,
  'keyed, promise broken': narrowRow,
  'rows of two widths': fc.oneof(
    narrowRow,
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.constant(1)),
  ),
  // Only the value is kept: the join key and the extra cell (which the output never reads) are not.
  'kept cells': fc.tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.constantFrom('x', 'y'),
    fc.integer({ min: 0, max: 2 }),
  ),
};
/** The cells kept per side in the 'kept cells' layout. */
const KEEP: [number[], number[]] = [[1], [1]];
const leftKey = (id: number): Key => keyFromValue(['L', id]);
const rightKey = (id: number): Key => keyFromValue(['R', id]);

/** The output row of a pair: the join key is not read when cells are kept (it is not among them). */
function outRowOf(keep: boolean): (lr: Row, rr: Row) => Out {
  return keep ? (lr, rr) => [null, lr[1], rr[1]] : (lr, rr) => [lr[0], lr[1], rr[1]];
}

function build(inlineRows: boolean, lazyReader = false, keep = false, keyed = false) {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const outRow = outRowOf(keep);
  const j = c.add(
    new CoJoinOperator<Row, Row, Out>(
      l,
      r,
      (_k, row) => row[0] as number,
      (_k, row) => row[0] as number,
      (lk, lr, rk, rr, d, o) => o.push(combineKeys(lk, rk), outRow(lr, rr), d),
      // The emit copies cells, so inline rows may be read into reused arrays.
      {
        inlineRows,
        transientRows: true,
        pairKeys: true,
        pairRow: (_lk, lr: Row, _rk, rr: Row) => outRow(lr, rr),
        pairKey: combineKeys,
        ...(keep ? { keepCells: KEEP } : {}),
        ...(keyed ? { keyed: true } : {}),
      },
    ),
  );
  const lazy: Batch<Out>[] = [];
  if (lazyReader) c.add(new OutputOperator<Out>(j, (b) => void lazy.push(b), { readsKeys: false }));
  // Every other reader reads keys: only the lazy reader's join leaves them unmade.
  const out = lazyReader ? undefined : integrate(c, j);
  const log = lazyReader ? [] : record(c, j);
  return { c, l, r, j, lazy, out, log };
}

function nestedLoop(left: readonly Entry<Row>[], right: readonly Entry<Row>[], keep = false): string[] {
  const outRow = outRowOf(keep);
  const triples: [Key, Out, number][] = [];
  for (const a of left) {
    for (const b of right)
      if (a.row[0] === b.row[0]) triples.push([combineKeys(a.key, b.key), outRow(a.row, b.row), 1]);
  }
  return canonical(triples);
}

/**
 * Side `s` of the join's index as canonical triples, checking that co-groups are non-empty, diffs non-zero, and rows
 * under their join key (when it is kept).
 */
function sideEntries(j: CoJoinOperator<Row, Row, Out>, s: Side, keep = false): string[] {
  const lay = (j as unknown as { layouts: [SideLayout, SideLayout] }).layouts[s];
  const triples: [Key, Row, number][] = [];
  for (const [ik, g] of j.index.entries()) {
    expect(g.length).toBeGreaterThan(1);
    const u = sideOf<Row>(g, s, lay);
    u.keys.forEach((k, i) => {
      if (!keep) expect(u.rows[i]![0]).toBe(ik);
      expect(u.diffs[i]).not.toBe(0);
      triples.push([k, u.rows[i]!, u.diffs[i]!]);
    });
  }
  return canonical(triples);
}

/** The entries a side's index should hold: the integrated input, rows reduced to the kept cells when cells are kept. */
function expectedEntries(entries: readonly Entry<Row>[], s: Side, keep: boolean): string[] {
  return canonicalEntries(
    keep ? entries.map((e) => ({ key: e.key, row: KEEP[s].map((c) => e.row[c]) })) : entries,
  );
}

function zip(a: Command<Row>[][], b: Command<Row>[][]): [Command<Row>[], Command<Row>[]][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? [], b[i] ?? []]);
}

describe.each(Object.entries(rowArbs))('CoJoinOperator (property, %s)', (layout, rowArb) => {
  const inlineRows = layout !== 'row slots';
  const keep = layout === 'kept cells';
  const keyed = layout === 'keyed, promise broken';
  const twoSided = fc.tuple(epochsArb<Row>(rowArb), epochsArb<Row>(rowArb));

  it('equals the nested-loop join of the integrated inputs after every epoch, its index the inputs', () => {
    fc.assert(
      fc.property(twoSided, ([le, re]) => {
        const { c, l, r, j, out } = build(inlineRows, false, keep, keyed);
        const lref = new ReferenceInput<Row>();
        const rref = new ReferenceInput<Row>();
        zip(le, re).forEach(([lc, rc], t) => {
          l.pushBatch(lref.apply(lc, leftKey));
          r.pushBatch(rref.apply(rc, rightKey));
          stepSync(c, t + 1);
          expect(canonicalCollection(out!)).toEqual(nestedLoop(lref.entries, rref.entries, keep));
          expect(sideEntries(j, 0, keep)).toEqual(expectedEntries(lref.entries, 0, keep));
          expect(sideEntries(j, 1, keep)).toEqual(expectedEntries(rref.entries, 1, keep));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('leaves keys unmade for a reader of no keys, and makes the same keys on demand', () => {
    fc.assert(
      fc.property(twoSided, ([le, re]) => {
        const { c, l, r, lazy } = build(inlineRows, true, keep, keyed);
        const lref = new ReferenceInput<Row>();
        const rref = new ReferenceInput<Row>();
        const seen: [Key, Out, number][] = [];
        zip(le, re).forEach(([lc, rc], t) => {
          l.pushBatch(lref.apply(lc, leftKey));
          r.pushBatch(rref.apply(rc, rightKey));
          stepSync(c, t + 1);
          for (const b of lazy.splice(0)) {
            expect(b.lazy).toBeDefined();
            materializeKeys(b);
            seen.push(...batchTriples(b));
          }
          expect(canonical(seen)).toEqual(nestedLoop(lref.entries, rref.entries, keep));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore into a fresh circuit', () => {
    fc.assert(
      fc.property(twoSided, fc.nat(10), ([le, re], cut) => {
        const a = build(inlineRows, false, keep, keyed);
        const lref = new ReferenceInput<Row>();
        const rref = new ReferenceInput<Row>();
        const epochs = zip(le, re);
        const at = cut % epochs.length;
        let b: ReturnType<typeof build> | undefined;
        epochs.forEach(([lc, rc], t) => {
          const lb = lref.apply(lc, leftKey);
          const rb = rref.apply(rc, rightKey);
          for (const x of b === undefined ? [a] : [a, b]) {
            x.l.pushBatch(lb);
            x.r.pushBatch(rb);
            stepSync(x.c, t + 1);
          }
          if (b !== undefined) {
            expectSameStep(a.log, b.log, t + 1);
            expect(canonicalCollection(b.out!)).toEqual(canonicalCollection(a.out!));
          }
          if (t === at) {
            b = build(inlineRows, false, keep, keyed);
            b.c.restore(structuredClone(a.c.snapshot()));
            // The restored circuit has integrated nothing of the outputs before the cut: start from the original's.
            b.out!.apply(a.out!.toBatch());
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
