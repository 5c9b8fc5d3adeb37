// The shared connector contract run against the real NATS JetStream server: the reader (durable consumer) and the
// writer (core publish, and JetStream publish with acks).

import { afterAll } from 'vitest';
import * as nats from './index.js';
import { CONTRACT_SCHEMA, sinkContract, sourceContract } from '../testing/connector-contract.test-util.js';
import { NATS_URL, TestStream } from './nats.test-util.js';

const open: TestStream[] = [];
afterAll(async () => {
  for (const s of open) await s.remove();
});

sourceContract({
  name: 'nats (JetStream)',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  async setup() {
    const s = await TestStream.create('src');
    return {
      insert: (rows) => s.publish(rows),
      update: (rows) => s.publish(rows),
      delete: (keys) =>
        s.publish(
          keys.map((key) => ({ key })),
          -1,
        ),
      insertMalformed: () => s.publish(['{"key": "x", not json']),
      read: (mode) =>
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 'reader',
          schema: CONTRACT_SCHEMA,
          mode,
          autocommitDurationMs: 5,
        }),
      cleanup: () => s.remove(),
    };
  },
});

for (const jetstream of [false, true]) {
  sinkContract({
    name: jetstream ? 'nats (JetStream publish)' : 'nats (core publish)',
    mode: 'changeStream',
    async setup() {
      const s = await TestStream.create('sink');
      return {
        write: (table) => nats.write(table, { servers: NATS_URL, subject: s.subject, jetstream }),
        readBack: async () => {
          const msgs = await s.messages();
          return msgs.map((m) => {
            const row = JSON.parse(m.data) as Record<string, unknown>;
            // The headers carry the same time and diff as the payload.
            if (m.headers.time !== String(row.time) || m.headers.diff !== String(row.diff))
              throw new Error(`headers ${JSON.stringify(m.headers)} differ from payload ${m.data}`);
            return row;
          });
        },
        cleanup: () => s.remove(),
      };
    },
  });
}
