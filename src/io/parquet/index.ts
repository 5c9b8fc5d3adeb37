// Parquet files: `parquet.read(path)` (a file or a directory, static or polled), `parquet.write(table, dir)` (a file
// per epoch with `time` and `diff` columns). The same codec serves S3 objects (`s3.read({ format: 'parquet' })`).

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import { writeSink } from '../sink.js';
import type { RowHandle, SourceContext } from '../source.js';
import { DirPoller } from './dir-poller.js';
import { encodeParquet, readParquetRowGroups } from './parquet-codec.js';

export { encodeParquet, readParquetRowGroups } from './parquet-codec.js';

/** Options of `parquet.read`. */
export interface ParquetReadOptions<TRow extends Row> extends ReadSourceOptions {
  /** Row schema: columns are taken from the file by name. */
  schema: Schema<TRow>;
  /** Streaming mode: how often the path is listed (default 500 ms). */
  refreshIntervalMs?: number;
}

/** Adds the rows of one Parquet file as one atomic unit; returns their handles. */
export async function readParquetFile(
  ctx: SourceContext,
  name: string,
  bytes: ArrayBuffer,
): Promise<RowHandle[]> {
  const handles: RowHandle[] = [];
  ctx.beginUnit();
  let n = 0;
  try {
    await readParquetRowGroups(bytes, (rows) => {
      for (const r of rows) {
        const h = ctx.insert(r, `${name}: row ${++n}`);
        if (h) handles.push(h);
      }
    });
  } catch (e) {
    ctx.abortUnit();
    ctx.error(name, `not a readable Parquet file: ${(e as Error).message}`);
    return [];
  }
  ctx.endUnit();
  return handles;
}

/** Reads Parquet files into a table (a directory's `*.parquet` files; streaming mode follows changes). */
export function read<TRow extends Row>(path: string, options: ParquetReadOptions<TRow>): Table<TRow> {
  const name = options.name ?? `parquet(${path})`;
  return readSource(
    () => ({
      name,
      async run(ctx) {
        const poller = new DirPoller(path, '.parquet');
        const rowsOf = new Map<string, RowHandle[]>();
        let first = true;
        while (!ctx.signal.aborted) {
          const { added, changed, removed } = await poller.poll();
          if (first && added.length === 0 && ctx.mode === 'static')
            throw new ConnectorError('parquet', path, 'no Parquet file found', 'check the path');
          first = false;
          for (const f of [...removed, ...changed]) {
            for (const h of rowsOf.get(f) ?? []) ctx.retract(h);
            rowsOf.delete(f);
          }
          for (const f of [...changed, ...added]) {
            let bytes: Buffer;
            try {
              bytes = await readFile(f);
            } catch (e) {
              ctx.error(f, `cannot read: ${(e as Error).message}`);
              continue;
            }
            const ab = bytes.buffer.slice(
              bytes.byteOffset,
              bytes.byteOffset + bytes.byteLength,
            ) as ArrayBuffer;
            rowsOf.set(f, await readParquetFile(ctx, f, ab));
            const wait = ctx.backpressure();
            if (wait) await wait;
          }
          if (ctx.mode === 'static') return;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, options.refreshIntervalMs ?? 500);
            ctx.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
          });
        }
      },
    }),
    options.schema,
    { ...options, name },
  );
}

/** Writes each epoch's changes of `table` as a Parquet file `<dir>/part-<time>.parquet` with `time` and `diff`. */
export function write(table: Table<any>, dir: string): void {
  let columns: readonly string[] = [];
  let dtypes: readonly import('../../table/dtype.js').DType[] = [];
  writeSink(table, {
    name: `parquet(${dir})`,
    async open(c, d) {
      columns = c;
      dtypes = d;
      await mkdir(dir, { recursive: true });
    },
    async write({ time, rows, diffs }) {
      const bytes = await encodeParquet(columns, dtypes, rows, [
        { name: 'time', values: rows.map(() => time) },
        { name: 'diff', values: [...diffs] },
      ]);
      await writeFile(join(dir, `part-${String(time).padStart(16, '0')}.parquet`), new Uint8Array(bytes));
    },
  });
}
