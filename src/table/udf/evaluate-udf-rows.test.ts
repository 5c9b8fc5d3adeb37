import { describe, expect, it, vi } from 'vitest';
import { keyFromValue } from '../../engine/key.js';
import { evaluateUdfRows } from './evaluate-udf-rows.js';
import { ResultMemo } from './udf-memo.js';
import { createUdfRunner } from './udf-runner.js';

const a = keyFromValue('a');
const b = keyFromValue('b');

function counter(): { fn: () => number; calls: () => number } {
  let n = 0;
  return { fn: () => ++n, calls: () => n };
}

describe('evaluateUdfRows', () => {
  it('retracts a non-deterministic row with the value it was inserted with, without calling again', () => {
    const c = counter();
    const runner = createUdfRunner(c.fn);
    const memo = new ResultMemo();
    expect(evaluateUdfRows(runner, memo, [a, b], [['x'], ['y']], [1, 1])).toEqual([1, 2]);
    expect(evaluateUdfRows(runner, memo, [b], [['y']], [-1])).toEqual([2]);
    expect(c.calls()).toBe(2);
    expect(memo.size).toBe(1);
  });

  it('keeps the value of an update that keeps the arguments', () => {
    const c = counter();
    const runner = createUdfRunner(c.fn);
    const memo = new ResultMemo();
    expect(evaluateUdfRows(runner, memo, [a], [['x']], [1])).toEqual([1]);
    // Retraction listed first: insertions are still handled first, so the pair stays remembered.
    expect(evaluateUdfRows(runner, memo, [a, a], [['x'], ['x']], [-1, 1])).toEqual([1, 1]);
    expect(c.calls()).toBe(1);
  });

  it('calls the function again for new arguments of the same row', () => {
    const c = counter();
    const runner = createUdfRunner(c.fn);
    const memo = new ResultMemo();
    expect(evaluateUdfRows(runner, memo, [a], [['x']], [1])).toEqual([1]);
    expect(evaluateUdfRows(runner, memo, [a, a], [['x'], ['z']], [-1, 1])).toEqual([1, 2]);
    expect(memo.size).toBe(1);
  });

  it('recomputes retractions without a memo (deterministic functions)', () => {
    const fn = vi.fn((x: number) => x * 2);
    const runner = createUdfRunner(fn, { deterministic: true });
    expect(evaluateUdfRows(runner, undefined, [a, b], [[1], [2]], [1, -1])).toEqual([2, 4]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('recomputes a retraction that has nothing remembered', () => {
    const c = counter();
    expect(evaluateUdfRows(createUdfRunner(c.fn), new ResultMemo(), [a], [['x']], [-1])).toEqual([1]);
  });

  it('works with async runners and remembers error values too', async () => {
    const runner = createUdfRunner(async (x: number) => {
      if (x < 0) throw new Error('negative');
      return Math.random();
    });
    const memo = new ResultMemo();
    const inserted = await evaluateUdfRows(runner, memo, [a, b], [[1], [-1]], [1, 1]);
    const retracted = await evaluateUdfRows(runner, memo, [a, b], [[1], [-1]], [-1, -1]);
    expect(retracted).toEqual(inserted);
    expect(retracted[1]).toBe(inserted[1]);
  });
});
