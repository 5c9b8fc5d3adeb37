// Property test of the joins' unique-keys marking: keyed sides (one row per key, as tables are) joined with pair keys,
// by JoinOperator over keyed arrangements and by CoJoinOperator. After every epoch of random upserts, deletes and bulk loads on both sides (same epoch included):
// 1. the integrated output equals the nested-loop join of the two tables;
// 2. whenever the join marks an output batch `uniqueKeys`, no key repeats in it and no diff is zero (so sinks may
//    skip consolidating it), and it is marked on every insert-only epoch of fresh keys (a load);
// 3. whenever it marks a batch `consolidated`, no (key, row) repeats and no diff is zero, and when `grouped`, the
//    updates of a key are adjacent; it marks every epoch with one side's update of one row consolidated. Outputs
//    that drop the left value make an update's `-old, +new` pair build equal rows, which must cancel. One row's update
//    takes CoJoinOperator's in-place path (`updateInPlace`), with sides keeping every cell or only those read.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Batch, materializeKeys } from './batch.js';
import { Collection } from './collection.js';
import { Circuit } from './circuit.js';
import { CoJoinOperator } from './co-join.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { JoinOperator } from './join.js';
import { combineKeys, keyFromValue, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  canonical,
  canonicalCollection,
  integrate,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string]; // [join key, value]
type Out = [string, string];

/** One epoch on one side: per id, a new row (upsert) or null (delete); `retractFirst` orders an update's pair. */
const commandArb = fc.record({
  id: fc.integer({ min: 0, max: 5 }),
  row: fc.option(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('a', 'b')), { nil: null }),
  retractFirst: fc.boolean(),
});
const sideArb = fc.array(fc.array(commandArb, { maxLength: 6 }), { minLength: 1, maxLength: 6 });

/** A keyed table: applies commands, stages the updates, returns them. */
class KeyedTable {
  readonly rows = new Map<number, Row>();
  constructor(private readonly tag: string) {}
  key(id: number): Key {
    return keyFromValue([this.tag, id]);
  }
  apply(cmds: readonly { id: number; row: Row | null; retractFirst: boolean }[]): Batch<Row> {
    const b = new Batch<Row>();
    // Net effect per id within the epoch, so the staged batch holds at most one retraction and one insertion per key.
    const before = new Map<number, Row | undefined>();
    for (const c of cmds) {
      if (!before.has(c.id)) before.set(c.id, this.rows.get(c.id));
      if (c.row === null) this.rows.delete(c.id);
      else this.rows.set(c.id, c.row);
    }
    for (const [id, old] of before) {
      const now = this.rows.get(id);
      const first = cmds.find((c) => c.id === id)!.retractFirst;
      const retract = () => old !== undefined && b.push(this.key(id), old, -1);
      const insert = () => now !== undefined && b.push(this.key(id), now, 1);
      if (first) {
        retract();
        insert();
      } else {
        insert();
        retract();
      }
    }
    return b;
  }
}

/** The output row of a pair: both values, or (`keepLeft` false) the right value alone. */
function outRow(lr: Row, rr: Row, keepLeft: boolean): Out {
  return [keepLeft ? lr[1] : '-', rr[1]];
}

function nestedLoop(l: KeyedTable, r: KeyedTable, keepLeft: boolean): string[] {
  const triples: [Key, Out, number][] = [];
  for (const [li, lr] of l.rows)
    for (const [ri, rr] of r.rows)
      if (lr[0] === rr[0]) triples.push([combineKeys(l.key(li), r.key(ri)), outRow(lr, rr, keepLeft), 1]);
  return canonical(triples);
}

/** Fails unless no (key, row) repeats in `b` and no diff is zero; with `grouped`, also unless equal keys are adjacent. */
function expectConsolidated(b: Batch<Out>): void {
  const seen = new Set<string>();
  for (let i = 0; i < b.keys.length; i++) seen.add(JSON.stringify([b.keys[i], b.rows[i]]));
  expect(seen.size).toBe(b.keys.length);
  expect(b.diffs.every((d) => d !== 0)).toBe(true);
  if (!b.grouped) return;
  const ended = new Set<Key>();
  for (let i = 0; i < b.keys.length; i++) {
    expect(ended.has(b.keys[i]!)).toBe(false);
    if (b.keys[i + 1] !== b.keys[i]) ended.add(b.keys[i]!);
  }
}

describe.each([
  ['JoinOperator', 'row slots', false, true],
  ['JoinOperator', 'inline rows', true, true],
  ['JoinOperator', 'inline rows, right value only', true, false],
  ['CoJoinOperator', 'row slots', false, true],
  ['CoJoinOperator', 'inline rows', true, true],
  ['CoJoinOperator', 'inline rows, right value only', true, false],
  ['CoJoinOperator', 'inline rows keeping the cells read', true, true, true],
  ['CoJoinOperator', 'inline rows keeping the cells read, right value only', true, false, true],
  ['CoJoinOperator', 'inline rows keeping the cells read, keys unmade', true, true, true, true],
  [
    'CoJoinOperator',
    'inline rows keeping the cells read, right value only, keys unmade',
    true,
    false,
    true,
    true,
  ],
])(
  '%s over keyed sides (property, %s)',
  (operator, _layout, inlineRows, keepLeft, keep = false, unmade = false) => {
    /** The join under test, its integrated output and the batches it emits in a step. */
    const build = () => {
      const c = new Circuit();
      const l = c.add(new InputOperator<Row>('left'));
      const r = c.add(new InputOperator<Row>('right'));
      const keyOf = (_k: Key, row: Row) => row[0];
      const emit = (lk: Key, lr: Row, rk: Key, rr: Row, d: number, o: Batch<Out>) =>
        o.push(combineKeys(lk, rk), outRow(lr, rr, keepLeft), d);
      const j =
        operator === 'JoinOperator'
          ? c.add(
              new JoinOperator<Row, Row, Out>(
                c.add(new Arrangement(l, keyOf, { keyed: true, inlineRows })),
                c.add(new Arrangement(r, keyOf, { keyed: true, inlineRows })),
                emit,
                { pairKeys: true },
              ),
            )
          : c.add(
              new CoJoinOperator<Row, Row, Out>(l, r, keyOf, keyOf, emit, {
                keyed: true,
                inlineRows,
                pairKeys: true,
                // Only the value cells the output reads (none of the left's without keepLeft): a one-row update
                // changing nothing kept must emit nothing.
                ...(keep ? { transientRows: true, keepCells: [keepLeft ? [1] : [], [1]] as const } : {}),
                // Pair rows and keys apart: with no reader of keys, the join leaves them unmade (one-row steps are
                // then written at their size, `PairEmitter.onlyPair`); they are made here to check them.
                ...(unmade
                  ? {
                      pairRow: (_lk: Key, lr: Row, _rk: Key, rr: Row) => outRow(lr, rr, keepLeft),
                      pairKey: combineKeys,
                    }
                  : {}),
              }),
            );
      const batches: Batch<Out>[] = [];
      if (unmade) {
        const out = new Collection<Out>();
        const made = (b: Batch<Out>) => {
          materializeKeys(b);
          out.apply(b);
          batches.push(b);
        };
        c.add(new OutputOperator<Out>(j, made, { readsKeys: false }));
        return { c, l, r, out, batches };
      }
      const out = integrate(c, j);
      c.add(new OutputOperator<Out>(j, (b) => void batches.push(b)));
      return { c, l, r, out, batches };
    };

    it('marks output batches uniqueKeys or consolidated only when they are, and always on loads and one-row updates', () => {
      fc.assert(
        fc.property(sideArb, sideArb, (le, re) => {
          const { c, l, r, out, batches } = build();
          const lt = new KeyedTable('L');
          const rt = new KeyedTable('R');
          for (let t = 0; t < Math.max(le.length, re.length); t++) {
            const lb = lt.apply(le[t] ?? []);
            const rb = rt.apply(re[t] ?? []);
            const fresh = [lb, rb].every(
              (b) => new Set(b.keys).size === b.keys.length && b.diffs.every((d) => d > 0),
            );
            // One row of one side updated (or inserted, or deleted): the shape of B3's updates.
            const single =
              Math.min(lb.keys.length, rb.keys.length) === 0 && new Set([...lb.keys, ...rb.keys]).size === 1;
            l.pushBatch(lb);
            r.pushBatch(rb);
            batches.length = 0;
            stepSync(c, t + 1);
            expect(canonicalCollection(out)).toEqual(nestedLoop(lt, rt, keepLeft));
            for (const b of batches) {
              if (b.consolidated || b.uniqueKeys) expectConsolidated(b);
              else if (single) expect.fail('a single-row update was not marked consolidated');
              if (b.uniqueKeys) {
                expect(new Set(b.keys).size).toBe(b.keys.length);
                expect(b.diffs.every((d) => d !== 0)).toBe(true);
              } else if (fresh) {
                expect.fail('an insert-only epoch of fresh keys was not marked uniqueKeys');
              }
            }
          }
        }),
        PROPERTY_RUNS,
      );
    });
    it('updates one row at a time after a load as the nested-loop join, every output batch consolidated', () => {
      // A load of both sides, then one row of one side per epoch (B3's shape): join key kept or changed, value changed
      // or kept, deleted, inserted, the pair in either order; the one-row path and its fallbacks.
      const loadArb = fc.array(commandArb, { minLength: 1, maxLength: 10 });
      const singleArb = fc.array(fc.record({ side: fc.constantFrom(0, 1), cmd: commandArb }), {
        maxLength: 25,
      });
      fc.assert(
        fc.property(loadArb, loadArb, singleArb, (ll, rl, singles) => {
          const { c, l, r, out, batches } = build();
          const tables = [new KeyedTable('L'), new KeyedTable('R')] as const;
          l.pushBatch(tables[0].apply(ll));
          r.pushBatch(tables[1].apply(rl));
          stepSync(c, 1);
          singles.forEach(({ side, cmd }, t) => {
            (side === 0 ? l : r).pushBatch(tables[side].apply([cmd]));
            batches.length = 0;
            stepSync(c, t + 2);
            expect(canonicalCollection(out)).toEqual(nestedLoop(tables[0], tables[1], keepLeft));
            for (const b of batches) {
              expect(b.consolidated).toBe(true);
              expectConsolidated(b);
            }
          });
        }),
        PROPERTY_RUNS,
      );
    });
  },
);
