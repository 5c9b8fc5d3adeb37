// B3 incremental join: the data parameters, the contract an engine implements, and the driver that
// loads both tables as one epoch, then applies single-row updates one epoch each, timing every update.
import { getHeapSpaceStatistics } from 'node:v8';
import { generateJoinData, type JoinData } from '../data/join-tables.js';
import { EpochChecksum } from '../harness/checksum.js';
import { MIB, emitResult, measureMemory, parseChildArgs, round1 } from '../harness/child.js';

/** B3 sizes at scale 1: 200k rows per side over 100k join keys, then 100k single-row updates. */
export const B3_FULL = { rowsPerSide: 200_000, joinKeys: 100_000, updates: 100_000 };

/** B3 parameters for a scale factor (all sizes scale). */
export function b3Params(scale: number): typeof B3_FULL {
  return {
    rowsPerSide: Math.max(100, Math.round(B3_FULL.rowsPerSide * scale)),
    joinKeys: Math.max(50, Math.round(B3_FULL.joinKeys * scale)),
    updates: Math.max(100, Math.round(B3_FULL.updates * scale)),
  };
}

/** Receives the join output: `diff` copies of the row (leftId, rightId, a, b). */
export class JoinSink {
  /** The checksum of everything emitted. */
  readonly checksum = new EpochChecksum();

  /** A digest of the output ids handed to `id` (implementations that make ids by hand; not part of the checksum). */
  idDigest = 0;

  /** Consumes one output id (handwritten-ids: so the ids it makes cannot be optimized away). */
  id(key: string): void {
    this.idDigest = (this.idDigest + key.charCodeAt(0) + key.charCodeAt(7)) | 0;
  }

  /** Consumes one output diff; touches every column so no engine can skip producing them. */
  emit(leftId: number, rightId: number, a: number, b: number, diff: number): void {
    this.checksum.add(leftId * 3 + rightId * 5 + a * 7 + b * 11, diff);
  }
}

/** Which table a row belongs to: 0 = left (id, k, a), 1 = right (id, k, b). */
export type JoinSide = 0 | 1;

/**
 * One incremental-join engine computing left ⋈ right on k. Each method is one epoch: it calls
 * `sink.emit` for every output diff of that epoch before returning.
 */
export interface JoinEngine {
  /** Inserts every row of both tables (epoch 0). */
  load(data: JoinData): void;
  /** Replaces row `id` of `side` (join key `key`): retracts `oldValue`, inserts `newValue` (epoch `epoch`). */
  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number, epoch: number): void;
}

/** Builds an engine writing to `sink`. */
export type JoinFactory = (sink: JoinSink) => JoinEngine;

function percentile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * The time of the first fifth of the updates (where the JIT is still compiling the update path) and the mean time
 * per update of the rest (the steady state), from the per-update latencies in update order.
 */
function warmupSplit(latencyUs: Float64Array): { warmupMs: number; restUs: number } {
  const n = latencyUs.length;
  const head = Math.floor(n / 5);
  let first = 0;
  let rest = 0;
  for (let i = 0; i < head; i++) first += latencyUs[i]!;
  for (let i = head; i < n; i++) rest += latencyUs[i]!;
  return { warmupMs: first / 1000, restUs: n > head ? rest / (n - head) : 0 };
}

/** Bytes in use in V8's old space now (no collection first). */
function oldSpaceUsed(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;
}

/** Runs B3 for one engine in this process and prints its JSON result line. */
export function runJoin(impl: string, factory: JoinFactory): void {
  const { scale, seed, updates: limit } = parseChildArgs();
  const data = generateJoinData({ ...b3Params(scale), seed });
  const { updates } = data;
  const count = Math.min(updates.count, limit ?? updates.count);
  const sink = new JoinSink();
  const engine = factory(sink);

  const loadStart = performance.now();
  engine.load(data);
  sink.checksum.endEpoch();
  const loadMs = performance.now() - loadStart;
  const loadDiffs = sink.checksum.diffs;

  const latencyUs = new Float64Array(count);
  const oldBefore = oldSpaceUsed();
  const start = performance.now();
  let before = start;
  for (let i = 0; i < count; i++) {
    const side: JoinSide = updates.side[i] === 0 ? 0 : 1;
    engine.update(side, updates.id[i]!, updates.key[i]!, updates.oldValue[i]!, updates.newValue[i]!, i + 1);
    sink.checksum.endEpoch();
    const after = performance.now();
    latencyUs[i] = (after - before) * 1000;
    before = after;
  }
  const updatesMs = performance.now() - start;
  // An update's garbage dies young; old space growing by more than a few MB during the updates means V8 allocated it
  // in old space (pretenured its allocation sites; see bench/README.md, "Pretenured update garbage").
  const oldGrowthMb = round1((oldSpaceUsed() - oldBefore) / MIB);
  const { warmupMs, restUs } = warmupSplit(latencyUs);
  latencyUs.sort();
  const memory = measureMemory();
  emitResult({
    bench: 'b3',
    impl,
    rowsPerSide: data.left.key.length,
    updates: count,
    loadMs: round1(loadMs),
    loadDiffs,
    updatesMs: round1(updatesMs),
    updatesPerSec: Math.round(count / (updatesMs / 1000)),
    p50Us: round1(percentile(latencyUs, 0.5)),
    p99Us: round1(percentile(latencyUs, 0.99)),
    first20PctMs: round1(warmupMs),
    restUsPerUpdate: Math.round(restUs * 100) / 100,
    oldGrowthMb,
    outputDiffs: sink.checksum.diffs,
    checksum: sink.checksum.value,
    ...(sink.idDigest !== 0 ? { idDigest: sink.idDigest } : {}),
    ...memory,
    // Keeps the engine reachable until memory was measured, so its state counts.
    alive: engine !== undefined,
  });
}

/** Runs the B3 data floor: generates the tables and updates and reports memory, with no engine. */
export function runJoinFloor(): void {
  const { scale, seed } = parseChildArgs();
  const data = generateJoinData({ ...b3Params(scale), seed });
  const memory = measureMemory();
  emitResult({ bench: 'b3', impl: 'floor', rowsPerSide: data.left.key.length, ...memory });
}
