import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Batch } from './batch.js';
import { partitionBatch, shardOf } from './exchange.js';
import { keyFromValue } from './key.js';
import { batchTriples, canonical } from './testing-helpers.test-util.js';

type Row = [string | number | null, number];
const indexKeyArb = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.constant(null));

describe('partitionBatch', () => {
  it('routes equal index keys to the same shard and preserves every update', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(20),
            indexKeyArb,
            fc.integer({ min: -2, max: 2 }).filter((d) => d !== 0),
          ),
        ),
        fc.integer({ min: 1, max: 7 }),
        (updates, workers) => {
          const b = new Batch<Row>();
          for (const [id, ik, d] of updates) b.push(keyFromValue(id), [ik, id], d);
          const parts = partitionBatch(b, workers, (_k, r) => r[0]);
          expect(parts).toHaveLength(workers);
          const shardOfKey = new Map<unknown, number>();
          parts.forEach((p, w) => {
            for (const r of p.rows) {
              expect(shardOfKey.get(r[0]) ?? w).toBe(w);
              shardOfKey.set(r[0], w);
              expect(shardOf(r[0], workers)).toBe(w);
            }
          });
          const all = parts.flatMap((p) => batchTriples(p));
          expect(all).toHaveLength(b.length);
          expect(canonical(all)).toEqual(canonical(batchTriples(b)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the order of updates within a shard', () => {
    const b = new Batch<Row>();
    for (let i = 0; i < 10; i++) b.push(keyFromValue(i), ['same', i], 1);
    const parts = partitionBatch(b, 4, (_k, r) => r[0]);
    const full = parts.find((p) => p.length > 0)!;
    expect(full.rows.map((r) => r[1])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('shardOf', () => {
  it('is 0 for one worker, in range otherwise, and spreads distinct keys', () => {
    expect(shardOf('x', 1)).toBe(0);
    const shards = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const s = shardOf(i, 4);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(4);
      expect(Number.isInteger(s)).toBe(true);
      shards.add(s);
    }
    expect(shards.size).toBe(4);
  });

  it('is deterministic for equal values', () => {
    expect(shardOf('1', 16)).toBe(shardOf('1', 16));
    expect(shardOf(1, 16)).toBe(shardOf(1, 16));
  });
});
