// `s3.read`: the objects under a prefix as a table (JSON lines, CSV, plaintext, binary or Parquet). Static mode
// reads every object once; streaming mode polls the listing: a new object adds its rows, a changed one (new ETag)
// replaces them, a deleted one retracts them. Each object is one atomic unit.

import type { S3Client } from '@aws-sdk/client-s3';
import { BYTES, STR } from '../../table/dtype.js';
import { schema as makeSchema, type Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { CsvFormat, JsonLinesFormat, PlaintextFormat, type LineFormat } from '../fs/formats.js';
import type { CsvSettings } from '../fs/csv-parser.js';
import { readParquetFile } from '../parquet/index.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import { RecordParser } from '../record-parser.js';
import type { RowHandle, SourceContext } from '../source.js';
import { ConnectorError } from '../connector-error.js';
import { s3Client, s3Error, s3Sdk, type S3Connection } from './s3-client.js';

/** Object formats `s3.read` understands. */
export type S3Format = 'jsonlines' | 'csv' | 'plaintext' | 'binary' | 'parquet';

/** Options of `s3.read`. */
export interface S3ReadOptions<TRow extends Row> extends ReadSourceOptions {
  bucket: string;
  /** Only objects whose key starts with this (default: the whole bucket). */
  prefix?: string;
  format: S3Format;
  /** Row schema (plaintext and binary give a `data` column when omitted). */
  schema?: Schema<TRow>;
  /** CSV settings. */
  csv?: CsvSettings;
  connection?: S3Connection;
  /** Streaming mode: how often the listing is polled (default 1000 ms). */
  refreshIntervalMs?: number;
}

async function list(client: S3Client, bucket: string, prefix: string): Promise<Map<string, string>> {
  const sdk = await s3Sdk();
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? [])
      if (o.Key !== undefined) out.set(o.Key, o.ETag ?? String(o.LastModified));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return out;
}

/** Reads the objects under a prefix into a table. */
export function read<TRow extends Row>(options: S3ReadOptions<TRow>): Table<TRow> {
  const prefix = options.prefix ?? '';
  const object = `s3://${options.bucket}/${prefix}`;
  const schema = (options.schema ??
    (options.format === 'plaintext'
      ? makeSchema({ data: STR })
      : options.format === 'binary'
        ? makeSchema({ data: BYTES })
        : (() => {
            throw new ConnectorError(
              's3',
              object,
              `format "${options.format}" needs a schema`,
              'pass schema: cw.schema({...})',
            );
          })())) as Schema<TRow>;
  const name = options.name ?? `s3(${object})`;
  return readSource(() => ({ name, run: (ctx) => poll(ctx, options, schema, object) }), schema, {
    ...options,
    name,
  });
}

async function poll<TRow extends Row>(
  ctx: SourceContext,
  options: S3ReadOptions<TRow>,
  schema: Schema<TRow>,
  object: string,
): Promise<void> {
  const client = await s3Client(options.connection);
  const parser = new RecordParser(schema);
  const seen = new Map<string, { etag: string; rows: RowHandle[] }>();
  try {
    while (!ctx.signal.aborted) {
      let now: Map<string, string>;
      try {
        now = await list(client, options.bucket, options.prefix ?? '');
      } catch (e) {
        throw s3Error(object, e);
      }
      for (const [key, old] of seen) {
        if (now.get(key) === old.etag) continue;
        for (const h of old.rows) ctx.retract(h);
        seen.delete(key);
      }
      for (const [key, etag] of now) {
        if (seen.has(key) || ctx.signal.aborted) continue;
        seen.set(key, { etag, rows: await readObject(ctx, client, options, parser, key) });
        const wait = ctx.backpressure();
        if (wait) await wait;
      }
      if (ctx.mode === 'static') return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, options.refreshIntervalMs ?? 1000);
        ctx.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
    }
  } finally {
    client.destroy();
  }
}

async function readObject<TRow extends Row>(
  ctx: SourceContext,
  client: S3Client,
  options: S3ReadOptions<TRow>,
  parser: RecordParser,
  key: string,
): Promise<RowHandle[]> {
  const sdk = await s3Sdk();
  const where = `s3://${options.bucket}/${key}`;
  let body: AsyncIterable<Uint8Array>;
  try {
    const res = await client.send(new sdk.GetObjectCommand({ Bucket: options.bucket, Key: key }));
    body = res.Body as AsyncIterable<Uint8Array>;
  } catch (e) {
    // Deleted between the listing and the read: the next poll sees it gone.
    ctx.error(where, `cannot read the object: ${(e as Error).name}`);
    return [];
  }
  if (options.format === 'parquet' || options.format === 'binary') {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(Buffer.from(c));
    const all = Buffer.concat(chunks);
    if (options.format === 'binary') {
      ctx.beginUnit();
      const h = ctx.insert({ data: new Uint8Array(all) }, where);
      ctx.endUnit();
      return h ? [h] : [];
    }
    return readParquetFile(ctx, where, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
  }
  const handles: RowHandle[] = [];
  const out = {
    row(values: unknown[]) {
      const h = ctx.insert(values, where);
      if (h) handles.push(h);
    },
    error(line: number, reason: string) {
      ctx.error(`${where}:${line}`, reason);
    },
  };
  const format: LineFormat =
    options.format === 'jsonlines'
      ? new JsonLinesFormat(parser, out)
      : options.format === 'csv'
        ? new CsvFormat(parser, out, options.csv ?? {})
        : new PlaintextFormat(out);
  ctx.beginUnit();
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of body) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const lastNl = text.lastIndexOf('\n');
    if (lastNl < 0) {
      carry = text;
      continue;
    }
    const used = format.feed(text.slice(0, lastNl + 1), false);
    carry = text.slice(used);
  }
  carry += decoder.decode();
  if (carry.length > 0) format.feed(carry, true);
  ctx.endUnit();
  return handles;
}
