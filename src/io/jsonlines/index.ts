// `cw.io.jsonlines`: JSON-lines files in and out (Pathway's `pw.io.jsonlines`), a thin layer over `cw.io.fs`.

import type { Table } from '../../table/table.js';
import type { Schema } from '../../table/schema.js';
import { read as fsRead, write as fsWrite } from '../fs/index.js';
import type { FsReadOptions, FsRow } from '../fs/options.js';

/** Options of `jsonlines.read`: those of `fs.read` without `format`, with a required schema. */
export type JsonLinesReadOptions = Omit<FsReadOptions, 'format' | 'schema' | 'csv'> & { schema: Schema<any> };

/**
 * The rows of the JSON-lines files at `path` (a file, a directory or a glob): one JSON object per line, its fields
 * coerced to `schema`'s columns.
 *
 * @example
 * const events = cw.io.jsonlines.read('logs/', { schema: Event });
 */
export function read<const O extends JsonLinesReadOptions>(
  path: string,
  options: O,
): Table<FsRow<O & { format: 'jsonlines' }>> {
  return fsRead(path, { ...options, format: 'jsonlines' as const });
}

/** Writes `table`'s change stream as JSON lines: one object per change with its columns, `time` and `diff`. */
export function write(table: Table<any>, path: string, options: { name?: string } = {}): void {
  fsWrite(table, path, { ...options, format: 'jsonlines' });
}
