// The shared connector contract run against the real Redis server: the Streams reader (consumer group) and the two
// writers (stream change log, hash snapshot).

import * as redis from './index.js';
import { CONTRACT_SCHEMA, sinkContract, sourceContract } from '../testing/connector-contract.test-util.js';
import { REDIS_URL, TestKeys } from './redis.test-util.js';

sourceContract({
  name: 'redis (stream, consumer group)',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  async setup() {
    const k = new TestKeys('src');
    const stream = k.key('s');
    // The stream must exist before the reader starts (a missing stream is an error).
    await k.client.xgroup('CREATE', stream, 'causeway', '0', 'MKSTREAM');
    return {
      insert: (rows) => k.add(stream, rows),
      update: (rows) => k.add(stream, rows),
      delete: (keys) =>
        k.add(
          stream,
          keys.map((key) => ({ key, diff: -1 })),
        ),
      insertMalformed: () => k.add(stream, [{ key: 'x', word: 'bad', n: 'not a number' }]),
      read: (mode) =>
        redis.read({
          url: REDIS_URL,
          stream,
          schema: CONTRACT_SCHEMA,
          mode,
          autocommitDurationMs: 5,
          blockMs: 200,
        }),
      cleanup: () => k.remove(),
    };
  },
});

sinkContract({
  name: 'redis (stream change log)',
  mode: 'changeStream',
  async setup() {
    const k = new TestKeys('sinks');
    return {
      write: (table) => redis.write(table, { url: REDIS_URL, stream: k.key('out') }),
      readBack: () => k.entries(k.key('out')),
      cleanup: () => k.remove(),
    };
  },
});

sinkContract({
  name: 'redis (hash snapshot)',
  mode: 'snapshot',
  async setup() {
    const k = new TestKeys('sinkh');
    return {
      write: (table) => redis.write(table, { url: REDIS_URL, keyPrefix: k.key('row:'), keyColumns: ['key'] }),
      readBack: async () => {
        const keys = await k.client.keys(`${k.key('row:')}*`);
        return Promise.all(keys.map((key) => k.client.hgetall(key)));
      },
      cleanup: () => k.remove(),
    };
  },
});
