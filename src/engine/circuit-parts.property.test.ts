// Property test of epochs run in parts (Circuit.partRows). Properties checked, after every epoch of random insert and
// delete streams on two inputs joined, mapped and filtered:
// 1. a circuit splitting large epochs into parts integrates to exactly what a circuit that never splits does;
// 2. every epoch's deliveries carry that epoch's time, and their sum is the epoch's consolidated change;
// 3. an insert-only epoch larger than `partRows` is delivered in more than one part; one with a deletion, or any
//    epoch of a circuit holding a non-monotone operator, in one batch;
// 4. all of this whether updates are staged row by row or (partly) as column chunks (`InputOperator.pushColumns`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { Collection } from './collection.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { JoinOperator } from './join.js';
import { combineKeys } from './key.js';
import { FilterOperator, MapOperator, NegateOperator } from './linear-operators.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  canonical,
  canonicalCollection,
  epochsArb,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string];
type Out = [number, string, string];

/** left ⋈ right on row[0], mapped to (k, l, r) and filtered; `negate` adds a non-monotone operator on the side. */
function build(partRows: number, options: { negate?: boolean; acceptsParts?: boolean } = {}) {
  const c = new Circuit();
  c.partRows = partRows;
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  if (options.negate) c.add(new NegateOperator<Row>(l));
  const la = c.add(new Arrangement(l, (_k, row) => row[0], { keyed: false, inlineRows: true }));
  const ra = c.add(new Arrangement(r, (_k, row) => row[0]));
  const j = c.add(
    new JoinOperator<Row, Row, Out>(la, ra, (lk, lr, rk, rr, d, o) =>
      o.push(combineKeys(lk, rk), [lr[0], lr[1], rr[1]], d),
    ),
  );
  const m = c.add(new MapOperator<Out, Out>(j, (row) => [row[0] * 10, row[1], row[2]]));
  const f = c.add(new FilterOperator<Out>(m, (row) => row[1] !== 'z'));
  const out = new Collection<Out>();
  const deliveries: { time: number; batch: Batch<Out> }[] = [];
  c.add(
    new OutputOperator<Out>(
      f,
      (b, time) => {
        out.apply(b);
        deliveries.push({ time, batch: b.clone() });
      },
      { acceptsParts: options.acceptsParts ?? true },
    ),
  );
  return { c, l, r, out, deliveries };
}

const rowArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y', 'z'));
const streams = fc.tuple(epochsArb(rowArb, { maxOps: 9 }), epochsArb(rowArb, { maxOps: 9 }));

/**
 * Stages a batch on an input, row by row or (`asColumns`) its first half as rows and the rest as a column chunk with
 * a typed key column and one diff per update (or one diff for all, when they are equal).
 */
function stage(input: InputOperator<Row>, b: Batch<Row>, asColumns: boolean): void {
  if (!asColumns) {
    input.pushBatch(b);
    return;
  }
  const half = b.keys.length >> 1;
  for (let i = 0; i < half; i++) input.push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
  const rows = b.rows.slice(half);
  const diffs = b.diffs.slice(half);
  input.pushColumns({
    keys: b.keys.slice(half),
    columns: [Int32Array.from(rows, (r) => r[0]), rows.map((r) => r[1])],
    diffs: diffs.every((d) => d === diffs[0]) && diffs.length > 0 ? diffs[0]! : diffs,
  });
}

describe('Circuit running large epochs in parts (property)', () => {
  it('integrates exactly as an unsplit circuit, delivering each epoch as parts that sum to its change', () => {
    fc.assert(
      fc.property(streams, fc.integer({ min: 1, max: 4 }), fc.nat(), ([le, re], partRows, columnar) => {
        const split = build(partRows);
        const whole = build(0);
        const refL = new ReferenceInput<Row>();
        const refR = new ReferenceInput<Row>();
        for (let t = 0; t < Math.max(le.length, re.length); t++) {
          const lb = refL.apply(le[t] ?? []);
          const rb = refR.apply(re[t] ?? []);
          for (const [n, x] of [split, whole].entries()) {
            // Bits of `columnar` choose, per epoch and circuit, whether updates are staged as column chunks.
            const asColumns = ((columnar >> (2 * t + n)) & 1) === 1;
            stage(x.l, lb, asColumns);
            stage(x.r, rb, asColumns);
            x.deliveries.length = 0;
            stepSync(x.c, t + 1);
          }
          expect(canonicalCollection(split.out)).toEqual(canonicalCollection(whole.out));
          const sum = (ds: { time: number; batch: Batch<Out> }[]) =>
            canonical(
              ds.flatMap((d) =>
                d.batch.keys.map((k, i) => [k, d.batch.rows[i]!, d.batch.diffs[i]!] as const),
              ),
            );
          expect(sum(split.deliveries)).toEqual(sum(whole.deliveries));
          expect(split.deliveries.every((d) => d.time === t + 1)).toBe(true);
          expect(whole.deliveries.length).toBeLessThanOrEqual(1);
          const insertOnly = [lb, rb].every((b) => b.diffs.every((d) => d > 0));
          if (!insertOnly) expect(split.deliveries.length).toBeLessThanOrEqual(1);
        }
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('Circuit.partRows', () => {
  const load = (x: ReturnType<typeof build>) => {
    for (let i = 0; i < 6; i++) x.r.push(combineKeys(`r${i}`, 'r'), [i % 2, `r${i}`], 1);
    stepSync(x.c, 1);
    x.deliveries.length = 0;
    for (let i = 0; i < 6; i++) x.l.push(combineKeys(`l${i}`, 'l'), [i % 2, `l${i}`], 1);
    stepSync(x.c, 2);
  };

  it('runs an insert-only epoch larger than partRows in passes of at most partRows input rows', () => {
    const x = build(2);
    load(x);
    // 6 left rows in passes of 2, each joined with the 3 right rows of its key.
    expect(x.deliveries.map((d) => d.batch.keys.length)).toEqual([6, 6, 6]);
    expect(x.out.toBatch().keys.length).toBe(18);
  });

  it('runs the epoch whole when an output does not accept parts or an operator is not monotone', () => {
    for (const options of [{ acceptsParts: false }, { negate: true }]) {
      const x = build(2, options);
      load(x);
      expect(x.deliveries.map((d) => d.batch.keys.length)).toEqual([18]);
    }
  });

  it('leaves updates pushed while the parts run for the next epoch', () => {
    const x = build(2);
    let pushed = false;
    x.c.add(
      new OutputOperator<Out>(
        x.c.operators.at(-2) as never,
        () => {
          if (!pushed) x.r.push(combineKeys('late', 'r'), [0, 'late'], 1);
          pushed = true;
        },
        { acceptsParts: true },
      ),
    );
    load(x);
    expect(x.r.pending).toBe(1);
  });
});
