// Starts an `s3rver` (an S3-compatible server on the local file system) for S3 connector tests.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  S3Client,
  PutObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  GetObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Connection } from './s3-client.js';

/** A running local S3 server with one bucket. */
export interface LocalS3 {
  readonly connection: S3Connection;
  readonly bucket: string;
  put(key: string, body: string | Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
  /** Keys and bodies under a prefix, by key order. */
  objects(prefix: string): Promise<{ key: string; body: Buffer }[]>;
  stop(): Promise<void>;
}

/** Starts s3rver on a free port with bucket `bucket`. */
export async function startLocalS3(bucket = 'test-bucket'): Promise<LocalS3> {
  const dir = await mkdtemp(join(tmpdir(), 'cw-s3rver-'));
  const { default: S3rver } = (await import('s3rver')) as unknown as {
    default: new (o: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  };
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const connection: S3Connection = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const client = new S3Client({ ...connection });
  return {
    connection,
    bucket,
    put: async (key, body) =>
      void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))),
    remove: async (key) => void (await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))),
    async objects(prefix) {
      const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      const out: { key: string; body: Buffer }[] = [];
      for (const o of (res.Contents ?? []).sort((a, b) => (a.Key! < b.Key! ? -1 : 1))) {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        out.push({ key: o.Key!, body: Buffer.from(await got.Body!.transformToByteArray()) });
      }
      return out;
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
