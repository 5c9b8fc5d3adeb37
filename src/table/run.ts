// Running programs: `run()` executes every sink; `subscribe()` registers a callback sink; `build()` gives a
// manually stepped runtime (benchmarks, tests, embedding in a server).
/* eslint-disable @typescript-eslint/no-implied-eval -- code generation with new Function is how expressions compile to plain JS */

import type { Key } from '../engine/key.js';
import { G, type SinkSpec } from './graph.js';
import { Runtime, type RunOptions } from './runtime.js';
import type { Row, Table } from './table.js';
import { userCallSite } from './call-site.js';

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
  onRawBatch?(keys: readonly Key[], rows: readonly (readonly unknown[])[], diffs: readonly number[], time: number): void | Promise<void>;
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

/** Makes the sink spec of a subscription. */
export function subscriptionSink<TRow extends Row>(table: Table<TRow>, options: SubscribeOptions<TRow>, name = 'subscribe'): SinkSpec {
  const decode = rowDecoder<TRow>(table);
  return {
    node: table.node,
    name,
    onBatch(batch, time) {
      // Stays synchronous unless a callback returns a promise, so purely synchronous programs step synchronously.
      const steps: (() => void | Promise<void>)[] = [];
      if (options.onRawBatch) steps.push(() => options.onRawBatch!(batch.keys, batch.rows, batch.diffs, time));
      if (options.onBatch) {
        steps.push(() =>
          options.onBatch!(
            batch.keys.map((key, i) => ({ key, row: decode(batch.rows[i]!), diff: batch.diffs[i]! })),
            time,
          ),
        );
      }
      if (options.onChange) {
        const onChange = options.onChange.bind(options);
        for (let i = 0; i < batch.keys.length; i++) {
          const d = batch.diffs[i]!;
          for (let k = 0; k < Math.abs(d); k++) steps.push(() => onChange(batch.keys[i]!, decode(batch.rows[i]!), time, d > 0));
        }
      }
      return runInOrder(steps, 0);
    },
    onTimeEnd: options.onTimeEnd?.bind(options),
    onEnd: options.onEnd?.bind(options),
  };
}

function runInOrder(steps: readonly (() => void | Promise<void>)[], from: number): void | Promise<void> {
  for (let i = from; i < steps.length; i++) {
    const r = steps[i]!();
    if (r !== undefined) return r.then(() => runInOrder(steps, i + 1));
  }
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
