// Running programs: `run()` executes every sink; `subscribe()` registers a callback sink; `build()` gives a
// manually stepped runtime (benchmarks, tests, embedding in a server).
/* eslint-disable @typescript-eslint/no-implied-eval -- code generation with new Function is how expressions compile to plain JS */

import type { Batch } from '../engine/batch.js';
import type { Key } from '../engine/key.js';
import { G, type SinkSpec } from './graph.js';
import { isThenable, Runtime, type RunOptions } from './runtime.js';
import type { Row, Table } from './table.js';
import { userCallSite } from './call-site.js';
import { withoutErrorRows } from './error-rows.js';

/** Callbacks of `subscribe` (Pathway's `pw.io.subscribe`). */
export interface SubscribeOptions<TRow> {
  /** Called for every change: the row's id, its values, the epoch time, and whether it was added or removed. */
  onChange?(key: Key, row: TRow, time: number, isAddition: boolean): void | Promise<void>;
  /** Called with each epoch's changes at once (faster than onChange for large epochs). */
  onBatch?(changes: readonly { key: Key; row: TRow; diff: number }[], time: number): void | Promise<void>;
  /**
   * The fast path: each epoch's consolidated changes as parallel arrays (rows are arrays in column order, see
   * `table.columnNames()`). The arrays belong to the engine: read them during the call, don't keep or modify them.
   */
  onRawBatch?(
    keys: readonly Key[],
    rows: readonly (readonly unknown[])[],
    diffs: readonly number[],
    time: number,
  ): void | Promise<void>;
  /**
   * `onRawBatch` without the ids: each epoch's consolidated changes as rows and diffs. A subscription whose callbacks
   * read no ids (this one, `onTimeEnd`, `onEnd`) lets the engine skip making ids that nothing else reads: a join's
   * pair ids are then never computed.
   */
  onRawRows?(
    rows: readonly (readonly unknown[])[],
    diffs: readonly number[],
    time: number,
  ): void | Promise<void>;
  /**
   * Lets `onRawBatch`, `onRawRows` and `onBatch` receive a large epoch in several calls (each consolidated; their sum is the
   * epoch's change; `onTimeEnd` follows the last). A large insert-only load through a monotone pipeline (selects,
   * filters, joins) then runs in parts and its output is never held whole in memory. Subscriptions with `onChange`
   * alone accept parts unless this is false.
   */
  partialBatches?: boolean;
  /**
   * Skip rows holding an error value, logging each (default true, as Pathway's `subscribe(skip_errors=True)`); false
   * hands them to the callbacks.
   */
  skipErrors?: boolean;
  /** Called when an epoch is complete. */
  onTimeEnd?(time: number): void | Promise<void>;
  /** Called when the run ends. */
  onEnd?(): void | Promise<void>;
}

/** Converts engine rows (arrays) to records. */
export function rowDecoder<TRow>(table: Table<any>): (values: readonly unknown[]) => TRow {
  const names = table.columnNames();
  const body = names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${body} };`) as (values: readonly unknown[]) => TRow;
}

/** Delivers an epoch to `onRawRows`, then to `onBatch` and `onChange` as decoded records. */
function deliverRest<TRow>(
  options: SubscribeOptions<TRow>,
  decode: (values: readonly unknown[]) => TRow,
  batch: Batch<unknown[]>,
  time: number,
): void | Promise<void> {
  if (options.onRawRows) {
    const r = options.onRawRows(batch.rows, batch.diffs, time);
    if (isThenable(r)) return r.then(() => deliverRecords(options, decode, batch, time));
  }
  return deliverRecords(options, decode, batch, time);
}

/** Delivers an epoch to `onBatch`, then to `onChange`, as decoded records. */
function deliverRecords<TRow>(
  options: SubscribeOptions<TRow>,
  decode: (values: readonly unknown[]) => TRow,
  batch: Batch<unknown[]>,
  time: number,
): void | Promise<void> {
  if (options.onBatch === undefined && options.onChange === undefined) return;
  if (options.onBatch) {
    const changes = batch.keys.map((key, i) => ({ key, row: decode(batch.rows[i]!), diff: batch.diffs[i]! }));
    const r = options.onBatch(changes, time);
    if (isThenable(r)) return r.then(() => deliverChanges(options, decode, batch, time, 0, 0));
  }
  return deliverChanges(options, decode, batch, time, 0, 0);
}

/** Calls `onChange` once per unit of multiplicity, from update `from` (its first `copy` units already done). */
function deliverChanges<TRow>(
  options: SubscribeOptions<TRow>,
  decode: (values: readonly unknown[]) => TRow,
  batch: Batch<unknown[]>,
  time: number,
  from: number,
  copy: number,
): void | Promise<void> {
  const onChange = options.onChange;
  if (onChange === undefined) return;
  const n = batch.keys.length;
  let k = copy;
  for (let i = from; i < n; i++, k = 0) {
    const d = batch.diffs[i]!;
    const row = decode(batch.rows[i]!);
    for (; k < Math.abs(d); k++) {
      const r = onChange.call(options, batch.keys[i]!, row, time, d > 0);
      if (isThenable(r)) {
        const next = k + 1;
        return r.then(() => deliverChanges(options, decode, batch, time, i, next));
      }
    }
  }
}

/** True when a subscription takes rows only: `onRawRows`, and no other callback of changes. */
function rawRowsOnly<TRow extends Row>(options: SubscribeOptions<TRow>): boolean {
  return (
    options.onRawRows !== undefined &&
    options.onRawBatch === undefined &&
    options.onBatch === undefined &&
    options.onChange === undefined
  );
}

/**
 * The `onBatch` of a subscription taking rows only (`rawRowsOnly`): one call of `onRawRows` per step and nothing to
 * check, so a stream's one-row steps run (and the JIT compiles) no code for the callbacks it does not have.
 */
function rawRowsSink<TRow extends Row>(options: SubscribeOptions<TRow>, name: string): SinkSpec['onBatch'] {
  const onRawRows = options.onRawRows!;
  const keepErrors = options.skipErrors === false;
  return (all, time) => {
    const batch = keepErrors ? all : withoutErrorRows(all, name);
    const r = onRawRows.call(options, batch.rows, batch.diffs, time);
    return isThenable(r) ? r : undefined;
  };
}

/** Makes the sink spec of a subscription. */
export function subscriptionSink<TRow extends Row>(
  table: Table<TRow>,
  options: SubscribeOptions<TRow>,
  name = 'subscribe',
): SinkSpec {
  const decode = rowDecoder<TRow>(table);
  return {
    node: table.node,
    name,
    acceptsParts: options.partialBatches ?? (!options.onBatch && !options.onRawBatch && !options.onRawRows),
    readsIds:
      options.onChange !== undefined || options.onBatch !== undefined || options.onRawBatch !== undefined,
    onBatch: rawRowsOnly(options)
      ? rawRowsSink(options, name)
      : (all, time) => {
          const batch = options.skipErrors === false ? all : withoutErrorRows(all, name);
          // Stays synchronous unless a callback returns a promise; then it continues from where it was. No closure is
          // made per epoch: a subscription is called once per step, which for single-row epochs is a hot path.
          if (options.onRawBatch) {
            const r = options.onRawBatch(batch.keys, batch.rows, batch.diffs, time);
            if (isThenable(r)) return r.then(() => deliverRest(options, decode, batch, time));
          }
          return deliverRest(options, decode, batch, time);
        },
    onTimeEnd: options.onTimeEnd?.bind(options),
    onEnd: options.onEnd?.bind(options),
  };
}

/** Calls back on every change of `table` when the program runs. */
export function subscribe<TRow extends Row>(table: Table<TRow>, options: SubscribeOptions<TRow>): void {
  G.addSink(subscriptionSink(table, options, `subscribe at ${userCallSite() ?? '?'}`));
}

/** Runs every registered sink's program to completion (static sources) or until stopped (live sources). */
export async function run(options: RunOptions = {}): Promise<void> {
  const runtime = new Runtime(G.sinks, options);
  const stop = () => void runtime.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runtime.run();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Builds the registered program without running it: step it yourself with `runtime.step(time)`. */
export function build(options: RunOptions = {}, sinks: readonly SinkSpec[] = G.sinks): Runtime {
  return new Runtime(sinks, options);
}

/** Forgets every registered sink (each test builds its own program). */
export function clearGraph(): void {
  G.clear();
}
