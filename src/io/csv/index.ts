// `cw.io.csv`: CSV files in and out (Pathway's `pw.io.csv`), a thin layer over `cw.io.fs`.

import type { Table } from '../../table/table.js';
import type { Schema } from '../../table/schema.js';
import { read as fsRead, write as fsWrite } from '../fs/index.js';
import type { FsReadOptions, FsRow } from '../fs/options.js';

export { schemaFromCsv, type SchemaFromCsvOptions } from './schema-from-csv.js';

/** Options of `csv.read`: those of `fs.read` without `format`, with a required schema. */
export type CsvReadOptions = Omit<FsReadOptions, 'format' | 'schema'> & { schema: Schema<any> };

/** Options of `csv.write`. */
export interface CsvWriteOptions {
  /** Field separator (default `,`). */
  delimiter?: string;
  /** A name for error messages. */
  name?: string;
}

/**
 * The rows of the CSV files at `path` (a file, a directory or a glob), header names mapped to `schema`'s columns.
 *
 * @example
 * const t = cw.io.csv.read('data/*.csv', { schema: cw.schema({ name: cw.STR, age: cw.INT }), mode: 'static' });
 */
export function read<const O extends CsvReadOptions>(
  path: string,
  options: O,
): Table<FsRow<O & { format: 'csv' }>> {
  return fsRead(path, { ...options, format: 'csv' as const });
}

/** Writes `table`'s change stream to a CSV file: the columns, then `time` and `diff`, one line per change. */
export function write(table: Table<any>, path: string, options: CsvWriteOptions = {}): void {
  fsWrite(table, path, { ...options, format: 'csv' });
}
