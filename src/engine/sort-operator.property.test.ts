// Property tests of SortOperator against recomputation from scratch.
//
// Properties checked, after every epoch of a random stream of upserts and deletes (one row per key):
// 1. The integrated output equals, for every present key, its neighbours in (sort key, key) order within its
//    instance, recomputed from scratch (with tiny chunks, so chunk splits and removals are exercised).
// 2. The integrated output holds each present key with multiplicity exactly 1, and every retraction removes a
//    row the output held.
// 3. Snapshot at a random epoch, restore into a fresh operator: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue, type Key } from './key.js';
import { SortOperator, type Neighbours } from './sort-operator.js';
import {
  PROPERTY_RUNS,
  batchTriples,
  canonical,
  canonicalCollection,
  integrate,
  record,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [sortKey: number, instance: string];
type Cmd = { kind: 'put'; id: number; row: Row } | { kind: 'del'; pick: number };

const rowArb: fc.Arbitrary<Row> = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('a', 'b'));
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put' as const), id: fc.nat(12), row: rowArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('del' as const), pick: fc.nat(100) }) },
);
const epochsArb = fc.array(fc.array(cmdArb, { maxLength: 8 }), { minLength: 1, maxLength: 10 });

/** Applies commands to the reference map (key → row) and returns the epoch's input batch. */
function apply(current: Map<Key, Row>, cmds: readonly Cmd[]): Batch<Row> {
  const b = new Batch<Row>();
  for (const c of cmds) {
    if (c.kind === 'put') {
      const key = keyFromValue(c.id);
      const old = current.get(key);
      if (old !== undefined) b.push(key, old, -1);
      current.set(key, c.row);
      b.push(key, c.row, 1);
    } else if (current.size > 0) {
      const key = [...current.keys()][c.pick % current.size]!;
      b.push(key, current.get(key)!, -1);
      current.delete(key);
    }
  }
  return b;
}

function reference(current: Map<Key, Row>): string[] {
  const byInstance = new Map<string, [Key, Row][]>();
  for (const [k, r] of current) {
    const list = byInstance.get(r[1]) ?? [];
    list.push([k, r]);
    byInstance.set(r[1], list);
  }
  const triples: [Key, Neighbours, number][] = [];
  for (const list of byInstance.values()) {
    list.sort((x, y) => x[1][0] - y[1][0] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    list.forEach(([k], i) => triples.push([k, [list[i - 1]?.[0] ?? null, list[i + 1]?.[0] ?? null], 1]));
  }
  return canonical(triples);
}

function build() {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const sort = c.add(
    new SortOperator<Row>(
      input,
      {
        sortKey: (_k, r) => r[0],
        instance: (_k, r) => r[1],
        compare: (a, b) => (a as number) - (b as number),
      },
      2,
    ),
  );
  return { c, input, sort, out: integrate(c, sort), log: record(c, sort) };
}

describe('SortOperator (property)', () => {
  it('keeps prev/next equal to a from-scratch sort after every epoch', () => {
    fc.assert(
      fc.property(epochsArb, (epochs) => {
        const { c, input, sort, out, log } = build();
        const current = new Map<Key, Row>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(apply(current, cmds));
          const before = canonicalCollection(out);
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(reference(current));
          expect(sort.size).toBe(current.size);
          for (const g of out.entries.values()) expect(g.diffs).toEqual([1]);
          for (const { batch } of log.filter((l) => l.time === t + 1)) {
            for (const [k, r, d] of batchTriples(batch))
              if (d < 0) expect(before).toContain(canonical([[k, r, 1]])[0]);
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('continues identically after snapshot and restore', () => {
    fc.assert(
      fc.property(epochsArb, fc.nat(10), (epochs, cut) => {
        const a = build();
        const current = new Map<Key, Row>();
        const at = cut % epochs.length;
        let b: ReturnType<typeof build> | undefined;
        epochs.forEach((cmds, t) => {
          const batch = apply(current, cmds);
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
