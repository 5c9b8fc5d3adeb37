// Property tests of DistinctOperator against recomputation from scratch.
//
// Properties checked, after every epoch of random inserts and deletes (duplicates of a (key, row) pair included):
// 1. The integrated output holds exactly the (key, row) pairs with positive integrated multiplicity, each once.
// 2. Each epoch's output batch has only diffs of +1 and −1 and never retracts a pair the output does not hold.
// 3. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { DistinctOperator } from './distinct.js';
import { InputOperator } from './input-operator.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  batchTriples,
  expectSameStep,
  canonical,
  canonicalCollection,
  epochsArb,
  integrate,
  record,
  type Entry,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [string];

// Few ids and values, so the same (key, row) pair is often inserted several times.
const rowArb = fc.tuple(fc.constantFrom('p', 'q'));

function build() {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const d = c.add(new DistinctOperator(input));
  return { c, input, out: integrate(c, d), log: record(c, d) };
}

function reference(entries: readonly Entry<Row>[]): string[] {
  return canonical(entries.map((e) => [e.key, e.row, 1] as const)).map((s) => s.replace(/ x\d+$/, ' x1'));
}

describe('DistinctOperator (property)', () => {
  it('holds each pair with positive multiplicity exactly once after every epoch', () => {
    fc.assert(
      fc.property(epochsArb(rowArb, { ids: 2 }), (epochs) => {
        const { c, input, out, log } = build();
        const ref = new ReferenceInput<Row>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          const before = canonicalCollection(out);
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(reference(ref.entries));
          for (const { batch } of log.filter((l) => l.time === t + 1)) {
            for (const [, , d] of batchTriples(batch)) expect(Math.abs(d)).toBe(1);
            // Net retractions only remove pairs the output held.
            for (const s of canonical(batchTriples(batch))) {
              if (s.endsWith(' x-1')) expect(before).toContain(s.replace(/ x-1$/, ' x1'));
            }
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore into a fresh circuit', () => {
    fc.assert(
      fc.property(epochsArb(rowArb, { ids: 2, maxEpochs: 10 }), fc.nat(10), (epochs, cut) => {
        const a = build();
        const ref = new ReferenceInput<Row>();
        const at = cut % epochs.length;
        let b: ReturnType<typeof build> | undefined;
        epochs.forEach((cmds, t) => {
          const batch = ref.apply(cmds);
          for (const x of b === undefined ? [a] : [a, b]) {
            x.input.pushBatch(batch);
            stepSync(x.c, t + 1);
          }
          if (b !== undefined) {
            expectSameStep(a.log, b.log, t + 1);
          }
          if (t === at) {
            b = build();
            b.c.restore(structuredClone(a.c.snapshot()));
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
