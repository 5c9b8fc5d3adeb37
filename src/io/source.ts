// The contract every input connector implements: a `Source` reads records from somewhere and hands them to a
// `SourceContext`, which parses them against the schema, assigns ids, batches them into epochs and applies backpressure.

import type { Key } from '../engine/key.js';

/** Static: read what exists, then finish (a batch job). Streaming: keep reading until the run is stopped. */
export type ReadMode = 'static' | 'streaming';

/** A row the context accepted: its id and values, kept by sources that may retract it later (a modified file). */
export interface RowHandle {
  readonly key: Key;
  readonly values: unknown[];
}

/** What a source does with the records it reads. */
export interface SourceContext {
  /** `static` or `streaming`, as the user asked. */
  readonly mode: ReadMode;
  /** Aborted when the run stops: the source should end its loop, release resources and return. */
  readonly signal: AbortSignal;
  /**
   * Adds a record (an object by column name, or values in column order). With a primary key it replaces the row
   * with the same key (the old one is retracted). Returns the accepted row, or undefined when the record is
   * malformed (already reported with `position`).
   */
  insert(record: object, position: string): RowHandle | undefined;
  /**
   * Deletes the row with the record's primary key (only the key columns are read). Needs a primary key in the
   * schema: without one the deletion is reported as a malformed record (use `retract` with the `insert` handle).
   */
  delete(record: object, position: string): void;
  /** Retracts a row returned by `insert` (a file that changed or disappeared). */
  retract(row: RowHandle): void;
  /** Deletes every row this source holds under its primary key (a TRUNCATE); nothing without a primary key. */
  deleteAll(): void;
  /**
   * Adds a row with values already parsed and keyed (fast path for sources that parse themselves). `fresh`: `key` is
   * a newly generated id, never given before (no primary key), so the epoch needs no consolidation.
   */
  insertParsed(key: Key, values: unknown[], fresh?: boolean): void;
  /** Reports a malformed record (`position`: file:line, offset, message id). */
  error(position: string, reason: string): void;
  /** Starts an atomic unit (a file, a transaction): its rows are never split across epochs. */
  beginUnit(): void;
  /** Ends the atomic unit; its rows may now be committed. */
  endUnit(): void;
  /** Drops the rows of the unit in progress (the unit could not be read whole). */
  abortUnit(): void;
  /** Closes the current epoch now (the data read so far becomes visible downstream). */
  commit(): Promise<void>;
  /**
   * Backpressure: undefined while the backlog has room, else a promise resolved when the pipeline has caught up.
   * Sources call it between records or chunks: `const wait = ctx.backpressure(); if (wait) await wait;`.
   */
  backpressure(): Promise<void> | undefined;
  /**
   * Records how far the source has read (an offset, a sequence, an LSN) for the rows given so far outside an open
   * unit (call it after `endUnit`). Each commit carries the position recorded when it started.
   */
  setPosition(position: unknown): void;
  /**
   * Called after every committed epoch with the position its rows reached (see `setPosition`): acknowledge the
   * upstream here (offsets, acks, LSNs), so only what the pipeline has committed is acknowledged.
   */
  onCommitted(callback: (position: unknown) => void | Promise<void>): void;
}

/** An input connector's reader. */
export interface Source {
  /** How errors name it: `fs(data/*.csv)`, `postgres(public.orders)`. */
  readonly name: string;
  /**
   * Reads until done (static) or until `ctx.signal` aborts (streaming), handing records to `ctx`. The returned
   * promise settles when the source has stopped; a rejection ends the run with that error.
   */
  run(ctx: SourceContext): Promise<void>;
}

/** How a source's records become epochs (the options every `read` accepts). */
export interface CommitOptions {
  /** `streaming` (default) keeps reading; `static` reads what exists and finishes. */
  mode?: ReadMode;
  /** Commit an epoch at least this often while records arrive (default 100 ms in streaming mode). */
  autocommitDurationMs?: number;
  /** Commit an epoch once this many rows are ready (default: 100,000 streaming, unlimited static). */
  maxBatchRows?: number;
  /** Backpressure: pause the source while this many rows wait for the pipeline (default 1,000,000). */
  maxBacklogRows?: number;
  /** A name for error messages and the error log (default: the connector's own). */
  name?: string;
}
