// `fs.read`: validates the options, builds the table's schema (plus `_metadata`) and the per-run `FsSource`.

import { BYTES, JSON as JSON_DTYPE, STR } from '../../table/dtype.js';
import { Schema, schema as makeSchema } from '../../table/schema.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { readSource } from '../read-source.js';
import { RecordParser } from '../record-parser.js';
import { CsvSplitter } from './csv-parser.js';
import { FsSource, type FsSourceHooks } from './fs-source.js';
import { MetadataSource } from './metadata-source.js';
import { pathSpec } from './glob.js';
import type { FsReadOptions, FsRow } from './options.js';

const FORMATS = new Set([
  'csv',
  'jsonlines',
  'json',
  'plaintext',
  'plaintextByFile',
  'binary',
  'onlyMetadata',
]);

function baseSchema(path: string, options: FsReadOptions): Schema<any> {
  const { format } = options;
  if (!FORMATS.has(format))
    throw new ConnectorError(
      'fs',
      `path "${path}"`,
      `unknown format ${JSON.stringify(format)}`,
      'use csv, jsonlines (or json), plaintext, plaintextByFile, binary or onlyMetadata',
    );
  if (format === 'csv' || format === 'jsonlines' || format === 'json') {
    if (options.schema === undefined)
      throw new ConnectorError(
        'fs',
        `path "${path}"`,
        `format "${format}" needs a schema`,
        'pass schema: cw.schema({...})',
      );
    return options.schema;
  }
  if (options.schema !== undefined)
    throw new ConnectorError(
      'fs',
      `path "${path}"`,
      `format "${format}" takes no schema`,
      format === 'onlyMetadata'
        ? 'remove schema: its rows have one column, _metadata'
        : 'remove schema: its rows have one column, data',
    );
  return format === 'binary' ? makeSchema({ data: BYTES }) : makeSchema({ data: STR });
}

/**
 * Bytes read at a time: 1 MiB, or pieces of about `maxBatchRows` rows (32 bytes a row, at least 16 KiB) when that is
 * smaller. Rows are held from parsing until their epoch is stepped: a piece far larger than an epoch keeps many
 * epochs' rows alive at once, and they outlive the young generation (measured in bench/ingest.ts, B7).
 */
function defaultChunkBytes(maxBatchRows: number | undefined): number {
  if (maxBatchRows === undefined) return 1 << 20;
  return Math.min(1 << 20, Math.max(16 << 10, 2 ** Math.ceil(Math.log2(Math.max(1, maxBatchRows) * 32))));
}

/** `fs.read` with test hooks (not public). */
export function readFiles<const O extends FsReadOptions>(
  path: string,
  options: O,
  hooks: FsSourceHooks = {},
): Table<FsRow<O>> {
  const base = baseSchema(path, options);
  if (options.format === 'onlyMetadata') {
    const name = options.name ?? `fs(${path})`;
    const spec = pathSpec(path);
    const refresh = Math.max(1, options.refreshIntervalMs ?? 1000);
    return readSource(
      () => new MetadataSource(name, spec, refresh, options.watch ?? true),
      makeSchema({ _metadata: JSON_DTYPE }),
      {
        mode: options.mode,
        autocommitDurationMs: options.autocommitDurationMs,
        maxBatchRows: options.maxBatchRows,
        maxBacklogRows: options.maxBacklogRows,
        name,
      },
    ) as unknown as Table<FsRow<O>>;
  }
  let full = base;
  if (options.withMetadata === true) {
    if (base.names.includes('_metadata'))
      throw new ConnectorError(
        'fs',
        `path "${path}"`,
        'the schema has a column "_metadata"',
        'rename it, or drop withMetadata',
      );
    full = new Schema([
      ...base.columns,
      { name: '_metadata', dtype: JSON_DTYPE, primaryKey: false, hasDefault: false },
    ]);
  }
  const csv = options.csv ?? {};
  new CsvSplitter(csv); // validates the CSV settings now, not at run time
  const names = base.names;
  const pk = base.primaryKey.map((n) => names.indexOf(n));
  const name = options.name ?? `fs(${path})`;
  const spec = pathSpec(path);
  const textual =
    options.format !== 'plaintext' && options.format !== 'plaintextByFile' && options.format !== 'binary';
  return readSource(
    () =>
      new FsSource(
        {
          spec,
          format: options.format,
          parser: textual
            ? new RecordParser(base, {
                ...options.parser,
                jsonDocuments: options.format === 'json' || options.format === 'jsonlines',
              })
            : undefined,
          pk,
          csv,
          withMetadata: options.withMetadata === true,
          refreshIntervalMs: Math.max(1, options.refreshIntervalMs ?? 1000),
          watch: options.watch ?? true,
          maxUnitRows: Math.max(
            1,
            options.maxUnitRows ?? Math.min(1_000_000, options.maxBatchRows ?? Infinity),
          ),
          chunkBytes: Math.max(1024, options.chunkBytes ?? defaultChunkBytes(options.maxBatchRows)),
        },
        name,
        hooks,
      ),
    full,
    {
      mode: options.mode,
      autocommitDurationMs: options.autocommitDurationMs,
      maxBatchRows: options.maxBatchRows,
      maxBacklogRows: options.maxBacklogRows,
      name,
      parser: options.parser,
    },
  );
}
