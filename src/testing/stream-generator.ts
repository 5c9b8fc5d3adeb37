// Streams fed in batches at chosen epochs, like Pathway's `StreamGenerator`: batch i arrives at time 2(i+1),
// so tests can check what a pipeline outputs after each batch.

import { keyFromValue, keyFromValues, type Key } from '../engine/key.js';
import type { TimedUpdate } from '../table/plan.js';
import type { Schema } from '../table/schema.js';
import type { Row, Table } from '../table/table.js';
import {
  parseMarkdown,
  tableFromParsedMarkdown,
  type MarkdownOptions,
  type MarkdownRow,
} from './table-from-markdown.js';
import { recordToRow, tableFromRecords, type TableFromRecordsOptions } from './table-from-records.js';
import { testTable } from './test-table.js';

/** Options of `tableFromListOfBatches`. */
export interface BatchesOptions {
  /** Time of the first batch (default 2, as Pathway). */
  firstTime?: number;
  /** Time between batches (default 2, as Pathway). */
  timeStep?: number;
  /** A name for debugging output. */
  name?: string;
}

/**
 * A stream from batches of records: batch i is inserted at time 2, 4, 6, ... (Pathway's convention).
 * ```
 * tableFromListOfBatches([[{ a: 1 }, { a: 2 }], [{ a: 3 }]], schema({ a: INT }))
 * ```
 * Ids come from the schema's primary key (a later row with the same key replaces the earlier one: the old row is
 * retracted and the new one inserted in the same batch), else from the row's position over all batches.
 */
export function tableFromListOfBatches<TRow extends Row>(
  batches: readonly (readonly Partial<TRow>[])[],
  schema: Schema<TRow>,
  options: BatchesOptions = {},
): Table<TRow> {
  const context = 'tableFromListOfBatches';
  const columns = schema.columns.map((c) => ({ name: c.name, dtype: c.dtype }));
  const pkIdx = schema.primaryKey.map((n) => schema.names.indexOf(n));
  const first = options.firstTime ?? 2;
  const step = options.timeStep ?? 2;
  const live = new Map<Key, unknown[]>();
  const updates: TimedUpdate[] = [];
  let position = 0;
  batches.forEach((batch, b) => {
    const time = first + b * step;
    // Within a batch the last row for a key wins; retractions are of rows live before the batch.
    const inBatch = new Map<Key, unknown[]>();
    batch.forEach((record, i) => {
      const row = recordToRow(context, `batch ${b}, row ${i}`, record, columns, schema);
      const key = pkIdx.length > 0 ? keyFromValues(pkIdx.map((j) => row[j])) : keyFromValue(position);
      position++;
      inBatch.set(key, row);
    });
    for (const [key, row] of inBatch) {
      const old = live.get(key);
      if (old !== undefined) updates.push({ time, key, row: old, diff: -1 });
      updates.push({ time, key, row, diff: 1 });
      live.set(key, row);
    }
  });
  return testTable<TRow>(columns, updates, options.name);
}

/** Pathway's `StreamGenerator` column names mapped to Causeway's (`_time` is `__time__`, `_diff` is `__diff__`). */
const GENERATOR_COLUMNS: Readonly<Record<string, string>> = { _time: '__time__', _diff: '__diff__' };

function renameCells(cells: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(cells)) {
    if (name === '_worker') continue;
    out[GENERATOR_COLUMNS[name] ?? name] = text;
  }
  return out;
}

/**
 * Pathway's `StreamGenerator` for tests that port Pathway code. Causeway needs no persistence config: tables
 * made here replay their batches when the program runs. Workers (`_worker`, batches by worker) are accepted and
 * ignored, since one process handles every row.
 */
export class StreamGenerator {
  /** A stream from batches of records, batch i at time 2(i+1); see `tableFromListOfBatches`. */
  tableFromListOfBatches<TRow extends Row>(
    batches: readonly (readonly Partial<TRow>[])[],
    schema: Schema<TRow>,
  ): Table<TRow> {
    return tableFromListOfBatches(batches, schema);
  }

  /** Like `tableFromListOfBatches` with each batch split by worker id (`[{ 0: rows, 1: rows }]`). */
  tableFromListOfBatchesByWorkers<TRow extends Row>(
    batches: readonly Readonly<Record<number, readonly Partial<TRow>[]>>[],
    schema: Schema<TRow>,
  ): Table<TRow> {
    const flat = batches.map((byWorker) =>
      Object.keys(byWorker)
        .map(Number)
        .sort((a, b) => a - b)
        .flatMap((w) => byWorker[w] ?? []),
    );
    return tableFromListOfBatches(flat, schema);
  }

  /** A table from markdown whose `_time` / `_diff` / `_worker` columns (Pathway's generator names) set the stream (default time 2). */
  tableFromMarkdown<TRow extends Row = Row>(text: string, options: MarkdownOptions<TRow> = {}): Table<TRow> {
    const parsed = parseMarkdown(text);
    const rows: MarkdownRow[] = parsed.rows.map((r) => ({
      ...r,
      cells: { __time__: '2', ...renameCells(r.cells) },
    }));
    const columns = parsed.columns.filter((c) => c !== '_worker' && !(c in GENERATOR_COLUMNS));
    return tableFromParsedMarkdown<TRow>({ ...parsed, columns, isStream: true, rows }, options);
  }

  /** A table from records whose `_time` / `_diff` / `_worker` fields set the stream (default time 2). */
  tableFromRecords<TRow extends Row = Row>(
    records: readonly Record<string, unknown>[],
    options: TableFromRecordsOptions<TRow> = {},
  ): Table<TRow> {
    const renamed = records.map((r) => {
      const out = renameCells(r as Record<string, string>) as Record<string, unknown>;
      if (out['__time__'] === undefined) out['__time__'] = 2;
      return out;
    });
    return tableFromRecords<TRow>(renamed, options);
  }
}
