// What the file-system source knows of its files and its settings: the resolved options of one `fs.read`, the state
// remembered of each file read in streaming mode, and how a read of one file ended (file-reader.ts).

import type { Stats } from 'node:fs';
import type { RecordParser } from '../record-parser.js';
import type { CsvSettings } from './csv-parser.js';
import type { CsvHeaderState } from './formats.js';
import type { PathSpec } from './glob.js';
import type { FsFormat } from './options.js';
import type { RowLog } from './row-log.js';

/** A file whose modification time is this recent may still change without changing its stat: compare content. */
export const RACY_MS = 1500;

/** The resolved settings of one `fs.read`. */
export interface FsSourceConfig {
  readonly spec: PathSpec;
  readonly format: FsFormat;
  /** The schema parser (csv, jsonlines). */
  readonly parser: RecordParser | undefined;
  /** Positions of the primary-key columns (empty: generated ids). */
  readonly pk: readonly number[];
  readonly csv: CsvSettings;
  readonly withMetadata: boolean;
  readonly refreshIntervalMs: number;
  readonly watch: boolean;
  readonly maxUnitRows: number;
  readonly chunkBytes: number;
}

/** Test hooks: observe (and disturb) a read in progress. */
export interface FsSourceHooks {
  /** Called after each chunk of a file is parsed (`attempt` counts from 1). */
  afterChunk?(file: string, attempt: number): void | Promise<void>;
}

/** What the streaming source remembers of a file it read. */
export interface FileState {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** The rows the file added (to retract them when it changes). */
  log: RowLog;
  /** Rows (at the end of the log) from the unterminated last record: re-read when the file grows. */
  tailCount: number;
  /** Byte offset after the last complete record. */
  offset: number;
  /** Lines before `offset`. */
  line: number;
  csv: CsvHeaderState | undefined;
  /** Digest of the first and last bytes of [0, offset): an append must leave them unchanged. */
  samples: Buffer;
  /** Modified very recently: compare content even when the stat looks unchanged. */
  racy: boolean;
}

/** How a read ended. */
export type ReadResult =
  | { outcome: 'ok' }
  /** The file changed under the read (undone): read it again. */
  | { outcome: 'changed' }
  /** The file is gone. */
  | { outcome: 'gone' }
  /** It could not be opened or read (`stat`: when known, to report once per change); nothing changed. */
  | { outcome: 'failed'; error: unknown; stat?: Stats }
  /** Already reported (a large file that changed in static mode). */
  | { outcome: 'reported' };
