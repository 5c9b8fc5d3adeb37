import { describe, expect, it } from 'vitest';
import { keyFromValue } from '../../engine/key.js';
import { ResultMemo } from './udf-memo.js';
import { createUdfRunner } from './udf-runner.js';

const row1 = keyFromValue('row-1');
const row2 = keyFromValue('row-2');

describe('ResultMemo', () => {
  it('gives a retraction the value inserted, without calling the function again', () => {
    let counter = 0;
    const runner = createUdfRunner(() => ++counter); // non-deterministic
    const memo = new ResultMemo();
    const args = ['x'];
    const [inserted] = runner.runSync([args]);
    memo.remember(row1, args, inserted);
    const retracted = memo.forget(row1, args);
    expect(retracted).toBe(1);
    expect(counter).toBe(1);
    expect(memo.size).toBe(0);
  });

  it('keys entries by row and arguments', () => {
    const memo = new ResultMemo();
    memo.remember(row1, [1], 'a');
    memo.remember(row1, [2], 'b');
    memo.remember(row2, [1], 'c');
    expect([memo.recall(row1, [1]), memo.recall(row1, [2]), memo.recall(row2, [1])]).toEqual(['a', 'b', 'c']);
    expect(memo.recall(row2, [2])).toBeUndefined();
  });

  it('remembers null results and tells them apart from a miss', () => {
    const memo = new ResultMemo();
    memo.remember(row1, [], null);
    expect(memo.recall(row1, [])).toBeNull();
    expect(memo.forget(row1, [])).toBeNull();
    expect(memo.recall(row1, [])).toBeUndefined();
  });

  it('shares one value between overlapping insertions and forgets after the last retraction', () => {
    const memo = new ResultMemo();
    expect(memo.remember(row1, [1], 'first')).toBe('first');
    expect(memo.remember(row1, [1], 'second')).toBe('first');
    expect(memo.forget(row1, [1])).toBe('first');
    expect(memo.recall(row1, [1])).toBe('first');
    expect(memo.forget(row1, [1])).toBe('first');
    expect(memo.forget(row1, [1])).toBeUndefined();
  });

  it('restores a snapshot into a fresh memo', () => {
    const memo = new ResultMemo();
    memo.remember(row1, [1, 'a'], { score: 0.5 });
    memo.remember(row2, [2], 7);
    memo.remember(row2, [2], 7);
    const snapshot = JSON.parse(JSON.stringify(memo.snapshot()));
    const restored = new ResultMemo();
    restored.restore(snapshot);
    expect(restored.recall(row1, [1, 'a'])).toEqual({ score: 0.5 });
    expect(restored.forget(row2, [2])).toBe(7);
    expect(restored.forget(row2, [2])).toBe(7);
    expect(restored.size).toBe(1);
  });

  it('rejects a snapshot entry with a non-positive count', () => {
    const zeroKey = '^' + '0'.repeat(26);
    const bad = { entries: [[zeroKey, zeroKey, 1, 0] as const] };
    expect(() => new ResultMemo().restore(bad)).toThrow(/counts must be positive/);
  });
});
