// Property tests of CoJoinOperator (both sides in one index of co-groups) against a nested-loop join from scratch.
//
// Properties checked, after every epoch of random inserts and deletes on both sides (same epoch included):
// 1. The integrated output equals the nested-loop join of the integrated inputs, multiplicities multiplied
//    (duplicate rows under one key included), and each side of the index equals its integrated input grouped by
//    index key (no empty co-groups, no zero diffs); rows of two widths on one side (a relayout to row slots) too.
// 2. With a reader that reads no keys, the output's keys are left unmade and, made on demand, are the same.
// 3. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materializeKeys, type Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { sideOf, type Side } from './co-group.js';
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

type Row = unknown[]; // [join key, value] or, when widths vary, [join key, value, extra]
type Out = [unknown, unknown, unknown];

const narrowRow = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'z'));
const rowArbs = {
  'row slots': narrowRow,
  'inline rows': narrowRow,
  'rows of two widths': fc.oneof(
    narrowRow,
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.constant(1)),
  ),
};
const leftKey = (id: number): Key => keyFromValue(['L', id]);
const rightKey = (id: number): Key => keyFromValue(['R', id]);

function build(inlineRows: boolean, lazyReader = false) {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const outRow = (lr: Row, rr: Row): Out => [lr[0], lr[1], rr[1]];
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

function nestedLoop(left: readonly Entry<Row>[], right: readonly Entry<Row>[]): string[] {
  const triples: [Key, Out, number][] = [];
  for (const a of left) {
    for (const b of right)
      if (a.row[0] === b.row[0]) triples.push([combineKeys(a.key, b.key), [a.row[0], a.row[1], b.row[1]], 1]);
  }
  return canonical(triples);
}

/** Side `s` of the join's index as canonical triples, checking that co-groups are non-empty and diffs non-zero. */
function sideEntries(j: CoJoinOperator<Row, Row, Out>, s: Side): string[] {
  const cells = (j as unknown as { cells: [number, number] }).cells[s];
  const triples: [Key, Row, number][] = [];
  for (const [ik, g] of j.index.entries()) {
    expect(g.length).toBeGreaterThan(1);
    const u = sideOf<Row>(g, s, cells);
    u.keys.forEach((k, i) => {
      expect(u.rows[i]![0]).toBe(ik);
      expect(u.diffs[i]).not.toBe(0);
      triples.push([k, u.rows[i]!, u.diffs[i]!]);
    });
  }
  return canonical(triples);
}

function zip(a: Command<Row>[][], b: Command<Row>[][]): [Command<Row>[], Command<Row>[]][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? [], b[i] ?? []]);
}

describe.each(Object.entries(rowArbs))('CoJoinOperator (property, %s)', (layout, rowArb) => {
  const inlineRows = layout !== 'row slots';
  const twoSided = fc.tuple(epochsArb<Row>(rowArb), epochsArb<Row>(rowArb));

  it('equals the nested-loop join of the integrated inputs after every epoch, its index the inputs', () => {
    fc.assert(
      fc.property(twoSided, ([le, re]) => {
        const { c, l, r, j, out } = build(inlineRows);
        const lref = new ReferenceInput<Row>();
        const rref = new ReferenceInput<Row>();
        zip(le, re).forEach(([lc, rc], t) => {
          l.pushBatch(lref.apply(lc, leftKey));
          r.pushBatch(rref.apply(rc, rightKey));
          stepSync(c, t + 1);
          expect(canonicalCollection(out!)).toEqual(nestedLoop(lref.entries, rref.entries));
          expect(sideEntries(j, 0)).toEqual(canonicalEntries(lref.entries));
          expect(sideEntries(j, 1)).toEqual(canonicalEntries(rref.entries));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('leaves keys unmade for a reader of no keys, and makes the same keys on demand', () => {
    fc.assert(
      fc.property(twoSided, ([le, re]) => {
        const { c, l, r, lazy } = build(inlineRows, true);
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
          expect(canonical(seen)).toEqual(nestedLoop(lref.entries, rref.entries));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore into a fresh circuit', () => {
    fc.assert(
      fc.property(twoSided, fc.nat(10), ([le, re], cut) => {
        const a = build(inlineRows);
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
            b = build(inlineRows);
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
