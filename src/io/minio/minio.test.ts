// `cw.io.minio` against a local S3-compatible server (s3rver), as MinIO would be reached: endpoint, bucket, keys.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView } from '../testing/live-view.test-util.js';
import { startLocalS3, type LocalS3 } from '../s3/s3rver.test-util.js';
import { minioConnection, type MinIOSettings } from './index.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3('minio-bucket');
});
afterAll(() => s3.stop());
afterEach(() => cw.clearGraph());

const Sale = cw.schema({ item: cw.STR, qty: cw.INT });
const settings = (): MinIOSettings => ({
  endpoint: s3.connection.endpoint!,
  bucketName: s3.bucket,
  accessKey: 'S3RVER',
  secretAccessKey: 'S3RVER',
});

describe('io.minio', () => {
  it('reads the objects under a path and writes an object per epoch, with MinIO settings', async () => {
    await s3.put('in/a.csv', 'item,qty\npen,2\nink,3\n');
    const t = cw.io.minio.read('in/', settings(), { format: 'csv', schema: Sale, mode: 'static' });
    cw.io.minio.write(t, 'out/', settings(), { format: 'jsonlines' });
    const view = new LiveView(t);
    await cw.run();
    expect(view.values()).toEqual([
      { item: 'ink', qty: 3 },
      { item: 'pen', qty: 2 },
    ]);
    const [out] = await s3.objects('out/');
    expect(out!.key).toMatch(/^out\/.*\.jsonl$/);
    expect(out!.body.toString()).toContain('"item":"pen"');
  });

  it("maps Pathway's settings to an S3 connection: https for a bare host, path-style unless turned off", () => {
    const base = { bucketName: 'b', accessKey: 'k', secretAccessKey: 's' };
    expect(minioConnection({ ...base, endpoint: 'minio.local:9000' })).toEqual({
      endpoint: 'https://minio.local:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
    expect(
      minioConnection({ ...base, endpoint: 'http://x', withPathStyle: false, region: 'eu' }),
    ).toMatchObject({
      endpoint: 'http://x',
      region: 'eu',
      forcePathStyle: false,
    });
  });
});
