// Test helpers for live programs: a view that keeps a table's current rows and waits (on epochs, not sleeps) for a
// condition; a handle to run the program in the background and stop it; and a run's error, awaited as a value.

import * as cw from '../../index.js';
import type { Key } from '../../engine/key.js';
import type { Row, Table } from '../../table/table.js';

/** The current rows of a table while a program runs, and every change seen. */
export class LiveView<TRow extends Row> {
  /** Current rows by id. */
  readonly rows = new Map<Key, TRow>();
  /** Every change in order. */
  readonly changes: { key: Key; row: TRow; time: number; diff: number }[] = [];
  /** Number of epochs seen. */
  epochs = 0;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  /** Subscribes to `table` (call before building or running the program). */
  constructor(table: Table<TRow>) {
    cw.subscribe(table, {
      onChange: (key, row, time, add) => {
        this.changes.push({ key, row, time, diff: add ? 1 : -1 });
        if (add) this.rows.set(key, row);
        else if (this.rows.get(key) === row || this.rows.has(key)) this.rows.delete(key);
      },
      onTimeEnd: () => {
        this.epochs++;
        this.poke();
      },
    });
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Current rows, sorted by their JSON text (order-independent comparisons). */
  values(): TRow[] {
    return [...this.rows.values()].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }

  /** Resolves once `predicate(this)` holds after an epoch (or now); rejects after `timeoutMs`. */
  waitFor(predicate: (view: this) => boolean, timeoutMs = 15_000, what = 'a condition'): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; rows: ${JSON.stringify(this.values())}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ check: () => predicate(this), resolve: done });
    });
  }
}

/** A program running in the background. */
export interface BackgroundRun {
  readonly runtime: cw.Runtime;
  /** Settles when the run ends. */
  readonly done: Promise<void>;
  /** Stops the sources and waits for the run to end. */
  stop(): Promise<void>;
}

/** Builds the registered program and runs it without waiting for it. */
export function runInBackground(options: cw.RunOptions = {}): BackgroundRun {
  const runtime = cw.build(options);
  const done = runtime.run();
  done.catch(() => undefined);
  return {
    runtime,
    done,
    async stop() {
      await runtime.stop();
      await done;
    },
  };
}

/** Runs the registered program and returns its rejection (undefined when it succeeded). */
export function runError(): Promise<Error | undefined> {
  return cw.run().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
}
