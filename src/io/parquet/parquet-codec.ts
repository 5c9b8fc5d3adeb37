// Parquet encoding and decoding through hyparquet / hyparquet-writer (optional peers, loaded on first use).
// Reading goes row group by row group, so a large file is never decoded whole; writing maps dtypes to Parquet types.

import type { DType } from '../../table/dtype.js';
import { DateTimeNaive, DateTimeUtc } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { Json } from '../../table/values/json.js';
import { ConnectorError } from '../connector-error.js';

async function load<T>(name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch {
    throw new ConnectorError('parquet', name, 'the package is not installed', `npm install ${name}`);
  }
}

/** Calls `onRows` with the records (objects by column name) of each row group of a Parquet file's bytes. */
export async function readParquetRowGroups(
  bytes: ArrayBuffer,
  onRows: (rows: Record<string, unknown>[]) => void | Promise<void>,
): Promise<void> {
  const hp = await load('hyparquet', () => import('hyparquet'));
  const metadata = hp.parquetMetadata(bytes);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = (await hp.parquetReadObjects({
      file: bytes,
      metadata,
      rowStart: start,
      rowEnd: end,
    })) as Record<string, unknown>[];
    await onRows(rows);
    start = end;
  }
}

type ParquetBasicType = 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'STRING' | 'JSON' | 'TIMESTAMP' | 'BYTE_ARRAY';

function parquetTypeOf(dtype: DType): ParquetBasicType {
  switch (dtype.unoptional().name) {
    case 'INT':
    case 'DURATION':
      return 'INT64';
    case 'FLOAT':
      return 'DOUBLE';
    case 'BOOL':
      return 'BOOLEAN';
    case 'DATE_TIME_NAIVE':
    case 'DATE_TIME_UTC':
      return 'TIMESTAMP';
    case 'BYTES':
      return 'BYTE_ARRAY';
    case 'JSON':
      return 'JSON';
    default:
      return 'STRING';
  }
}

function parquetValue(v: unknown, type: ParquetBasicType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'INT64':
      // Durations are written as whole nanoseconds, as Pathway does.
      return v instanceof Duration ? BigInt(Math.round(v.ms * 1e6)) : BigInt(Math.trunc(v as number));
    case 'TIMESTAMP':
      return new Date((v as DateTimeUtc | DateTimeNaive).ms);
    case 'JSON':
      return v instanceof Json ? v.value : v;
    case 'STRING':
      return typeof v === 'string' ? v : JSON.stringify(v);
    default:
      return v;
  }
}

/** A Parquet file (bytes) of `rows` (values in `columns` order), with optional extra columns (`time`, `diff`). */
export async function encodeParquet(
  columns: readonly string[],
  dtypes: readonly DType[],
  rows: readonly (readonly unknown[])[],
  extra: { name: string; values: number[] }[] = [],
): Promise<ArrayBuffer> {
  const w = await load('hyparquet-writer', () => import('hyparquet-writer'));
  const columnData = columns.map((name, i) => {
    const type = parquetTypeOf(dtypes[i]!);
    return { name, type, data: rows.map((r) => parquetValue(r[i], type)) };
  });
  for (const e of extra)
    columnData.push({ name: e.name, type: 'INT64', data: e.values.map((x) => BigInt(x)) });
  return w.parquetWriteBuffer({ columnData: columnData });
}
