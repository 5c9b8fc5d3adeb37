import { describe, expect, it } from 'vitest';
import { EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue } from './key.js';
import { ReduceOperator } from './reduce.js';
import {
  batchTriples,
  canonicalCollection,
  integrate,
  record,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [string, number];
const ka = keyFromValue('a');
const kb = keyFromValue('b');

/** A sum of row[1] per row[0]; `update` and `result` may be replaced (e.g. by ones that throw). */
function build(
  update = (s: number, _k: unknown, r: Row, d: number) => s + d * r[1],
  result = (s: number, g: unknown): [string, number] => [g as string, s],
) {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const sum = c.add(
    new ReduceOperator<Row, number, [string, number]>(input, {
      groupOf: (_k, r) => r[0],
      outputKey: (g) => keyFromValue(g),
      create: () => 0,
      update,
      result,
    }),
  );
  return { c, input, sum, out: integrate(c, sum), log: record(c, sum) };
}

describe('ReduceOperator', () => {
  it('emits nothing for a retraction and insertion of the same row in one batch', () => {
    const { c, input, log } = build();
    input.push(keyFromValue(1), ['a', 5], 1);
    stepSync(c, 1);
    input.push(keyFromValue(1), ['a', 5], -1);
    input.push(keyFromValue(1), ['a', 5], 1);
    stepSync(c, 2);
    expect(log.map((l) => l.time)).toEqual([1]);
  });

  it('emits the groups a step touched before an update threw at the next step, and frees the one it created', () => {
    const { c, input, sum, out } = build((s, _k, r, d) => {
      if (r[1] < 0) throw new Error('negative');
      return s + d * r[1];
    });
    input.push(keyFromValue(1), ['a', 1], 1);
    input.push(keyFromValue(2), ['b', -1], 1);
    expect(() => c.step(1)).toThrow('negative');
    // Group a took its update before the throw; the next step touches it again and must emit it.
    input.push(keyFromValue(3), ['a', 2], 1);
    stepSync(c, 2);
    expect(out.get(ka)).toEqual(['a', 3]);
    // Group b was created for the row whose update threw: it holds nothing and is gone.
    expect(sum.groupCount).toBe(1);
    expect(out.get(kb)).toBeUndefined();
  });

  it('after a step whose result threw, emits every group that step touched, none of them twice', () => {
    const { c, input, out } = build(undefined, (s, g) => {
      if (s === 99) throw new Error('99');
      return [g as string, s];
    });
    input.push(keyFromValue(1), ['a', 1], 1);
    input.push(keyFromValue(2), ['b', 2], 1);
    stepSync(c, 1);
    input.push(keyFromValue(3), ['a', 3], 1);
    input.push(keyFromValue(4), ['b', 97], 1);
    expect(() => c.step(2)).toThrow('99');
    input.push(keyFromValue(5), ['b', 1], 1);
    stepSync(c, 3);
    expect(out.get(ka)).toEqual(['a', 4]);
    expect(out.get(kb)).toEqual(['b', 100]);
    expect(out.size).toBe(2);
  });

  it('reuses the slots of emptied groups without mixing their state', () => {
    const { c, input, out, sum } = build();
    for (let i = 0; i < 2000; i++) input.push(keyFromValue(i), [`g${i}`, i], 1);
    stepSync(c, 1);
    for (let i = 0; i < 2000; i += 2) input.push(keyFromValue(i), [`g${i}`, i], -1);
    stepSync(c, 2);
    expect(sum.groupCount).toBe(1000);
    for (let i = 0; i < 1000; i++) input.push(keyFromValue(5000 + i), [`h${i}`, 1], 1);
    input.push(keyFromValue(3), ['g3', 10], 1);
    stepSync(c, 3);
    expect(sum.groupCount).toBe(2000);
    expect(out.get(keyFromValue('g3'))).toEqual(['g3', 13]);
    expect(out.get(keyFromValue('h999'))).toEqual(['h999', 1]);
    expect(out.get(keyFromValue('g4'))).toBeUndefined();
    expect(canonicalCollection(out)).toHaveLength(2000);
  });

  it('aggregates several rows with the same key and the same group', () => {
    const { c, input, out } = build();
    input.push(keyFromValue(1), ['a', 5], 1);
    input.push(keyFromValue(1), ['a', 7], 1);
    input.push(keyFromValue(1), ['a', 5], 1);
    stepSync(c, 1);
    expect(out.get(ka)).toEqual(['a', 17]);
    input.push(keyFromValue(1), ['a', 5], -1);
    stepSync(c, 2);
    expect(out.get(ka)).toEqual(['a', 12]);
  });

  it('retracts the old row and inserts the new one when a group result changes', () => {
    const { c, input, log } = build();
    input.push(keyFromValue(1), ['a', 1], 1);
    stepSync(c, 1);
    input.push(keyFromValue(2), ['a', 2], 1);
    stepSync(c, 2);
    expect(batchTriples(log[1]!.batch)).toEqual([
      [ka, ['a', 1], -1],
      [ka, ['a', 3], 1],
    ]);
  });

  it('keeps a group whose result is unchanged silent, and retracts a group that empties', () => {
    const { c, input, out, log } = build();
    input.push(keyFromValue(1), ['a', 1], 1);
    input.push(keyFromValue(2), ['b', 2], 1);
    stepSync(c, 1);
    input.push(keyFromValue(3), ['a', 0], 1); // sum unchanged
    input.push(keyFromValue(2), ['b', 2], -1); // group b empties
    stepSync(c, 2);
    expect(batchTriples(log[1]!.batch)).toEqual([[kb, ['b', 2], -1]]);
    expect(canonicalCollection(out)).toHaveLength(1);
  });

  it('emits a row for a group whose result is zero-like, since the group is not empty', () => {
    const { c, input, out } = build();
    input.push(keyFromValue(1), ['a', 0], 1);
    stepSync(c, 1);
    expect(out.get(ka)).toEqual(['a', 0]);
  });

  it('outputs the shared empty batch in empty epochs', () => {
    const { c, input, sum, log } = build();
    input.push(keyFromValue(1), ['a', 1], 1);
    stepSync(c, 1);
    stepSync(c, 2);
    stepSync(c, 3);
    expect(sum.output).toBe(EMPTY_BATCH);
    expect(log).toHaveLength(1);
  });

  it('a group created and emptied within one batch emits nothing and leaves no state', () => {
    const { c, input, sum, log } = build();
    input.push(keyFromValue(1), ['a', 1], 1);
    input.push(keyFromValue(1), ['a', 1], -1);
    stepSync(c, 1);
    expect(log).toHaveLength(0);
    expect(sum.snapshot()).toEqual([]);
  });

  it('continues after snapshot and restore into a freshly built circuit', () => {
    const a = build();
    a.input.push(keyFromValue(1), ['a', 1], 1);
    a.input.push(keyFromValue(2), ['b', 2], 1);
    stepSync(a.c, 1);
    const b = build();
    b.c.restore(structuredClone(a.c.snapshot()));
    expect(b.c.time).toBe(1);
    for (const x of [a, b]) {
      x.input.push(keyFromValue(3), ['a', 4], 1);
      x.input.push(keyFromValue(2), ['b', 2], -1);
      stepSync(x.c, 2);
    }
    expect(batchTriples(b.log[0]!.batch)).toEqual(batchTriples(a.log[1]!.batch));
    expect(batchTriples(b.log[0]!.batch)).toEqual([
      [ka, ['a', 1], -1],
      [ka, ['a', 5], 1],
      [kb, ['b', 2], -1],
    ]);
  });

  it('emits the output keys the spec gives, packed keys and other strings alike', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<Row>());
    // Groups starting with 'x' get their own name as key (not a packed 128-bit key).
    const sum = c.add(
      new ReduceOperator<Row, number, [string, number]>(input, {
        groupOf: (_k, r) => r[0],
        outputKey: (g) => ((g as string).startsWith('x') ? (g as string) : keyFromValue(g)),
        create: () => 0,
        update: (s, _k, r, d) => s + d * r[1],
        result: (s, g) => [g as string, s],
      }),
    );
    const out = integrate(c, sum);
    input.push(keyFromValue(1), ['a', 1], 1);
    input.push(keyFromValue(2), ['xy', 2], 1);
    stepSync(c, 1);
    input.push(keyFromValue(2), ['xy', 2], -1);
    input.push(keyFromValue(3), ['xz', 3], 1);
    input.push(keyFromValue(4), ['a', 4], 1);
    stepSync(c, 2);
    expect(out.size).toBe(2);
    expect(out.get(ka)).toEqual(['a', 5]);
    expect(out.get('xz')).toEqual(['xz', 3]);
    expect((sum.snapshot() as unknown[][]).map((e) => e[3]).sort()).toEqual([ka, 'xz'].sort());
  });

  it('with groupStates, keeps aside the states that are not their groups (NaN, -0, hashed values)', () => {
    type Cell = [unknown];
    const c = new Circuit();
    const input = c.add(new InputOperator<Cell>());
    const keyOf = (v: unknown) => keyFromValue(Object.is(v, -0) ? '-0' : (JSON.stringify(v) ?? String(v)));
    const counts = c.add(
      new ReduceOperator<Cell, unknown, [unknown, number]>(input, {
        groupOf: (_k, r) => (typeof r[0] === 'object' ? keyOf(r[0]) : (r[0] as string)),
        outputKey: (_g, _k, r) => keyOf(r[0]),
        create: (_g, _k, r) => r[0],
        result: (s, _g, _k, n) => [s, n],
        rowOfCount: (s, _k, n) => [s, n],
        groupStates: true,
      }),
    );
    const out = integrate(c, counts);
    const values: unknown[] = ['w', 7, NaN, -0, { a: 1 }];
    values.forEach((v, i) => input.push(keyFromValue(i), [v], 1));
    stepSync(c, 1);
    values.forEach((v, i) => input.push(keyFromValue(10 + i), [v], 1));
    stepSync(c, 2);
    expect(out.size).toBe(5);
    for (const v of values) {
      const row = out.get(keyOf(v))!;
      expect(Object.is(row[0], v) || row[0] === v).toBe(true);
      expect(row[1]).toBe(2);
    }
    expect(Object.is(out.get(keyOf(-0))![0], -0)).toBe(true);
  });

  it('with groupStates and an update, keeps a state aside only while it is not the group', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<Row>());
    // The state is the group while its sum is even, and the sum otherwise.
    const sums = new Map<unknown, number>();
    const red = c.add(
      new ReduceOperator<Row, unknown, [string, number]>(input, {
        groupOf: (_k, r) => r[0],
        outputKey: (g) => keyFromValue(g),
        create: (g) => g,
        update: (_s, _k, r, d) => {
          const n = (sums.get(r[0]) ?? 0) + d * r[1];
          sums.set(r[0], n);
          return n % 2 === 0 ? r[0] : n;
        },
        result: (s, g) => [g as string, typeof s === 'number' ? s : -1],
        groupStates: true,
      }),
    );
    const out = integrate(c, red);
    input.push(keyFromValue(1), ['a', 3], 1);
    stepSync(c, 1);
    expect(out.get(ka)).toEqual(['a', 3]);
    input.push(keyFromValue(2), ['a', 1], 1);
    stepSync(c, 2);
    expect(out.get(ka)).toEqual(['a', -1]);
    input.push(keyFromValue(3), ['a', 5], 1);
    stepSync(c, 3);
    expect(out.get(ka)).toEqual(['a', 9]);
    expect((red.snapshot() as unknown[][])[0]![1]).toBe(9);
  });

  // Known bug (reported): ReduceOperator.snapshot returns the live state objects, and ReduceSpec allows `update`
  // to mutate state in place, so a snapshot taken at time t silently changes when later steps run.
  it('takes snapshots that later steps do not change, even when update mutates state in place', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<Row>());
    c.add(
      new ReduceOperator<Row, { n: number }, [string, number]>(input, {
        groupOf: (_k, r) => r[0],
        outputKey: (g) => keyFromValue(g),
        create: () => ({ n: 0 }),
        update: (s, _k, _r, d) => {
          s.n += d;
          return s;
        },
        result: (s, g) => [g as string, s.n],
      }),
    );
    input.push(keyFromValue(1), ['a', 1], 1);
    stepSync(c, 1);
    const snap = c.snapshot();
    const frozen = structuredClone(snap);
    input.push(keyFromValue(2), ['a', 1], 1);
    stepSync(c, 2);
    expect(snap).toEqual(frozen);
  });
});
