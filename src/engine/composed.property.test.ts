// Property tests of composed circuits against recomputation from scratch over plain arrays.
//
// Properties checked, after every epoch of random inserts and deletes on every input:
// 1. join → reduce: total order amount per region (orders ⋈ customers, grouped by region) equals recomputation.
// 2. concat + negate + distinct: distinct(A − B) holds exactly the pairs whose multiplicity in A exceeds that in B.
// 3. filter → map → consolidate: every output batch is consolidated and the integral equals the mapped input.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Circuit } from './circuit.js';
import { ConsolidateOperator } from './consolidate.js';
import { DistinctOperator } from './distinct.js';
import { InputOperator } from './input-operator.js';
import { JoinOperator } from './join.js';
import { ConcatOperator, FilterOperator, MapOperator, NegateOperator } from './linear-operators.js';
import { combineKeys, keyFromValue, type Key } from './key.js';
import { ReduceOperator } from './reduce.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  batchTriples,
  canonical,
  canonicalCollection,
  epochsArb,
  integrate,
  record,
  type Command,
  type Entry,
  stepSync,
} from './testing-helpers.test-util.js';

type Order = [string, number];
type Customer = [string, string];

function zip<A, B>(a: Command<A>[][], b: Command<B>[][]): [Command<A>[], Command<B>[]][] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i] ?? [], b[i] ?? []]);
}

const orderArb = fc.tuple(fc.constantFrom('ann', 'bo', 'cy'), fc.integer({ min: 1, max: 5 }));
const customerArb = fc.tuple(fc.constantFrom('ann', 'bo', 'cy'), fc.constantFrom('north', 'south'));

function revenueByRegion(orders: readonly Entry<Order>[], customers: readonly Entry<Customer>[]): string[] {
  const totals = new Map<string, { n: number; sum: number }>();
  for (const o of orders) {
    for (const c of customers) {
      if (o.row[0] !== c.row[0]) continue;
      const t = totals.get(c.row[1]) ?? { n: 0, sum: 0 };
      totals.set(c.row[1], { n: t.n + 1, sum: t.sum + o.row[1] });
    }
  }
  return canonical([...totals].map(([region, t]) => [keyFromValue(region), [region, t.sum], 1] as const));
}

describe('composed circuits (property)', () => {
  it('join → reduce equals recomputation after every epoch', () => {
    fc.assert(
      fc.property(fc.tuple(epochsArb(orderArb), epochsArb(customerArb, { ids: 3 })), ([oe, ce]) => {
        const c = new Circuit();
        const orders = c.add(new InputOperator<Order>('orders'));
        const customers = c.add(new InputOperator<Customer>('customers'));
        const oa = c.add(new Arrangement(orders, (_k, r) => r[0]));
        const ca = c.add(new Arrangement(customers, (_k, r) => r[0]));
        const joined = c.add(
          new JoinOperator<Order, Customer, [string, number]>(oa, ca, (ok, o, ck, cu, d, out) =>
            out.push(combineKeys(ok, ck), [cu[1], o[1]], d),
          ),
        );
        const totals = c.add(
          new ReduceOperator<[string, number], number, [string, number]>(joined, {
            groupOf: (_k, r) => r[0],
            outputKey: (g) => keyFromValue(g),
            create: () => 0,
            update: (s, _k, r, d) => s + d * r[1],
            result: (s, g) => [g as string, s],
          }),
        );
        const out = integrate(c, totals);
        const oref = new ReferenceInput<Order>();
        const cref = new ReferenceInput<Customer>();
        zip(oe, ce).forEach(([oc, cc], t) => {
          orders.pushBatch(oref.apply(oc, (id) => keyFromValue(['O', id])));
          customers.pushBatch(cref.apply(cc, (id) => keyFromValue(['C', id])));
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(revenueByRegion(oref.entries, cref.entries));
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('distinct(A − B) holds the pairs more frequent in A than in B', () => {
    const rowArb = fc.tuple(fc.constantFrom('u', 'v'));
    fc.assert(
      fc.property(fc.tuple(epochsArb(rowArb, { ids: 2 }), epochsArb(rowArb, { ids: 2 })), ([ae, be]) => {
        const c = new Circuit();
        const a = c.add(new InputOperator<[string]>('a'));
        const b = c.add(new InputOperator<[string]>('b'));
        const diff = c.add(new ConcatOperator([a, c.add(new NegateOperator(b))]));
        const out = integrate(c, c.add(new DistinctOperator(diff)));
        const aref = new ReferenceInput<[string]>();
        const bref = new ReferenceInput<[string]>();
        zip(ae, be).forEach(([ac, bc], t) => {
          a.pushBatch(aref.apply(ac));
          b.pushBatch(bref.apply(bc));
          stepSync(c, t + 1);
          const mult = new Map<string, { key: Key; row: [string]; n: number }>();
          const count = (entries: readonly Entry<[string]>[], sign: number) => {
            for (const e of entries) {
              const id = `${e.key}|${e.row[0]}`;
              const m = mult.get(id) ?? { key: e.key, row: e.row, n: 0 };
              mult.set(id, { ...m, n: m.n + sign });
            }
          };
          count(aref.entries, 1);
          count(bref.entries, -1);
          const expected = canonical(
            [...mult.values()].filter((m) => m.n > 0).map((m) => [m.key, m.row, 1] as const),
          );
          expect(canonicalCollection(out)).toEqual(expected);
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('filter → map → consolidate emits consolidated batches whose integral is the mapped input', () => {
    fc.assert(
      fc.property(epochsArb(orderArb, { ids: 2 }), (epochs) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<Order>());
        const big = c.add(new FilterOperator<Order>(input, (r) => r[1] > 2));
        const names = c.add(new MapOperator<Order, [string]>(big, (r) => [r[0]]));
        const cons = c.add(new ConsolidateOperator(names));
        const out = integrate(c, cons);
        const log = record(c, cons);
        const ref = new ReferenceInput<Order>();
        epochs.forEach((cmds, t) => {
          input.pushBatch(ref.apply(cmds));
          stepSync(c, t + 1);
          const expected = canonical(
            ref.entries.filter((e) => e.row[1] > 2).map((e) => [e.key, [e.row[0]], 1] as const),
          );
          expect(canonicalCollection(out)).toEqual(expected);
          for (const { batch } of log) {
            const triples = batchTriples(batch);
            expect(canonical(triples)).toHaveLength(triples.length);
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
