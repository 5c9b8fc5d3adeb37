// Property tests of ExactlyOnceJoinOperator against a model recomputing each epoch from the rows held.
//
// The model: after an epoch's changes, the held rows of both sides are paired by nested loops; every pair is output
// (held rows of an exactly-once side never have a held partner before the epoch, so these are exactly the epoch's
// new pairs); then each exactly-once row that took part in a pair leaves the held rows, reported as repeated when it
// took part in more than one. Deleting an exactly-once row that is no longer held is reported and ignored.
// Properties checked, for random insert / delete streams on both sides and each choice of exactly-once sides:
// 1. After every epoch the integrated output equals the model's, and so do the reported rows (repeated, late).
// 2. Snapshot at a random epoch, restore into a freshly built circuit: both go on producing the same outputs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { ExactlyOnceJoinOperator } from './exactly-once-join.js';
import { InputOperator } from './input-operator.js';
import { combineKeys, keyFromValue, keyToString, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  canonical,
  canonicalCollection,
  expectSameStep,
  integrate,
  record,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string]; // [join key, value]
type Out = [number, string, string];
/** One side's command: insert a fresh row, or delete the `pick`-th row inserted and not deleted yet. */
type Cmd = { ins: Row } | { del: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ ins: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('x', 'y')) }),
  },
  { weight: 1, arbitrary: fc.record({ del: fc.nat(50) }) },
);
const epochArb = fc.tuple(fc.array(cmdArb, { maxLength: 3 }), fc.array(cmdArb, { maxLength: 3 }));
const streamArb = fc.array(epochArb, { minLength: 1, maxLength: 8 });

function build(once: readonly [boolean, boolean]) {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const reports: string[] = [];
  const j = c.add(
    new ExactlyOnceJoinOperator<Row, Row, Out>(
      l,
      r,
      (_k, row) => row[0],
      (_k, row) => row[0],
      (lk, lr, rk, rr, d, o) => o.push(combineKeys(lk, rk), [lr[0], lr[1], rr[1]], d),
      {
        exactlyOnce: once,
        onRepeated: (s, k) => void reports.push(`repeated ${s} ${keyToString(k)}`),
        onLateRetraction: (s, k) => void reports.push(`late ${s} ${keyToString(k)}`),
      },
    ),
  );
  return { c, l, r, j, reports };
}

/** The naive model of the join (see the header). */
class Model {
  /** Rows inserted and not deleted, per side, in insertion order (deletes pick among them). */
  readonly present: [[Key, Row][], [Key, Row][]] = [[], []];
  readonly held: [Map<Key, Row>, Map<Key, Row>] = [new Map(), new Map()];
  readonly output: [Key, Out, number][] = [];
  readonly reports: string[] = [];
  private next = 0;

  constructor(private readonly once: readonly [boolean, boolean]) {}

  /** Applies one epoch's commands; returns each side's input batch. */
  epoch(cmds: readonly [Cmd[], Cmd[]]): [Batch<Row>, Batch<Row>] {
    const batches: [Batch<Row>, Batch<Row>] = [new Batch(), new Batch()];
    const late: string[] = [];
    for (const s of [0, 1] as const) {
      for (const c of cmds[s]) {
        if ('ins' in c) {
          const key = keyFromValue([s, this.next++]);
          this.present[s].push([key, c.ins]);
          this.held[s].set(key, c.ins);
          batches[s].push(key, c.ins, 1);
        } else if (this.present[s].length > 0) {
          const [key, row] = this.present[s].splice(c.del % this.present[s].length, 1)[0]!;
          batches[s].push(key, row, -1);
          if (!this.held[s].delete(key)) late.push(`late ${s} ${keyToString(key)}`);
        }
      }
    }
    this.reports.push(...late);
    const uses: [Map<Key, number>, Map<Key, number>] = [new Map(), new Map()];
    for (const [lk, lr] of this.held[0]) {
      for (const [rk, rr] of this.held[1]) {
        if (lr[0] !== rr[0]) continue;
        this.output.push([combineKeys(lk, rk), [lr[0], lr[1], rr[1]], 1]);
        uses[0].set(lk, (uses[0].get(lk) ?? 0) + 1);
        uses[1].set(rk, (uses[1].get(rk) ?? 0) + 1);
      }
    }
    for (const s of [0, 1] as const) {
      if (!this.once[s]) continue;
      for (const [k, n] of uses[s]) {
        if (n > 1) this.reports.push(`repeated ${s} ${keyToString(k)}`);
        this.held[s].delete(k);
      }
    }
    return batches;
  }
}

const ONCE: [boolean, boolean][] = [
  [true, false],
  [false, true],
  [true, true],
];

describe('ExactlyOnceJoinOperator (property)', () => {
  for (const once of ONCE) {
    it(`matches the model after every epoch, reports included (exactly once: left ${once[0]}, right ${once[1]})`, () => {
      fc.assert(
        fc.property(streamArb, (stream) => {
          const { c, l, r, j, reports } = build(once);
          const out = integrate(c, j);
          const model = new Model(once);
          stream.forEach((cmds, t) => {
            const [bl, br] = model.epoch(cmds);
            l.feed(bl);
            r.feed(br);
            stepSync(c, t);
            expect(canonicalCollection(out)).toEqual(canonical(model.output));
            expect([...reports].sort()).toEqual([...model.reports].sort());
          });
        }),
        PROPERTY_RUNS,
      );
    });
  }

  it('goes on alike after a snapshot is restored into a fresh circuit', () => {
    fc.assert(
      fc.property(streamArb, fc.nat(7), fc.constantFrom(...ONCE), (stream, cut, once) => {
        const a = build(once);
        const logA = record(a.c, a.j);
        const b = build(once);
        const logB = record(b.c, b.j);
        const model = new Model(once);
        const at = cut % stream.length;
        stream.forEach((cmds, t) => {
          const [bl, br] = model.epoch(cmds);
          a.l.feed(bl);
          a.r.feed(br);
          stepSync(a.c, t);
          if (t === at)
            b.c.restore(JSON.parse(JSON.stringify(a.c.snapshot())) as ReturnType<Circuit['snapshot']>);
          if (t > at) {
            b.l.feed(bl);
            b.r.feed(br);
            stepSync(b.c, t);
            expectSameStep(logA, logB, t);
          }
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
