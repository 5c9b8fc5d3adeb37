// The program being built: sinks registered by `subscribe` and connectors, run together by `cw.run()`.

import type { PlanNode } from './plan.js';
import type { Batch } from '../engine/batch.js';

/** A sink of the program: receives each epoch's consolidated changes of one table. */
export interface SinkSpec {
  readonly node: PlanNode;
  readonly name: string;
  /** Called once before the first epoch (opens files, connections). */
  onStart?(): void | Promise<void>;
  /** Called once per epoch with that epoch's changes (never empty); several times when `acceptsParts`. */
  onBatch(batch: Batch<unknown[]>, time: number): void | Promise<void>;
  /**
   * True when `onBatch` accepts an epoch in several consecutive calls of the same time (each consolidated; their sum
   * is the epoch's change; `onTimeEnd` follows the last). When every sink does, a large insert-only epoch of a
   * monotone program runs in parts (`Circuit.partRows`) and its output is never held whole.
   */
  readonly acceptsParts?: boolean;
  /**
   * False when `onBatch` reads the batch's keys (row ids) only after making them with `materializeKeys`, or never: the
   * program may then leave ids unmade until something reads them (a join's pair ids). Default true.
   */
  readonly readsIds?: boolean;
  /** Called after every epoch the runtime processes, changed or not. */
  onTimeEnd?(time: number): void | Promise<void>;
  /** Called once when the run ends. */
  onEnd?(): void | Promise<void>;
  /**
   * Also call `onEnd` when the run fails, to release what the sink holds (files, connections): connector writers set
   * it. Subscriptions leave it unset, so their `onEnd` means the run completed (as Pathway's `on_end`).
   */
  readonly endsOnFailure?: boolean;
}

/** The global program: what `cw.run()` executes. */
export class Graph {
  /** Registered sinks. */
  readonly sinks: SinkSpec[] = [];

  /** Adds a sink. */
  addSink(sink: SinkSpec): void {
    this.sinks.push(sink);
  }

  private readonly clearHooks: (() => void)[] = [];

  /** Registers state to drop when the program is cleared (caches tied to one program). */
  onClear(hook: () => void): void {
    this.clearHooks.push(hook);
  }

  /** Forgets every sink (tests build one program each) and per-program caches. */
  clear(): void {
    this.sinks.length = 0;
    for (const h of this.clearHooks) h();
  }
}

/** The default program (Pathway's global parse graph). */
export const G = new Graph();
