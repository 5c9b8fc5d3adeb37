import { describe, expect, it } from 'vitest';
import { Batch, EMPTY_BATCH, materializeKeys } from './batch.js';
import { Circuit, EngineError } from './circuit.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { keyFromValue, keyWithIndex, type Key } from './key.js';
import { NegateOperator } from './linear-operators.js';
import { batchTriples, record, stepSync } from './testing-helpers.test-util.js';

const k1 = keyFromValue(1);

describe('InputOperator', () => {
  it('emits the updates staged since the last step, then nothing in empty epochs', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const log = record(c, input);
    input.push(k1, ['a'], 1);
    expect(input.pending).toBe(1);
    stepSync(c, 1);
    expect(input.pending).toBe(0);
    stepSync(c, 2);
    expect(input.output).toBe(EMPTY_BATCH);
    expect(log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([[1, [[k1, ['a'], 1]]]]);
  });

  it('takes an adopted batch with its flags, and drops the flags once another update joins it', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const b = new Batch<[string]>();
    b.push(k1, ['a'], 1);
    b.consolidated = b.grouped = true;
    input.adopt(b);
    stepSync(c, 1);
    expect(input.output).toBe(b);
    expect(input.output.consolidated).toBe(true);
    const b2 = new Batch<[string]>();
    b2.push(k1, ['a'], 1);
    b2.consolidated = b2.grouped = true;
    input.adopt(b2);
    input.push(k1, ['a'], 1);
    stepSync(c, 2);
    expect(input.output.consolidated).toBe(false);
    expect(input.output.grouped).toBe(false);
    expect(batchTriples(input.output)).toEqual([
      [k1, ['a'], 1],
      [k1, ['a'], 1],
    ]);
  });

  it('emits updates staged as columns as rows, after the rows pushed one by one, and then nothing', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[number, string]>());
    const log = record(c, input);
    const k2 = keyFromValue(2);
    input.push(k1, [0, 'z'], 1);
    input.pushColumns({ keys: [k1, k2], columns: [Int32Array.of(7, 8), ['a', 'b']], diffs: [1, -1] });
    input.pushColumns({ keys: [k2], columns: [[9], ['c']], diffs: 2 });
    input.pushColumns({ keys: [], columns: [[], []], diffs: 1 });
    expect(input.pending).toBe(4);
    expect(input.stagedInsertOnly()).toBe(false);
    stepSync(c, 1);
    expect(input.pending).toBe(0);
    stepSync(c, 2);
    expect(log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([
      [
        1,
        [
          [k1, [0, 'z'], 1],
          [k1, [7, 'a'], 1],
          [k2, [8, 'b'], -1],
          [k2, [9, 'c'], 2],
        ],
      ],
    ]);
  });

  it('hands staged rows and column chunks over as slices that make their rows on demand', () => {
    const input = new InputOperator<[number]>();
    input.push(k1, [1], 1);
    input.pushColumns({ keys: [k1, k1, k1], columns: [[2, 3, 4]], diffs: 1 });
    expect(input.stagedInsertOnly()).toBe(true);
    const staged = input.takeStaged();
    expect(input.pending).toBe(0);
    expect(staged.map((s) => s.length)).toEqual([1, 3]);
    expect(batchTriples(staged[1]!.slice(1, 3))).toEqual([
      [k1, [3], 1],
      [k1, [4], 1],
    ]);
  });

  it('does not alias a pushed batch the caller may reuse', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const log = record(c, input);
    const b = new Batch<[string]>();
    b.push(k1, ['a'], 1);
    input.pushBatch(b);
    b.clear();
    input.pushBatch(b);
    stepSync(c, 1);
    expect(batchTriples(log[0]!.batch)).toEqual([[k1, ['a'], 1]]);
  });

  it('emits one or two updates pushed one at a time as a batch of exactly them, then forgets them', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const log = record(c, input);
    const k2 = keyFromValue(2);
    input.push(k1, ['a'], -1);
    input.push(k1, ['b'], 1);
    expect(input.pending).toBe(2);
    stepSync(c, 1);
    expect(input.pending).toBe(0);
    expect(input.output.keys).toHaveLength(2);
    input.push(k2, ['c'], 1);
    stepSync(c, 2);
    stepSync(c, 3);
    input.push(k2, ['d'], 1);
    input.reset();
    stepSync(c, 4);
    expect(log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([
      [
        1,
        [
          [k1, ['a'], -1],
          [k1, ['b'], 1],
        ],
      ],
      [2, [[k2, ['c'], 1]]],
    ]);
  });

  it('keeps the order of updates pushed one at a time before or after batches, columns and generated rows', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const log = record(c, input);
    const [k2, k3, k4, k5] = [keyFromValue(2), keyFromValue(3), keyFromValue(4), keyFromValue(5)];
    const b = new Batch<[string]>();
    b.push(k2, ['b'], 1);
    input.push(k1, ['a'], 1);
    input.pushBatch(b);
    input.push(k3, ['c'], 1);
    input.push(k4, ['d'], 1);
    stepSync(c, 1);
    input.push(k1, ['e'], 1);
    input.push(k2, ['f'], -1);
    input.pushColumns({ keys: [k3], columns: [['g']], diffs: 1 });
    expect(input.pending).toBe(3);
    expect(input.stagedInsertOnly()).toBe(false);
    stepSync(c, 2);
    input.push(k4, ['h'], 1);
    input.pushGenerated([['i']], 0, () => k5);
    stepSync(c, 3);
    input.push(k5, ['j'], 1);
    input.adopt(b);
    stepSync(c, 4);
    expect(log.map((l) => batchTriples(l.batch).map(([, row, d]) => `${row[0]}${d}`))).toEqual([
      ['a1', 'b1', 'c1', 'd1'],
      ['e1', 'f-1', 'g1'],
      ['h1', 'i1'],
      ['j1', 'b1'],
    ]);
    expect(batchTriples(log[2]!.batch).map(([key]) => key)).toEqual([k4, k5]);
  });
});

describe('Circuit.step time', () => {
  it('throws EngineError when time does not increase', () => {
    const c = new Circuit();
    c.add(new InputOperator<[string]>());
    stepSync(c, 5);
    expect(() => c.step(5)).toThrow(EngineError);
    expect(() => c.step(4)).toThrow(/epoch times must increase/);
    expect(() => c.step(Number.NaN)).toThrow(EngineError);
    expect(c.time).toBe(5);
    stepSync(c, 6);
    expect(c.time).toBe(6);
  });

  it('rejects operators reading another circuit, and snapshots of another program', () => {
    const a = new Circuit();
    const input = a.add(new InputOperator<[string]>());
    const b = new Circuit();
    expect(() => b.add(new NegateOperator(input))).toThrow(EngineError);
    expect(() => b.restore({ time: 0, operators: [undefined] })).toThrow(/the program changed/);
  });

  describe('generated keys (pushGenerated)', () => {
    const keyAt = (c: number): Key => keyWithIndex(k1, c);
    /** An input read by `readers` outputs (true: reads keys); returns what each saw, keys made afterwards. */
    function run(readers: boolean[], stage: (input: InputOperator<[string]>) => void) {
      const c = new Circuit();
      const input = c.add(new InputOperator<[string]>());
      const seen: Batch<[string]>[] = [];
      for (const readsKeys of readers)
        c.add(new OutputOperator(input, (b) => void seen.push(b), { readsKeys }));
      stage(input);
      stepSync(c, 1);
      const lazy = seen.map((b) => b.lazy !== undefined);
      for (const b of seen) materializeKeys(b);
      return { lazy, triples: seen.map((b) => batchTriples(b)) };
    }
    const expected = [
      [k1, ['x'], 1],
      [keyAt(7), ['a'], 1],
      [keyAt(8), ['b'], 1],
      [k1, ['y'], -1],
    ];
    const stage = (input: InputOperator<[string]>) => {
      input.push(k1, ['x'], 1);
      input.pushGenerated([['a'], ['b']], 7, keyAt);
      input.push(k1, ['y'], -1);
    };

    it('leaves them unmade for readers of no keys, mixed with made keys, and makes them on demand', () => {
      const r = run([false], stage);
      expect(r.lazy).toEqual([true]);
      expect(r.triples).toEqual([expected]);
    });

    it('makes them before the step when a reader reads keys', () => {
      const r = run([false, true], stage);
      expect(r.lazy).toEqual([false, false]);
      expect(r.triples).toEqual([expected, expected]);
    });

    it('stages a whole batch when nothing is staged, flagged unique, and takes later pushes after it', () => {
      const r = run([false], (input) => {
        input.pushGenerated([['a'], ['b']], 7, keyAt);
        input.push(k1, ['y'], -1);
      });
      expect(r.lazy).toEqual([true]);
      expect(r.triples).toEqual([[expected[1], expected[2], expected[3]]]);
      const only = run([false], (input) => input.pushGenerated([['a'], ['b']], 7, keyAt));
      expect(only.triples).toEqual([[expected[1], expected[2]]]);
    });

    it('makes them before another batch is appended to the staged one', () => {
      const b = new Batch<[string]>();
      b.push(k1, ['z'], 1);
      const r = run([false], (input) => {
        stage(input);
        input.pushBatch(b);
      });
      expect(r.triples).toEqual([[...expected, [k1, ['z'], 1]]]);
    });
  });
});
