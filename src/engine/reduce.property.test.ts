// Property tests of ReduceOperator against recomputation from scratch.
//
// Properties checked, after every epoch of a random stream of inserts and deletes:
// 1. The integrated output equals a from-scratch group-by (count, sum, min) over the integrated input.
// 2. Every output batch is a valid change: it never retracts a row the integrated output does not hold,
//    and the integrated output holds each group's row with multiplicity exactly 1.
// 3. A reduce whose result rarely changes (a per-group "any" flag) emits nothing for epochs that leave it unchanged.
// 4. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.
// 5. The same for a count-only reduce (`rowOfCount`: the engine remembers the last emitted count, not the row).
// 6. A count-only reduce read only by a reader of no keys leaves its output keys unmade; made on demand after the
//    step (deleted groups' slots freed by then, odd keys included), they are the keys an eager reduce emits.
// 5 and 6 also run with keys deferred to their first read (`outputKeyOfState`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { materializeKeys, type Batch } from './batch.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { keyFromValue, type Key } from './key.js';
import { ReduceOperator } from './reduce.js';
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

type Row = [string, number];
type Stats = { count: number; sum: number; values: number[] };
type Out = [string, number, number, number];

const rowArb = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -3, max: 3 }));

function build() {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const reduce = c.add(
    new ReduceOperator<Row, Stats, Out>(input, {
      groupOf: (_k, r) => r[0],
      outputKey: (g) => keyFromValue(g),
      create: () => ({ count: 0, sum: 0, values: [] }),
      // Immutable updates, so snapshots never alias live state.
      update: (s, _k, r, d) => {
        const values = s.values.slice();
        if (d > 0) for (let i = 0; i < d; i++) values.push(r[1]);
        else for (let i = 0; i < -d; i++) values.splice(values.indexOf(r[1]), 1);
        return { count: s.count + d, sum: s.sum + d * r[1], values };
      },
      result: (s, g) => [g as string, s.count, s.sum, Math.min(...s.values)],
    }),
  );
  const out = integrate(c, reduce);
  const log = record(c, reduce);
  return { c, input, out, log };
}

/**
 * A count per group through `rowOfCount`: state = the group value, row = [group, count]; with `groupStates` the
 * operator keeps no state cell (the group is the state).
 */
function buildCounted(groupStates = false, deferKeys = false) {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const rowOfCount = (s: string, _k: unknown, n: number): [string, number] => [s, n];
  const reduce = c.add(
    new ReduceOperator<Row, string, [string, number]>(input, {
      groupOf: (_k, r) => r[0],
      outputKey: (g) => keyFromValue(g),
      create: (_g, _k, r) => r[0],
      result: (s, _g, k, n) => rowOfCount(s, k, n),
      rowOfCount,
      groupStates,
      // Keys made from the state when first read, not when a group is created.
      ...(deferKeys ? { outputKeyOfState: (s: string) => keyFromValue(s) } : {}),
    }),
  );
  return { c, input, out: integrate(c, reduce), log: record(c, reduce) };
}

function reference(entries: readonly Entry<Row>[]): string[] {
  const groups = new Map<string, number[]>();
  for (const e of entries) {
    const list = groups.get(e.row[0]) ?? [];
    list.push(e.row[1]);
    groups.set(e.row[0], list);
  }
  return canonical(
    [...groups].map(
      ([g, vs]) =>
        [keyFromValue(g), [g, vs.length, vs.reduce((a, b) => a + b, 0), Math.min(...vs)], 1] as const,
    ),
  );
}

describe('ReduceOperator (property)', () => {
  it('keeps count/sum/min per group equal to recomputation after every epoch', () => {
    fc.assert(
      fc.property(epochsArb(rowArb), (epochs) => {
        const { c, input, out, log } = build();
        const ref = new ReferenceInput<Row>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          const before = canonicalCollection(out);
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(reference(ref.entries));
          for (const { batch } of log.filter((l) => l.time === t + 1)) {
            for (const [k, r, d] of batchTriples(batch)) {
              if (d < 0) expect(before).toContain(canonical([[k, r, 1]])[0]);
            }
          }
          for (const g of out.entries.values()) expect(g.diffs).toEqual([1]);
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('emits nothing in epochs that leave every group result unchanged', () => {
    fc.assert(
      fc.property(epochsArb(rowArb), (epochs) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<Row>());
        const any = c.add(
          new ReduceOperator<Row, number, [string]>(input, {
            groupOf: (_k, r) => r[0],
            outputKey: (g) => keyFromValue(g),
            create: () => 0,
            update: (s, _k, _r, d) => s + d,
            result: (_s, g) => [g as string],
          }),
        );
        const out = integrate(c, any);
        const log = record(c, any);
        const ref = new ReferenceInput<Row>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          const groupsBefore = canonicalCollection(out);
          stepSync(c, t + 1);
          const groups = [...new Set(ref.entries.map((e) => e.row[0]))];
          const expected = canonical(groups.map((g) => [keyFromValue(g), [g], 1] as const));
          expect(canonicalCollection(out)).toEqual(expected);
          if (JSON.stringify(groupsBefore) === JSON.stringify(expected)) {
            expect(log.filter((l) => l.time === t + 1)).toEqual([]);
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore into a fresh circuit', () => {
    fc.assert(
      fc.property(epochsArb(rowArb, { maxEpochs: 10 }), fc.nat(10), (epochs, cut) => {
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

  it('keeps count-only rows equal to recomputation, also after snapshot and restore', () => {
    fc.assert(
      fc.property(
        epochsArb(rowArb, { maxEpochs: 10 }),
        fc.nat(10),
        fc.boolean(),
        fc.boolean(),
        (epochs, cut, groupStates, deferKeys) => {
          const a = buildCounted(groupStates, deferKeys);
          const ref = new ReferenceInput<Row>();
          const at = cut % epochs.length;
          let b: ReturnType<typeof buildCounted> | undefined;
          epochs.forEach((cmds, t) => {
            const batch = ref.apply(cmds);
            a.input.pushBatch(batch);
            stepSync(a.c, t + 1);
            const counts = new Map<string, number>();
            for (const e of ref.entries) counts.set(e.row[0], (counts.get(e.row[0]) ?? 0) + 1);
            expect(canonicalCollection(a.out)).toEqual(
              canonical([...counts].map(([g, n]) => [keyFromValue(g), [g, n], 1] as const)),
            );
            if (b !== undefined) {
              b.input.pushBatch(batch);
              stepSync(b.c, t + 1);
              expectSameStep(a.log, b.log, t + 1);
            }
            if (t === at) {
              b = buildCounted(groupStates, deferKeys);
              b.c.restore(structuredClone(a.c.snapshot()));
            }
          });
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('leaves count-only output keys unmade for a reader of no keys, and makes the same keys on demand', () => {
    // Group 'c' has a key that is not a packed key (kept aside, and dropped when its slot is freed).
    const outputKey = (g: unknown): Key => (g === 'c' ? 'odd key of c' : keyFromValue(g));
    fc.assert(
      fc.property(epochsArb(rowArb, { maxEpochs: 10 }), fc.boolean(), (epochs, deferKeys) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<Row>());
        const reduce = c.add(
          new ReduceOperator<Row, string, [string, number]>(input, {
            groupOf: (_k, r) => r[0],
            outputKey,
            create: (_g, _k, r) => r[0],
            result: (s, _g, _k, n) => [s, n],
            rowOfCount: (s, _k, n) => [s, n],
            rowOfCountReadsNoKey: true,
            ...(deferKeys ? { outputKeyOfState: outputKey } : {}),
          }),
        );
        const batches: Batch<[string, number]>[] = [];
        c.add(new OutputOperator(reduce, (b) => void batches.push(b), { readsKeys: false }));
        const ref = new ReferenceInput<Row>();
        const seen: [Key, [string, number], number][] = [];
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          stepSync(c, t + 1);
          for (const b of batches.splice(0)) {
            expect(b.lazy).toBeDefined();
            materializeKeys(b);
            seen.push(...batchTriples(b));
          }
          const counts = new Map<string, number>();
          for (const e of ref.entries) counts.set(e.row[0], (counts.get(e.row[0]) ?? 0) + 1);
          expect(canonical(seen)).toEqual(
            canonical([...counts].map(([g, n]) => [outputKey(g), [g, n], 1] as const)),
          );
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
