// The null connector: `cw.io.null.write(table)` computes a table and discards the result (Pathway's `pw.io.null`).

import type { Table } from '../../table/table.js';
import { nullSink, writeSink } from '../sink.js';

/** Computes `table` when the program runs and discards its changes. */
export function write(table: Table<any>): void {
  writeSink(table, nullSink());
}
