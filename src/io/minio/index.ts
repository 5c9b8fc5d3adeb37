// `cw.io.minio` (Pathway's `pw.io.minio`): MinIO speaks the S3 protocol, so these are `cw.io.s3`'s reader and writer
// with MinIO's connection settings (an endpoint, a bucket, access keys, path-style addresses by default).

import type { Row, Table } from '../../table/table.js';
import type { S3Connection } from '../s3/s3-client.js';
import { read as s3Read, write as s3Write, type S3ReadOptions, type S3WriteOptions } from '../s3/index.js';

/** Where a MinIO bucket lives and how to sign in (Pathway's `MinIOSettings`; the secret is never printed). */
export interface MinIOSettings {
  /** The server, e.g. `http://127.0.0.1:9000` (a bare host gets `https://`). */
  readonly endpoint: string;
  readonly bucketName: string;
  readonly accessKey: string;
  readonly secretAccessKey: string;
  /** Path-style addresses (`endpoint/bucket/key`), MinIO's usual setup (default true). */
  readonly withPathStyle?: boolean;
  /** Region (default `us-east-1`). */
  readonly region?: string;
}

/** The S3 connection of MinIO settings. */
export function minioConnection(settings: MinIOSettings): S3Connection {
  const endpoint = /^[a-z]+:\/\//i.test(settings.endpoint)
    ? settings.endpoint
    : `https://${settings.endpoint}`;
  return {
    endpoint,
    region: settings.region ?? 'us-east-1',
    forcePathStyle: settings.withPathStyle ?? true,
    credentials: { accessKeyId: settings.accessKey, secretAccessKey: settings.secretAccessKey },
  };
}

/** Options of `minio.read`: `s3.read`'s, the bucket and connection coming from the settings. */
export type MinIOReadOptions<TRow extends Row> = Omit<
  S3ReadOptions<TRow>,
  'bucket' | 'connection' | 'prefix'
>;

/**
 * Reads the objects under `path` in a MinIO bucket (Pathway's `pw.io.minio.read(path, minio_settings, format)`):
 * `cw.io.minio.read('sales/', settings, { format: 'csv', schema })`, static or polled for changes as `s3.read`.
 */
export function read<TRow extends Row>(
  path: string,
  settings: MinIOSettings,
  options: MinIOReadOptions<TRow>,
): Table<TRow> {
  return s3Read({
    ...options,
    bucket: settings.bucketName,
    prefix: path,
    connection: minioConnection(settings),
  });
}

/** Options of `minio.write`: `s3.write`'s, the bucket and connection coming from the settings. */
export type MinIOWriteOptions = Omit<S3WriteOptions, 'bucket' | 'connection' | 'prefix'>;

/** Writes an object per epoch under `path` in a MinIO bucket (as `s3.write`). */
export function write(
  table: Table<any>,
  path: string,
  settings: MinIOSettings,
  options: MinIOWriteOptions,
): void {
  s3Write(table, {
    ...options,
    bucket: settings.bucketName,
    prefix: path,
    connection: minioConnection(settings),
  });
}
