// Property test of the join's unique-keys marking: keyed arrangements (one row per key, as tables are) joined with
// pair keys. After every epoch of random upserts, deletes and bulk loads on both sides (same epoch included):
// 1. the integrated output equals the nested-loop join of the two tables;
// 2. whenever the join marks an output batch `uniqueKeys`, no key repeats in it and no diff is zero (so sinks may
//    skip consolidating it), and it is marked on every insert-only epoch of fresh keys (a load).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Batch } from './batch.js';
import { Circuit } from './circuit.js';
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

function nestedLoop(l: KeyedTable, r: KeyedTable): string[] {
  const triples: [Key, Out, number][] = [];
  for (const [li, lr] of l.rows)
    for (const [ri, rr] of r.rows)
      if (lr[0] === rr[0]) triples.push([combineKeys(l.key(li), r.key(ri)), [lr[1], rr[1]], 1]);
  return canonical(triples);
}

describe.each([
  ['row slots', false],
  ['inline rows', true],
])('JoinOperator over keyed arrangements (property, %s)', (_layout, inlineRows) => {
  it('marks output batches uniqueKeys only when no key repeats, and always on loads of fresh keys', () => {
    fc.assert(
      fc.property(sideArb, sideArb, (le, re) => {
        const c = new Circuit();
        const l = c.add(new InputOperator<Row>('left'));
        const r = c.add(new InputOperator<Row>('right'));
        const la = c.add(new Arrangement(l, (_k, row) => row[0], { keyed: true, inlineRows }));
        const ra = c.add(new Arrangement(r, (_k, row) => row[0], { keyed: true, inlineRows }));
        const j = c.add(
          new JoinOperator<Row, Row, Out>(
            la,
            ra,
            (lk, lr, rk, rr, d, o) => o.push(combineKeys(lk, rk), [lr[1], rr[1]], d),
            { pairKeys: true },
          ),
        );
        const out = integrate(c, j);
        const batches: Batch<Out>[] = [];
        c.add(new OutputOperator<Out>(j, (b) => void batches.push(b)));
        const lt = new KeyedTable('L');
        const rt = new KeyedTable('R');
        for (let t = 0; t < Math.max(le.length, re.length); t++) {
          const lb = lt.apply(le[t] ?? []);
          const rb = rt.apply(re[t] ?? []);
          const fresh = [lb, rb].every(
            (b) => new Set(b.keys).size === b.keys.length && b.diffs.every((d) => d > 0),
          );
          l.pushBatch(lb);
          r.pushBatch(rb);
          batches.length = 0;
          stepSync(c, t + 1);
          expect(canonicalCollection(out)).toEqual(nestedLoop(lt, rt));
          for (const b of batches) {
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
});
