// The shared connector contract for S3 (against s3rver): JSON-lines objects, one object per key; and the writer.

import { afterAll, beforeAll } from 'vitest';
import * as cw from '../../index.js';
import { CONTRACT_SCHEMA, sinkContract, sourceContract } from '../testing/connector-contract.test-util.js';
import { startLocalS3, type LocalS3 } from './s3rver.test-util.js';

let s3: LocalS3;
let n = 0;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());

sourceContract({
  name: 's3 (jsonlines, s3rver)',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'replay' },
  async setup() {
    const prefix = `in-${++n}/`;
    const put = (rows: readonly object[], key: string) =>
      s3.put(`${prefix}${key}.jsonl`, rows.map((r) => JSON.stringify(r)).join('\n'));
    return {
      insert: async (rows) => {
        for (const r of rows) await put([r], r.key);
      },
      update: async (rows) => {
        for (const r of rows) await put([r], r.key);
      },
      delete: async (keys) => {
        for (const k of keys) await s3.remove(`${prefix}${k}.jsonl`);
      },
      insertMalformed: () => s3.put(`${prefix}zz-bad.jsonl`, '{"key": "x", "word": '),
      read: (mode) =>
        cw.io.s3.read({
          bucket: s3.bucket,
          prefix,
          format: 'jsonlines',
          schema: CONTRACT_SCHEMA,
          connection: s3.connection,
          mode,
          refreshIntervalMs: 50,
          autocommitDurationMs: 10,
        }),
      cleanup: async () => undefined,
    };
  },
});

sinkContract({
  name: 's3 (jsonlines, s3rver)',
  mode: 'changeStream',
  async setup() {
    const prefix = `out-${++n}/`;
    return {
      write: (table) =>
        cw.io.s3.write(table, { bucket: s3.bucket, prefix, format: 'jsonlines', connection: s3.connection }),
      readBack: async () =>
        (await s3.objects(prefix)).flatMap((o) =>
          o.body
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        ),
      cleanup: async () => undefined,
    };
  },
});
