// The runtime side of one running source: parses records, assigns ids (primary key or generated), applies upserts,
// groups rows into epochs (by count, by time, explicit commits, never splitting an atomic unit) and bounds the backlog.
//
// State: `ready` rows (complete units, waiting for the next commit), `unit` rows (the atomic unit being read),
// `current` (latest row per primary key, for upserts), the id generator, and the number of rows handed to the
// runtime whose epoch has not finished yet (`inFlight`).
// Invariants: rows reach the engine input only at a commit, so another source's commit never takes half a unit;
// backlog = ready + unit + inFlight, and `backpressure()` waits while it is at or above `maxBacklogRows`.

import { Batch } from '../engine/batch.js';
import type { InputOperator } from '../engine/input-operator.js';
import { keyFromValues, KeyGenerator, keyToString, type Key } from '../engine/key.js';
import type { LiveDriver, LiveSourceIo } from '../table/plan.js';
import type { Schema } from '../table/schema.js';
import { RecordParser, type RecordParserOptions } from './record-parser.js';
import type { CommitOptions, ReadMode, RowHandle, Source, SourceContext } from './source.js';

/** Runs one `Source` for one runtime: the `LiveDriver` the table layer sees. */
export class SourceSession implements LiveDriver, SourceContext {
  readonly mode: ReadMode;
  private readonly abort = new AbortController();
  private readonly parser: RecordParser;
  private readonly pk: number[];
  /** The source or its schema says the table is append-only: deletions, retractions and updates of a key are refused (reported). */
  private readonly appendOnly: boolean;
  private readonly current = new Map<Key, unknown[]>();
  private readonly ids: KeyGenerator;
  private ready = new Batch<unknown[]>();
  private unit: Batch<unknown[]> | undefined;
  /** Every row of `ready` (of `unit`) is an insertion under a fresh generated id: no consolidation needed. */
  private readyFresh = true;
  private unitFresh = true;
  /** Upserts done inside the unit in progress: [key, previous row or undefined], to undo on abort. */
  private unitUndo: [Key, unknown[] | undefined][] = [];
  private inFlight = 0;
  private committing: Promise<void> | undefined;
  private waiters: (() => void)[] = [];
  private readonly committed: ((position: unknown) => void | Promise<void>)[] = [];
  private position: unknown = undefined;
  private acked: unknown = undefined;
  private io: LiveSourceIo | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private finished = false;
  private readonly maxBatchRows: number;
  private readonly maxBacklogRows: number;
  private readonly autocommitMs: number;
  /** The name in error messages. */
  readonly name: string;

  /** Prepares a session of `source` feeding `input` with rows of `schema`. */
  constructor(
    private readonly source: Source,
    private readonly input: InputOperator<unknown[]>,
    schema: Schema<any>,
    options: CommitOptions & { parser?: RecordParserOptions; appendOnly?: boolean } = {},
  ) {
    this.mode = options.mode ?? 'streaming';
    this.name = options.name ?? source.name;
    this.parser = new RecordParser(schema, options.parser);
    const names = schema.names;
    this.pk = schema.primaryKey.map((n) => names.indexOf(n));
    this.appendOnly = options.appendOnly === true || schema.universeProperties.appendOnly;
    this.ids = new KeyGenerator(`source:${this.name}`);
    const streaming = this.mode === 'streaming';
    this.maxBatchRows = options.maxBatchRows ?? (streaming ? 100_000 : Infinity);
    this.maxBacklogRows = Math.max(1, options.maxBacklogRows ?? 1_000_000);
    this.autocommitMs = options.autocommitDurationMs ?? (streaming ? 100 : 0);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  // ---- LiveDriver -------------------------------------------------------------------------------------------

  start(io: LiveSourceIo): Promise<void> {
    this.io = io;
    if (this.autocommitMs > 0) {
      this.timer = setInterval(() => {
        if (this.ready.keys.length > 0 && this.committing === undefined) void this.commit();
      }, this.autocommitMs);
      this.timer.unref?.();
    }
    this.running = this.source.run(this).then(
      () => this.end(),
      (e: unknown) => {
        this.stopTimer();
        throw e;
      },
    );
    // The runtime ends the run with the source's error, if it fails.
    return this.running;
  }

  /** The promise of the source's run (rejects when the source fails); set once started. */
  get done(): Promise<void> | undefined {
    return this.running;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.releaseWaiters();
    await this.running?.catch(() => undefined);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async end(): Promise<void> {
    this.stopTimer();
    // A unit left open by a stopped source is incomplete: it is dropped, not half-committed.
    if (this.unit !== undefined) this.abortUnit();
    await this.commit();
    if (!this.finished) {
      this.finished = true;
      this.io?.finish();
    }
  }

  // ---- SourceContext ----------------------------------------------------------------------------------------

  insert(record: object, position: string): RowHandle | undefined {
    const values = Array.isArray(record) ? this.parser.parseValues(record) : this.parser.parseObject(record);
    if (values === undefined) {
      this.error(position, this.parser.lastError);
      return undefined;
    }
    if (this.pk.length > 0) {
      const key = this.pkKey(values);
      if (this.appendOnly && this.current.has(key)) {
        this.refuseRetraction(position, 'an update of an existing primary key');
        return undefined;
      }
      this.add(key, values, false);
      return { key, values };
    }
    const key = this.ids.next();
    this.add(key, values, true);
    return { key, values };
  }

  insertParsed(key: Key, values: unknown[], fresh = false): void {
    if (this.appendOnly && this.current.has(key)) {
      this.refuseRetraction(`row ${keyToString(key)}`, 'an update of an existing primary key');
      return;
    }
    this.add(key, values, fresh && this.pk.length === 0);
  }

  private pkKey(values: readonly unknown[]): Key {
    const pk = this.pk;
    if (pk.length === 1) return keyFromValues([values[pk[0]!]]);
    const parts = new Array<unknown>(pk.length);
    for (let i = 0; i < pk.length; i++) parts[i] = values[pk[i]!];
    return keyFromValues(parts);
  }

  private add(key: Key, values: unknown[], fresh: boolean): void {
    const out = this.unit ?? this.ready;
    if (!fresh) this.notFresh();
    if (this.pk.length > 0) {
      const old = this.current.get(key);
      if (this.unit !== undefined) this.unitUndo.push([key, old]);
      if (old !== undefined) out.push(key, old, -1);
      this.current.set(key, values);
    }
    out.push(key, values, 1);
    if (this.unit === undefined) this.maybeCommit();
  }

  delete(record: object, position: string): void {
    if (this.appendOnly) {
      this.refuseRetraction(position, 'a deletion');
      return;
    }
    if (this.pk.length === 0) {
      this.error(position, `a deletion needs a primary key in the schema of ${this.name}`);
      return;
    }
    const names = this.parser.columnNames;
    const parts = new Array<unknown>(this.pk.length);
    try {
      for (let j = 0; j < this.pk.length; j++) {
        const i = this.pk[j]!;
        const raw = Array.isArray(record)
          ? (record as unknown[])[i]
          : (record as Record<string, unknown>)[names[i]!];
        parts[j] = this.parser.coerceField(i, raw);
      }
    } catch (e) {
      this.error(position, (e as Error).message);
      return;
    }
    const key = keyFromValues(parts);
    const old = this.current.get(key);
    if (old === undefined) return;
    const out = this.unit ?? this.ready;
    this.notFresh();
    if (this.unit !== undefined) this.unitUndo.push([key, old]);
    out.push(key, old, -1);
    this.current.delete(key);
    if (this.unit === undefined) this.maybeCommit();
  }

  deleteAll(): void {
    if (this.current.size === 0) return;
    if (this.appendOnly) {
      this.refuseRetraction('every row', 'a deletion');
      return;
    }
    const out = this.unit ?? this.ready;
    this.notFresh();
    for (const [key, old] of this.current) {
      if (this.unit !== undefined) this.unitUndo.push([key, old]);
      out.push(key, old, -1);
    }
    this.current.clear();
    if (this.unit === undefined) this.maybeCommit();
  }

  retract(row: RowHandle): void {
    if (this.appendOnly) {
      this.refuseRetraction(`row ${keyToString(row.key)}`, 'a retraction');
      return;
    }
    const out = this.unit ?? this.ready;
    this.notFresh();
    if (this.pk.length > 0) {
      const old = this.current.get(row.key);
      // Under a primary key only the row still current for that key is retracted (a later upsert replaced it).
      if (old !== row.values) return;
      if (this.unit !== undefined) this.unitUndo.push([row.key, old]);
      this.current.delete(row.key);
    }
    out.push(row.key, row.values, -1);
    if (this.unit === undefined) this.maybeCommit();
  }

  /** The batch being filled (the unit, else `ready`) gets a row that is not a fresh insertion. */
  private notFresh(): void {
    if (this.unit !== undefined) this.unitFresh = false;
    else this.readyFresh = false;
  }

  error(position: string, reason: string): void {
    this.io?.error(this.name, position, reason);
  }

  /** Reports a change the append-only promise forbids (`what` at `position`); the change is not applied. */
  private refuseRetraction(position: string, what: string): void {
    this.error(
      position,
      `${what}, but the table is append-only (appendOnly, of the source or its schema); the change is skipped`,
    );
  }

  beginUnit(): void {
    if (this.unit !== undefined) this.endUnit();
    this.unit = new Batch<unknown[]>();
    this.unitFresh = true;
    this.unitUndo = [];
  }

  endUnit(): void {
    const unit = this.unit;
    if (unit === undefined) return;
    this.unit = undefined;
    this.unitUndo = [];
    if (this.ready.keys.length === 0) {
      this.ready = unit;
      this.readyFresh = this.unitFresh;
    } else {
      this.ready.append(unit);
      this.readyFresh &&= this.unitFresh;
    }
    this.maybeCommit();
  }

  abortUnit(): void {
    if (this.unit === undefined) return;
    for (let i = this.unitUndo.length - 1; i >= 0; i--) {
      const [k, old] = this.unitUndo[i]!;
      if (old === undefined) this.current.delete(k);
      else this.current.set(k, old);
    }
    this.unit = undefined;
    this.unitUndo = [];
  }

  private maybeCommit(): void {
    if (this.ready.keys.length >= this.maxBatchRows && this.committing === undefined) void this.commit();
  }

  commit(): Promise<void> {
    if (this.committing !== undefined) {
      // One commit at a time: the next one starts when this one is done and takes whatever is ready then.
      return this.committing.then(() => this.commit());
    }
    const batch = this.ready;
    const n = batch.keys.length;
    if (this.io === undefined) return Promise.resolve();
    if (n === 0) {
      // Nothing to step, but the source may have read past records that gave no rows (malformed, skipped):
      // acknowledge them so they are not read again.
      if (this.position === this.acked) return Promise.resolve();
      const position = (this.acked = this.position);
      const cbs = this.committed;
      return (async () => {
        for (const cb of cbs) await cb(position);
      })();
    }
    // Fresh ids on insertions only: no two updates share a key, so the batch is consolidated as it is.
    batch.consolidated = batch.grouped = batch.uniqueKeys = this.readyFresh;
    this.ready = new Batch<unknown[]>();
    this.readyFresh = true;
    this.input.adopt(batch);
    this.inFlight += n;
    const position = (this.acked = this.position);
    const done = this.io.commit().then(async (ok) => {
      this.inFlight -= n;
      this.committing = undefined;
      // A failed run acknowledges nothing: the upstream redelivers what this epoch carried.
      if (ok) for (const cb of this.committed) await cb(position);
      this.releaseWaiters();
      if (this.ready.keys.length >= this.maxBatchRows) void this.commit();
    });
    this.committing = done;
    return done;
  }

  backpressure(): Promise<void> | undefined {
    const backlog = this.ready.keys.length + (this.unit?.keys.length ?? 0) + this.inFlight;
    if (backlog < this.maxBacklogRows || this.abort.signal.aborted) return undefined;
    // Make sure the backlog drains: commit what is ready (a unit larger than the bound is let through whole).
    if (this.committing === undefined) {
      if (this.ready.keys.length === 0) return undefined;
      void this.commit();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private releaseWaiters(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  setPosition(position: unknown): void {
    this.position = position;
  }

  onCommitted(callback: (position: unknown) => void | Promise<void>): void {
    this.committed.push(callback);
  }
}
