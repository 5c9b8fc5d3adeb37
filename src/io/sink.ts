// The contract every output connector implements, and `writeSink`, which attaches a sink to a table.
// A sink sees each epoch's changes of its table together, in epoch order, after the epoch is complete.

import { materializeKeys, type Batch } from '../engine/batch.js';
import type { Key } from '../engine/key.js';
import { userCallSite } from '../table/call-site.js';
import { G } from '../table/graph.js';
import type { Table } from '../table/table.js';
import { withoutErrorRows } from '../table/error-rows.js';

/** One epoch's consolidated changes of a table, as parallel arrays (valid during the call only). */
export interface EpochChanges {
  /** The epoch's time (milliseconds for live sources). */
  readonly time: number;
  /** Row ids (made when first read: a writer that never reads them saves making ids nothing else reads). */
  readonly keys: readonly Key[];
  /** Row values in `columns` order. */
  readonly rows: readonly (readonly unknown[])[];
  /** +n for insertions, -n for retractions. */
  readonly diffs: readonly number[];
}

/** An output connector's writer. */
export interface Sink {
  /** How errors name it: `csv(out.csv)`, `postgres(public.totals)`. */
  readonly name: string;
  /**
   * Checks the table's columns when the sink is attached (`write()` time, before any run): throws to refuse them, so
   * a mistake in the program fails where it is made, not when the run starts.
   */
  check?(columns: readonly string[], dtypes: readonly import('../table/dtype.js').DType[]): void;
  /** Opens the destination (files, connections) before the first epoch; `columns` are the table's. */
  open?(
    columns: readonly string[],
    dtypes: readonly import('../table/dtype.js').DType[],
  ): void | Promise<void>;
  /** Writes one epoch's changes (never called with an empty epoch); several times per epoch with `acceptsParts`. */
  write(changes: EpochChanges): void | Promise<void>;
  /**
   * True when `write` accepts an epoch in several consecutive calls of the same time (each consolidated; their sum
   * is the epoch's change; `flush` follows the last): a large insert-only load then runs in parts and its output is
   * never held whole (see `Circuit.partRows`). Leave it unset where an epoch must be written as one unit (a
   * transaction per epoch).
   */
  readonly acceptsParts?: boolean;
  /** Rows holding error values are handed over too (a REST answer reports them); by default they are skipped. */
  readonly keepsErrors?: boolean;
  /** Called after each epoch, written to or not (flush buffered output here). */
  flush?(time: number): void | Promise<void>;
  /** Flushes and closes at the end of the run (also after SIGINT/SIGTERM). */
  close?(): void | Promise<void>;
}

/** Attaches `sink` to `table`: from now on `cw.run()` writes the table's changes to it. */
export function writeSink(table: Table<any>, sink: Sink): void {
  const columns = table.columnNames();
  const dtypes = table.columns.map((c) => c.dtype);
  sink.check?.(columns, dtypes);
  G.addSink({
    node: table.node,
    name: `${sink.name} at ${userCallSite() ?? '?'}`,
    onStart: sink.open ? () => sink.open!(columns, dtypes) : undefined,
    onBatch: (batch, time) => {
      // Rows holding an error value are not written (Pathway: "Error value encountered in output, skipping the
      // row"); the insertion is logged, its retraction skipped alike. No error value made yet: nothing to scan.
      const b = sink.keepsErrors === true ? batch : withoutErrorRows(batch, sink.name);
      return sink.write(epochChanges(time, b));
    },
    acceptsParts: sink.acceptsParts === true,
    // Ids are made only when the writer reads them (see `epochChanges`).
    readsIds: false,
    onTimeEnd: sink.flush ? (time) => sink.flush!(time) : undefined,
    onEnd: sink.close ? () => sink.close!() : undefined,
    endsOnFailure: true,
  });
}

/** An epoch's changes of `b` for a writer; its ids are made when the writer first reads `keys` (see `Batch.lazy`). */
function epochChanges(time: number, b: Batch<unknown[]>): EpochChanges {
  return {
    time,
    get keys(): readonly Key[] {
      materializeKeys(b);
      return b.keys;
    },
    rows: b.rows,
    diffs: b.diffs,
  };
}

/** A sink that discards everything (Pathway's `pw.io.null.write`): forces a table to be computed. */
export function nullSink(): Sink {
  return { name: 'null', write: () => undefined, acceptsParts: true };
}
