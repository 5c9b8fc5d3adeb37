// The exchange seam: partitioning updates by key hash, so stateful operators can be sharded across workers.

import { Batch } from './batch.js';
import type { IndexKey } from './arrangement.js';
import type { Key } from './key.js';
import { valueHash32 } from './row-equality.js';

/** Worker index of an index key among `workers` (stable across processes: it hashes the value, not identity). */
export function shardOf(indexKey: IndexKey, workers: number): number {
  if (workers === 1) return 0;
  return valueHash32(indexKey) % workers;
}

/**
 * Splits a batch into one batch per worker by the index key of each update. Stateful operators
 * (reduce, join, distinct) only need updates with equal index keys on the same worker, so routing every
 * update to `shardOf(keyOf(update))` before such an operator makes the computation shardable.
 */
export function partitionBatch<TRow>(
  batch: Batch<TRow>,
  workers: number,
  keyOf: (key: Key, row: TRow) => IndexKey,
): Batch<TRow>[] {
  const parts = Array.from({ length: workers }, () => new Batch<TRow>());
  for (let i = 0; i < batch.keys.length; i++) {
    const key = batch.keys[i]!;
    const row = batch.rows[i]!;
    parts[shardOf(keyOf(key, row), workers)]!.push(key, row, batch.diffs[i]!);
  }
  return parts;
}
