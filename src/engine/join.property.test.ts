// Property tests of JoinOperator over Arrangements against a nested-loop join recomputed from scratch.
//
// Properties checked, after every epoch of random inserts and deletes on both sides (same epoch included):
// 1. The integrated output of an equi-join equals the nested-loop join of the integrated inputs, with
//    multiplicities multiplied (duplicate rows under one key included).
// 2. A self-join reading one shared arrangement on both sides equals the nested-loop self-join.
// 3. Every arrangement's index equals the integrated input grouped by index key (no empty groups, no zero diffs).
// 4. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Circuit } from './circuit.js';
import { InputOperator } from './input-operator.js';
import { JoinOperator } from './join.js';
import { combineKeys, keyFromValue, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  expectSameStep,
  canonical,
  canonicalCollection,
  canonicalEntries,
  epochsArb,
  integrate,
  record,
  type Command,
  type Entry,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string];
type Out = [number, string, string];

const rowArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'z'));
const twoSided = fc.tuple(epochsArb(rowArb), epochsArb(rowArb));
const leftKey = (id: number): Key => keyFromValue(['L', id]);
const rightKey = (id: number): Key => keyFromValue(['R', id]);

function build(inlineRows: boolean) {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const la = c.add(new Arrangement(l, (_k, row) => row[0], { inlineRows }));
  const ra = c.add(new Arrangement(r, (_k, row) => row[0], { inlineRows }));
  const j = c.add(
    new JoinOperator<Row, Row, Out>(
      la,
      ra,
      (lk, lr, rk, rr, d, o) => o.push(combineKeys(lk, rk), [lr[0], lr[1], rr[1]], d),
      // The emit copies cells, so inline rows may be read into reused arrays.
      { transientRows: true },
    ),
  );
  return { c, l, r, la, ra, out: integrate(c, j), log: record(c, j) };
}

function nestedLoop(left: readonly Entry<Row>[], right: readonly Entry<Row>[]): string[] {
  const triples: [Key, Out, number][] = [];
  for (const a of left) {
    for (const b of right)
      if (a.row[0] === b.row[0]) triples.push([combineKeys(a.key, b.key), [a.row[0], a.row[1], b.row[1]], 1]);
  }
  return canonical(triples);
}

function indexOf(a: Arrangement<Row>): string[] {
  const triples: [Key, Row, number][] = [];
  for (const ik of a.index.keys()) {
    const g = a.groupOf(ik)!;
    expect(g.keys.length).toBeGreaterThan(0);
    g.keys.forEach((k, i) => {
      expect(g.rows[i]![0]).toBe(ik);
      expect(g.diffs[i]).not.toBe(0);
      triples.push([k, g.rows[i]!, g.diffs[i]!]);
    });
  }
  return canonical(triples);
}

function zip(a: Command<Row>[][], b: Command<Row>[][]): [Command<Row>[], Command<Row>[]][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? [], b[i] ?? []]);
}

describe.each([
  ['row slots', false],
  ['inline rows', true],
])('JoinOperator (property, %s)', (_layout, inlineRows) => {
  it('equals the nested-loop join of the integrated inputs after every epoch', () => {
    fc.assert(
      fc.property(twoSided, ([le, re]) => {
        const { c, l, r, la, ra, out } = build(inlineRows);
        const lref = new ReferenceInput<Row>();
        const rref = new ReferenceInput<Row>();
        zip(le, re).forEach(([lc, rc], t) => {
          l.pushBatch(lref.apply(lc, leftKey));
          r.pushBatch(rref.apply(rc, rightKey));
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(nestedLoop(lref.entries, rref.entries));
          expect(indexOf(la)).toEqual(canonicalEntries(lref.entries));
          expect(indexOf(ra)).toEqual(canonicalEntries(rref.entries));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('self-joins through one shared arrangement', () => {
    fc.assert(
      fc.property(epochsArb(rowArb), (epochs) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<Row>());
        const a = c.add(new Arrangement(input, (_k, row) => row[0], { inlineRows }));
        const j = c.add(
          new JoinOperator<Row, Row, Out>(a, a, (lk, lr, rk, rr, d, o) =>
            o.push(combineKeys(lk, rk), [lr[0], lr[1], rr[1]], d),
          ),
        );
        const out = integrate(c, j);
        const ref = new ReferenceInput<Row>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(nestedLoop(ref.entries, ref.entries));
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
            expect(canonicalCollection(a.out)).toEqual(nestedLoop(lref.entries, rref.entries));
          }
          if (t === at) {
            b = build(inlineRows);
            b.c.restore(structuredClone(a.c.snapshot()));
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
