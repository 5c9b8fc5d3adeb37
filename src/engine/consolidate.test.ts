import { describe, expect, it } from 'vitest';
import { Batch, EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { ConsolidateOperator, consolidateBatch } from './consolidate.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue } from './key.js';
import { batchTriples, record, stepSync } from './testing-helpers.test-util.js';

const k1 = keyFromValue(1);
const k2 = keyFromValue(2);

function batchOf<T>(...updates: [string, T, number][]): Batch<T> {
  const b = new Batch<T>();
  for (const [k, r, d] of updates) b.push(k, r, d);
  return b;
}

describe('consolidateBatch', () => {
  it('merges equal (key, row) updates and keeps the order of first appearance', () => {
    const out = consolidateBatch(batchOf([k2, ['b'], 1], [k1, ['a'], 1], [k2, ['b'], 2], [k1, ['a'], 1]));
    expect(batchTriples(out)).toEqual([
      [k2, ['b'], 3],
      [k1, ['a'], 2],
    ]);
  });

  it('drops updates that cancel, such as a retraction and insertion of the same row', () => {
    const out = consolidateBatch(batchOf([k1, ['a'], 1], [k2, ['b'], 1], [k1, ['a'], -1]));
    expect(batchTriples(out)).toEqual([[k2, ['b'], 1]]);
    expect(consolidateBatch(batchOf([k1, ['a'], -1], [k1, ['a'], 1])).length).toBe(0);
  });

  it('keeps distinct rows under one key apart, comparing rows deeply', () => {
    const out = consolidateBatch(
      batchOf<unknown>(
        [k1, [1, [2, 3]], 1],
        [k1, [1, [2, 4]], 1],
        [k1, [1, [2, 3]], 1],
        [k1, [new Uint8Array([1, 2])], 1],
        [k1, [new Uint8Array([1, 2])], -1],
        [k1, [Number.NaN], 1],
        [k1, [Number.NaN], 1],
      ),
    );
    expect(batchTriples(out)).toEqual([
      [k1, [1, [2, 3]], 2],
      [k1, [1, [2, 4]], 1],
      [k1, [Number.NaN], 2],
    ]);
  });

  it('keeps equal rows under different keys apart', () => {
    const out = consolidateBatch(batchOf([k1, ['a'], 1], [k2, ['a'], 1]));
    expect(out.length).toBe(2);
  });

  it('returns the input itself when nothing merges', () => {
    const b = batchOf([k1, ['a'], 1], [k2, ['a'], -1]);
    expect(consolidateBatch(b)).toBe(b);
    expect(consolidateBatch(EMPTY_BATCH)).toBe(EMPTY_BATCH);
  });

  it('drops zero diffs already present in the input, even when nothing merges', () => {
    expect(consolidateBatch(batchOf([k1, ['a'], 0])).length).toBe(0);
    expect(batchTriples(consolidateBatch(batchOf([k1, ['a'], 0], [k2, ['b'], 1])))).toEqual([[k2, ['b'], 1]]);
  });

  it('does not mutate its input', () => {
    const b = batchOf([k1, ['a'], 1], [k1, ['a'], 1]);
    consolidateBatch(b);
    expect(b.diffs).toEqual([1, 1]);
  });
});

describe('ConsolidateOperator', () => {
  it('consolidates each step and emits nothing for a batch that cancels out', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<[string]>());
    const log = record(c, c.add(new ConsolidateOperator(input)));
    input.push(k1, ['a'], 1);
    input.push(k1, ['a'], 1);
    stepSync(c, 1);
    input.push(k1, ['a'], -1);
    input.push(k1, ['a'], 1);
    stepSync(c, 2);
    stepSync(c, 3);
    expect(log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([[1, [[k1, ['a'], 2]]]]);
  });
});
