// `cw.io.plaintext`: text files as rows of lines (Pathway's `pw.io.plaintext`), a thin layer over `cw.io.fs`.

import type { Table } from '../../table/table.js';
import { read as fsRead } from '../fs/index.js';
import type { FsReadOptions, FsRow } from '../fs/options.js';

/** Options of `plaintext.read`: those of `fs.read` without `format` and `schema` (the table has one column, `data`). */
export type PlaintextReadOptions = Omit<FsReadOptions, 'format' | 'schema' | 'csv'>;

/**
 * A row `{ data }` per line of the text files at `path` (a file, a directory or a glob).
 *
 * @example
 * const lines = cw.io.plaintext.read('logs/*.txt', { mode: 'static' });
 */
export function read<const O extends PlaintextReadOptions>(
  path: string,
  options: O = {} as O,
): Table<FsRow<O & { format: 'plaintext' }>> {
  return fsRead(path, { ...options, format: 'plaintext' as const });
}
