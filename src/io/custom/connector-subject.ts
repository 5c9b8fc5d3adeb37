// Pathway's ConnectorSubject: a class a user extends to feed a table from any code (`next`, `delete`, `commit`, `close`).

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import type { Source, SourceContext } from '../source.js';
import { ConnectorError } from '../connector-error.js';

/**
 * A source written as a class: implement `run()` and call `next(row)` for each row; `commit()` closes an epoch,
 * `close()` (or returning from `run()`) ends the source. Override `onStop()` to release resources: it is called once
 * when the source ends, whether `run()` returned, threw or the run was stopped.
 *
 * @example
 * class Ticker extends cw.io.custom.ConnectorSubject<{ n: number }> {
 *   async run() { for (let n = 0; n < 3; n++) this.next({ n }); }
 * }
 * const t = cw.io.custom.read(new Ticker(), { schema: cw.schema({ n: cw.INT }) });
 */
export abstract class ConnectorSubject<TRow extends Row = Row> {
  private ctx: SourceContext | undefined;
  private closeResolve: (() => void) | undefined;
  private closed = false;
  private seq = 0;

  /** Produces the rows; the source ends when it returns (or when `close()` is called). */
  abstract run(): void | Promise<void>;

  /**
   * Called once when the source ends (as Pathway's `on_stop`): after `run()` returns or throws, or when the run is
   * stopped (Ctrl-C, `runtime.stop()`) while `run()` is still going. Stop timers, close connections here.
   */
  onStop(): void | Promise<void> {}

  /** Aborted when the run stops: pass it to fetch, timers, clients. */
  protected get signal(): AbortSignal {
    return this.context().signal;
  }

  private context(): SourceContext {
    if (this.ctx === undefined)
      throw new ConnectorError('custom', 'a ConnectorSubject', 'not running yet', 'call next() from run()');
    return this.ctx;
  }

  /** Adds a row (with a primary key in the schema, it replaces the row with the same key). */
  next(row: TRow): void {
    if (this.closed) return;
    this.context().insert(row, `next() #${++this.seq}`);
  }

  /** Deletes the row with this primary key. */
  delete(row: Partial<TRow>): void {
    if (this.closed) return;
    this.context().delete(row, `delete() #${++this.seq}`);
  }

  /** Closes the current epoch: rows given so far become visible downstream. */
  commit(): Promise<void> {
    return this.context().commit();
  }

  /** Resolves when the pipeline has room for more rows (call it in tight loops). */
  async drain(): Promise<void> {
    const wait = this.context().backpressure();
    if (wait) await wait;
  }

  /** Ends the source: what was given is committed, later `next` calls are ignored. */
  close(): void {
    this.closed = true;
    this.closeResolve?.();
  }

  /** @internal The `Source` view of this subject. */
  asSource(name: string): Source {
    return {
      name,
      run: async (ctx) => {
        this.ctx = ctx;
        this.closed = false;
        const closing = new Promise<void>((resolve) => (this.closeResolve = resolve));
        const stopped = new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        const running = Promise.resolve().then(() => this.run());
        // Whatever ended the source, onStop() runs once (Pathway's `start()` calls `on_stop` in a `finally`).
        try {
          await Promise.race([running, closing, stopped]);
          this.closed = true;
          if (!ctx.signal.aborted) await running;
        } catch (e) {
          this.closed = true;
          // The error of run() ends the run; one of onStop() is not lost (the run's error log is not stepped any more).
          await Promise.resolve()
            .then(() => this.onStop())
            .catch((s: unknown) =>
              console.warn(`causeway: ${name}: onStop() failed after run() failed: ${String(s)}`),
            );
          throw e;
        }
        await this.onStop();
      },
    };
  }
}

/** Options of `custom.read`. */
export interface CustomReadOptions<TRow extends Row> extends ReadSourceOptions {
  /** The rows' schema (a primary key makes `next` an upsert). */
  schema: Schema<TRow>;
}

/** The table fed by a `ConnectorSubject` (Pathway's `pw.io.python.read`). */
export function read<TRow extends Row>(
  subject: ConnectorSubject<TRow>,
  options: CustomReadOptions<TRow>,
): Table<TRow> {
  const name = options.name ?? `custom(${subject.constructor.name})`;
  return readSource(() => subject.asSource(name), options.schema, { ...options, name });
}
