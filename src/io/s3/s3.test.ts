import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView } from '../testing/live-view.test-util.js';
import { startLocalS3, type LocalS3 } from './s3rver.test-util.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());
afterEach(() => cw.clearGraph());

const Sale = cw.schema({ item: cw.STR, qty: cw.INT });

describe('s3', () => {
  it('reads CSV and Parquet objects, and writes Parquet and CSV objects per epoch', async () => {
    await s3.put('csv/a.csv', 'item,qty\npen,2\n"ink, blue",3\n');
    const src = cw.io.s3.read({
      bucket: s3.bucket,
      prefix: 'csv/',
      format: 'csv',
      schema: Sale,
      connection: s3.connection,
      mode: 'static',
    });
    cw.io.s3.write(src, { bucket: s3.bucket, prefix: 'pq/', format: 'parquet', connection: s3.connection });
    cw.io.s3.write(src, { bucket: s3.bucket, prefix: 'csvout/', format: 'csv', connection: s3.connection });
    await cw.run();
    cw.clearGraph();
    const back = new LiveView(
      cw.io.s3.read({
        bucket: s3.bucket,
        prefix: 'pq/',
        format: 'parquet',
        schema: Sale,
        connection: s3.connection,
        mode: 'static',
      }),
    );
    await cw.run();
    expect(back.values()).toEqual([
      { item: 'ink, blue', qty: 3 },
      { item: 'pen', qty: 2 },
    ]);
    const [csv] = await s3.objects('csvout/');
    expect(csv!.body.toString().split('\n')[0]).toBe('item,qty,time,diff');
    expect(csv!.body.toString()).toContain('"ink, blue",3,');
  });

  it('names the bucket and the fix when the bucket does not exist, without the secret', async () => {
    cw.io.null.write(
      cw.io.s3.read({
        bucket: 'no-such-bucket',
        format: 'plaintext',
        connection: s3.connection,
        mode: 'static',
      }),
    );
    const err = await cw.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(
      /^s3: s3:\/\/no-such-bucket\/: NoSuchBucket: .*\(create the bucket or fix its name\)/,
    );
    expect(err?.message).not.toContain('S3RVER');
  });
});
