// Property tests of DeduplicateOperator against recomputation from scratch.
//
// Properties checked, after every epoch of a random stream of inserts and deletes:
// 1. The integrated output equals a from-scratch fold over all (consolidated) insertions so far, in order:
//    per instance, the last value the acceptor (`new >= kept + 2`) accepted. Deletes change nothing.
// 2. The integrated output holds each instance's row with multiplicity exactly 1.
// 3. Snapshot at a random epoch, restore into a fresh operator: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { consolidateBatch } from './consolidate.js';
import { DeduplicateOperator } from './deduplicate-operator.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  canonical,
  canonicalCollection,
  epochsArb,
  integrate,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [instance: string, value: number];

const rowArb = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 9 }));
const accept = (row: Row, kept: Row | undefined) => kept === undefined || row[1] >= kept[1] + 2;

function build() {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const dedup = c.add(
    new DeduplicateOperator<Row>(input, {
      instance: (_k, r) => r[0],
      outputKey: (inst) => keyFromValue(inst),
      accept,
    }),
  );
  return { c, input, out: integrate(c, dedup) };
}

describe('DeduplicateOperator (property)', () => {
  it('equals a fold over all insertions after every epoch', () => {
    fc.assert(
      fc.property(epochsArb(rowArb), (epochs) => {
        const { c, input, out } = build();
        const ref = new ReferenceInput<Row>();
        const kept = new Map<string, Row>();
        epochs.forEach((cmds, t) => {
          const batch = ref.apply(cmds);
          input.pushBatch(batch);
          const cons = consolidateBatch(batch);
          for (let i = 0; i < cons.keys.length; i++) {
            const row = cons.rows[i]!;
            if (cons.diffs[i]! > 0 && accept(row, kept.get(row[0]))) kept.set(row[0], row);
          }
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(
            canonical([...kept].map(([inst, row]) => [keyFromValue(inst), row, 1] as [Key, Row, number])),
          );
          for (const g of out.entries.values()) expect(g.diffs).toEqual([1]);
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore', () => {
    fc.assert(
      fc.property(epochsArb(rowArb), fc.nat(10), (epochs, cut) => {
        const a = build();
        const ref = new ReferenceInput<Row>();
        const at = cut % epochs.length;
        let b: ReturnType<typeof build> | undefined;
        epochs.forEach((cmds, t) => {
          const batch = ref.apply(cmds);
          a.input.pushBatch(batch);
          stepSync(a.c, t + 1);
          if (b !== undefined) {
            b.input.pushBatch(batch);
            stepSync(b.c, t + 1);
            expect(canonicalCollection(b.out)).toEqual(canonicalCollection(a.out));
          }
          if (t === at) {
            b = build();
            b.c.restore(structuredClone(a.c.snapshot()));
            b.out.apply(a.out.toBatch());
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
