// Options of the file-system connector (`cw.io.fs.read` / `write`) and the row types they give.

import type { Schema } from '../../table/schema.js';
import type { Row } from '../../table/table-types.js';
import type { Json } from '../../table/values/json.js';
import type { ReadSourceOptions } from '../read-source.js';
import type { CsvSettings } from './csv-parser.js';

/** How file contents become rows. */
export type FsFormat =
  'csv' | 'jsonlines' | 'json' | 'plaintext' | 'plaintextByFile' | 'binary' | 'onlyMetadata';

/** Options of `fs.read`. */
export interface FsReadOptions extends ReadSourceOptions {
  /**
   * `csv`, `jsonlines` (one JSON object per line; `json` is the same, Pathway's name), `plaintext` (a row per line),
   * `plaintextByFile` (a row per file), `binary` (a row per file, bytes), `onlyMetadata` (a row per file holding only
   * its `_metadata`; no file is read: a folder watched cheaply, Pathway's `only_metadata`).
   */
  format: FsFormat;
  /** Columns of `csv` and `jsonlines` rows (the text formats give one `data` column instead). */
  schema?: Schema<any>;
  /** CSV splitting: delimiter, quote, escape, header... */
  csv?: CsvSettings;
  /** Adds a `_metadata` JSON column: path, size, created_at, modified_at, seen_at (Unix seconds). */
  withMetadata?: boolean;
  /** Streaming: how often the files are checked for changes, in ms (default 1000; file events wake it sooner). */
  refreshIntervalMs?: number;
  /** Streaming: also listen to file-system events to notice changes before the next check (default true). */
  watch?: boolean;
  /**
   * A file is one atomic unit (its rows are committed together) up to this many rows; a larger file is committed
   * in parts of this size, so it streams through with bounded memory (default `maxBatchRows` when set, at most
   * 1,000,000).
   */
  maxUnitRows?: number;
  /** Bytes read from a file at a time (default 1 MiB; about `maxBatchRows` rows of 32 bytes when that is smaller). */
  chunkBytes?: number;
}

/** The `_metadata` column added by `withMetadata: true`. */
// A type alias, not an interface: row types must be assignable to Record<string, unknown>.
export type FsMetadataRow = { _metadata: Json };

/** The row type `fs.read` gives for options `O`. */
export type FsRow<O> = O extends { format: 'onlyMetadata' } ? FsMetadataRow : FsContentRow<O>;

/** The row type of the formats that read files (`FsRow` without `onlyMetadata`). */
type FsContentRow<O> = (O extends { format: 'binary' }
  ? { data: Uint8Array }
  : O extends { format: 'plaintext' | 'plaintextByFile' }
    ? { data: string }
    : O extends { schema: Schema<infer R> }
      ? R
      : Row) &
  (O extends { withMetadata: true } ? FsMetadataRow : Record<never, never>);

/** Formats the writers produce. */
export type FsWriteFormat = 'csv' | 'jsonlines';

/** Options of `fs.write`. */
export interface FsWriteOptions {
  /** `csv` (with a header row) or `jsonlines` (one JSON object per change). */
  format: FsWriteFormat;
  /** CSV field separator (default `,`). */
  delimiter?: string;
  /** A name for error messages (default `fs(<path>)`). */
  name?: string;
}
