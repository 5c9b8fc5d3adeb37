// `cw.io.fs`: read files (a file, a directory or a glob; CSV, JSON lines, plaintext, binary) into a table, static
// or watched; write a table's change stream to a CSV or JSON-lines file (Pathway's `pw.io.fs`).

import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { writeSink } from '../sink.js';
import { FileSink } from './fs-sink.js';
import type { FsReadOptions, FsRow, FsWriteOptions } from './options.js';
import { readFiles } from './read.js';

export type {
  FsReadOptions,
  FsWriteOptions,
  FsFormat,
  FsWriteFormat,
  FsRow,
  FsMetadataRow,
} from './options.js';
export type { CsvSettings } from './csv-parser.js';

/**
 * The rows of the files at `path` (a file, a directory read recursively, or a glob such as `logs/**\/*.jsonl`).
 * Static mode reads them once; streaming mode (the default) watches them: new files add rows, changed files replace
 * theirs (appended lines are just added), deleted files retract theirs.
 *
 * @example
 * const orders = cw.io.fs.read('data/orders/*.csv', { format: 'csv', schema: Order, mode: 'static' });
 */
export function read<const O extends FsReadOptions>(path: string, options: O): Table<FsRow<O>> {
  return readFiles(path, options);
}

/** Writes `table`'s changes to `path` (CSV with a header, or JSON lines), each with `time` and `diff`. */
export function write(table: Table<any>, path: string, options: FsWriteOptions): void {
  if (options.format !== 'csv' && options.format !== 'jsonlines')
    throw new ConnectorError(
      'fs',
      `path "${path}"`,
      `cannot write format ${JSON.stringify(options.format)}`,
      'use csv or jsonlines',
    );
  writeSink(table, new FileSink(path, options.format, options.delimiter, options.name));
}
