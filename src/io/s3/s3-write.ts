// `s3.write`: each epoch's changes of a table as one object `<prefix>part-<time>.<ext>` (JSON lines, CSV or
// Parquet), rows with `time` and `diff` (Pathway's change-stream layout).

import type { S3Client } from '@aws-sdk/client-s3';
import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { csvField, jsonFormatter, type ValueFormatter } from '../format-value.js';
import { encodeParquet } from '../parquet/parquet-codec.js';
import { writeSink } from '../sink.js';
import { s3Client, s3Error, s3Sdk, type S3Connection } from './s3-client.js';

/** Options of `s3.write`. */
export interface S3WriteOptions {
  bucket: string;
  /** Key prefix of the written objects (e.g. `out/`). */
  prefix?: string;
  format: 'jsonlines' | 'csv' | 'parquet';
  connection?: S3Connection;
}

/** Writes every epoch of `table` as an object in the bucket. */
export function write(table: Table<any>, options: S3WriteOptions): void {
  let client: S3Client | undefined;
  let columns: readonly string[] = [];
  let dtypes: readonly DType[] = [];
  let formatters: ValueFormatter[] = [];
  const ext = options.format === 'jsonlines' ? 'jsonl' : options.format;
  writeSink(table, {
    name: `s3(s3://${options.bucket}/${options.prefix ?? ''})`,
    async open(c, d) {
      columns = c;
      dtypes = d;
      formatters = d.map((x) => jsonFormatter(x));
      client = await s3Client(options.connection);
    },
    async write({ time, rows, diffs }) {
      let body: string | Uint8Array;
      if (options.format === 'parquet') {
        body = new Uint8Array(
          await encodeParquet(columns, dtypes, rows, [
            { name: 'time', values: rows.map(() => time) },
            { name: 'diff', values: [...diffs] },
          ]),
        );
      } else if (options.format === 'csv') {
        const lines = [[...columns, 'time', 'diff'].join(',')];
        for (let i = 0; i < rows.length; i++)
          lines.push([...rows[i]!.map((v) => csvField(v)), String(time), String(diffs[i])].join(','));
        body = lines.join('\n') + '\n';
      } else {
        const lines: string[] = [];
        for (let i = 0; i < rows.length; i++) {
          const o: Record<string, unknown> = {};
          const r = rows[i]!;
          for (let j = 0; j < columns.length; j++) o[columns[j]!] = formatters[j]!(r[j]);
          o.time = time;
          o.diff = diffs[i];
          lines.push(JSON.stringify(o));
        }
        body = lines.join('\n') + '\n';
      }
      const key = `${options.prefix ?? ''}part-${String(time).padStart(16, '0')}.${ext}`;
      const sdk = await s3Sdk();
      try {
        await client!.send(new sdk.PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body }));
      } catch (e) {
        throw s3Error(`s3://${options.bucket}/${key}`, e);
      }
    },
    close() {
      client?.destroy();
    },
  });
}
