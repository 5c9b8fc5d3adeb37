// The live side of an async transformer (Pathway's `_AsyncConnector`): takes each epoch's changes of the transformer's
// input table, runs the calls concurrently, and feeds their results back into the program as a live source.
//
// Algorithm: every input change is an entry of its instance (the instance column's value, or the row's id), queued in
// arrival order. An insertion starts its call at once; an entry completes once its call has and the entry before it
// for the same row id has (so one id's results never overtake each other). An instance releases its completed entries
// in order, a whole input time at a time: the entries of one (instance, time) go out together, in one epoch, once all
// of them completed; a failed call turns every insertion the instance releases from then on (its whole group
// included) into a failure row, until the instance has nothing pending. Released entries become upserts keyed by
// the input row's id (a deletion retracts the row shown); results are pushed and committed by one pump, in order. An
// id whose row moved to another instance may have its entries released out of order: a release older (by request
// order) than one applied to the id is dropped, so the id ends with its last change's result.
// State: per instance its queue and the group being gathered; per row id (while entries of it are unapplied or a row is
// shown) its last call, the row shown, and the request number of the last entry applied.
// Invariants: the rows shown are the results of the last released entry per id; an instance is forgotten once it has
// no pending entry; `idle()` holds exactly when no call runs and nothing waits to be pushed.

import { Batch } from '../engine/batch.js';
import { consolidateBatch } from '../engine/consolidate.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { OutputOperator } from '../engine/input-operator.js';
import type { Operator } from '../engine/operator.js';
import { FollowerSource } from './follower-source.js';
import type { LiveSourceIo } from './plan.js';

/** `_async_status` of a row whose call succeeded (Pathway's value). */
export const ASYNC_SUCCESS = '-SUCCESS-';
/** `_async_status` of a row whose call failed, or whose instance had a failure (Pathway's value). */
export const ASYNC_FAILURE = '-FAILURE-';
/** `_async_status` of a row whose call has not finished (`outputTable` only; Pathway's value). */
export const ASYNC_PENDING = '-PENDING-';

/** `AsyncTransformerDriver.snapshot()`: plain data. */
export interface AsyncDriverSnapshot {
  readonly shown: readonly (readonly [Key, unknown[]])[];
  readonly ready: readonly (readonly [Key, unknown[] | null])[];
  readonly entries: readonly (readonly [Key, unknown[], number, boolean])[];
  readonly timeFinished: number;
}

/** A call's outcome: the output row's cells, or undefined when it failed (the failure was reported). */
export type CallOutcome = unknown[] | undefined;

/** What the driver needs from its transformer. */
export interface TransformerCalls {
  /** Runs the call for one input row's values (the input's columns in order); never rejects. */
  call(values: unknown[]): Promise<CallOutcome>;
  /** Number of output columns (a failure row holds that many nulls). */
  readonly width: number;
  /** Called once before the first call (Pathway's `open`); never rejects (a failure makes the calls fail). */
  open(): Promise<void>;
  /** Called once when the source ends (Pathway's `close`); never rejects (a failure is reported). */
  close(): Promise<void>;
}

/** One input change waiting to be released. */
interface Entry {
  readonly key: Key;
  /** The input row (its instance last, when instanced): what a restored driver calls again. */
  readonly row: unknown[];
  /** Increases with every request: a release older than one already applied to the id is stale. */
  readonly seq: number;
  readonly time: number;
  readonly addition: boolean;
  done: boolean;
  outcome: CallOutcome;
}

/** One instance's queue (Pathway's `_Instance`). */
interface Instance {
  readonly id: unknown;
  pending: Entry[];
  /** Index of the first entry not released yet. */
  head: number;
  /** The released entries of the time being gathered. */
  buffer: Entry[];
  bufferTime: number | undefined;
  /** False once the instance released a failure (until it has nothing pending). */
  correct: boolean;
}

/** A row to show (cells with the status last) or to retract (undefined), under an input row's id. */
interface Change {
  readonly key: Key;
  readonly seq: number;
  readonly row: unknown[] | undefined;
}

/** What the driver keeps of one row id while it has entries not applied yet or a row shown. */
interface IdState {
  /** `seq` of the last entry applied (-1: none). */
  applied: number;
  /** Entries requested and not applied yet. */
  unapplied: number;
  /** The row shown, if any. */
  shown: unknown[] | undefined;
  /** The id's last entry's task: the next entry's waits for it. */
  last: Promise<void> | undefined;
}

/** The live source of one async transformer in one run (see the header). */
export class AsyncTransformerDriver extends FollowerSource<Change> {
  private readonly instances = new Map<unknown, Instance>();
  /** Per row id with entries not applied yet or a row shown (see `IdState`). */
  private readonly ids = new Map<Key, IdState>();
  private nextSeq = 0;
  private opened: Promise<void> | undefined;
  /** The latest input time whose changes all arrived. */
  private timeFinished = -Infinity;

  /** A driver calling through `calls`; with `instanced`, an input row's last cell is its instance. */
  constructor(
    private readonly calls: TransformerCalls,
    private readonly instanced: boolean,
  ) {
    super();
  }

  /** The transformer's input changes of epoch `time` (all of them: the epoch is complete). */
  receive(batch: Batch<unknown[]>, time: number): void {
    const b = consolidateBatch(batch);
    const touched = new Set<Instance>();
    // Deletions first: an id's `-old, +new` shows the new row last.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < b.keys.length; i++) {
        const addition = b.diffs[i]! > 0;
        if (addition === (pass === 0)) continue;
        touched.add(this.request(b.keys[i]!, b.rows[i]!, time, addition));
      }
    }
    // Only this epoch's entries wait for its end (earlier ones were released when their calls finished).
    this.timeFinished = time;
    for (const inst of touched) this.release(inst);
  }

  protected override opening(): Promise<void> {
    return this.open();
  }

  protected override closing(): Promise<void> {
    return this.calls.close();
  }

  private open(): Promise<void> {
    return (this.opened ??= this.calls.open());
  }

  /**
   * The driver's state between steps (plain data): the rows shown, the changes released but not pushed, and every
   * input change not released yet (its call, in flight or done, is made again by a restored driver).
   */
  snapshot(): AsyncDriverSnapshot {
    const entries: Entry[] = [];
    for (const inst of this.instances.values())
      entries.push(...inst.buffer, ...inst.pending.slice(inst.head));
    entries.sort((a, b) => a.seq - b.seq);
    return {
      shown: [...this.ids].flatMap(([key, id]) => (id.shown === undefined ? [] : [[key, id.shown] as const])),
      ready: this.ready.map((c) => [c.key, c.row ?? null]),
      entries: entries.map((e) => [e.key, e.row, e.time, e.addition]),
      timeFinished: this.timeFinished,
    };
  }

  /** Loads a snapshot into a fresh driver: the shown rows and released changes as they were, the calls made again. */
  restore(state: AsyncDriverSnapshot): void {
    for (const [key, row] of state.shown) this.idState(key).shown = row;
    for (const [key, row] of state.ready) {
      this.idState(key).unapplied++;
      this.ready.push({ key, seq: this.nextSeq++, row: row ?? undefined });
    }
    const touched = new Set<Instance>();
    for (const [key, row, time, addition] of state.entries)
      touched.add(this.request(key, row, time, addition));
    this.timeFinished = state.timeFinished;
    for (const inst of touched) this.release(inst);
  }

  /** Queues one input change in its instance and starts its call; returns the instance. */
  private request(key: Key, row: unknown[], time: number, addition: boolean): Instance {
    const id = this.instanced ? keyFromValue(row[row.length - 1]) : key;
    let inst = this.instances.get(id);
    if (inst === undefined) {
      inst = { id, pending: [], head: 0, buffer: [], bufferTime: undefined, correct: true };
      this.instances.set(id, inst);
    }
    const entry: Entry = { key, row, seq: this.nextSeq++, time, addition, done: false, outcome: undefined };
    inst.pending.push(entry);
    const state = this.idState(key);
    state.unapplied++;
    this.running++;
    state.last = this.run(entry, this.instanced ? row.slice(0, -1) : row, state.last, inst);
    return inst;
  }

  /** The state of row id `key`, made when it has none. */
  private idState(key: Key): IdState {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = { applied: -1, unapplied: 0, shown: undefined, last: undefined };
      this.ids.set(key, id);
    }
    return id;
  }

  /** Runs one entry: its call (insertions), then waits for the id's previous entry (see the header). */
  private async run(
    entry: Entry,
    values: unknown[],
    previous: Promise<void> | undefined,
    inst: Instance,
  ): Promise<void> {
    try {
      if (entry.addition) {
        await this.open();
        entry.outcome = await this.calls.call(values);
      }
      if (previous !== undefined) await previous;
    } finally {
      entry.done = true;
      this.running--;
    }
    this.release(inst);
    this.notifyIdle();
  }

  /** Releases the instance's completed entries of finished times, a whole time at a time (see the header). */
  private release(inst: Instance): void {
    const { pending } = inst;
    while (inst.head < pending.length) {
      const e = pending[inst.head]!;
      if (e.time > this.timeFinished || !e.done) break;
      if (inst.bufferTime !== e.time) {
        this.flush(inst);
        inst.bufferTime = e.time;
      }
      if (e.addition && e.outcome === undefined) inst.correct = false;
      inst.buffer.push(e);
      inst.head++;
    }
    if (inst.head === pending.length || pending[inst.head]!.time !== inst.bufferTime) this.flush(inst);
    if (inst.head === pending.length) {
      if (this.instances.get(inst.id) === inst) this.instances.delete(inst.id);
    } else if (inst.head > 1024 && 2 * inst.head > pending.length) {
      inst.pending = pending.slice(inst.head);
      inst.head = 0;
    }
  }

  /** Turns the gathered group into changes to push (see the header). */
  private flush(inst: Instance): void {
    if (inst.buffer.length === 0) return;
    const width = this.calls.width;
    for (const e of inst.buffer) {
      const { key, seq } = e;
      if (!e.addition) this.ready.push({ key, seq, row: undefined });
      else if (inst.correct) this.ready.push({ key, seq, row: [...e.outcome!, ASYNC_SUCCESS] });
      else this.ready.push({ key, seq, row: [...new Array<null>(width).fill(null), ASYNC_FAILURE] });
    }
    inst.buffer = [];
    void this.pump();
  }

  /** Applies one released change to the row shown under its id (see the header: stale ones are dropped). */
  protected pushChange({ key, seq, row }: Change, io: LiveSourceIo): void {
    // An id's entries may be released out of order when they belong to different instances: one older than the last
    // applied is stale (a later change of the id already replaced it).
    const id = this.ids.get(key)!;
    id.unapplied--;
    if (seq > id.applied) {
      id.applied = seq;
      if (id.shown !== undefined) io.push(key, id.shown, -1);
      if (row !== undefined) io.push(key, row, 1);
      id.shown = row;
    }
    if (id.unapplied === 0 && id.shown === undefined) this.ids.delete(key);
  }
}

/** The output handing the transformer's input to its driver; stateful, so checkpoints hold the driver's state. */
export class AsyncTransformerSink extends OutputOperator<unknown[]> {
  /** The output of `input` for `driver`. */
  constructor(
    input: Operator<unknown[]>,
    private readonly driver: AsyncTransformerDriver,
  ) {
    super(input, (b, t) => driver.receive(b, t));
  }
  override get name(): string {
    return 'async-transformer-input';
  }
  override get stateful(): boolean {
    return true;
  }
  override snapshot(): unknown {
    return this.driver.snapshot();
  }
  override restore(state: unknown): void {
    this.driver.restore(state as AsyncDriverSnapshot);
  }
}
