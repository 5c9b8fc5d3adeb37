// The shared connector contract against the local RabbitMQ: a queue source, a stream-queue source, a queue sink.

import * as rabbitmq from './index.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type SourceFixture,
} from '../testing/connector-contract.test-util.js';
import { RABBITMQ_URI, RabbitAdmin, uniqueName } from './rabbitmq.test-util.js';

async function fixture(stream: boolean): Promise<SourceFixture> {
  const admin = await RabbitAdmin.connect();
  const queue = uniqueName(stream ? 'contract-stream' : 'contract-queue');
  await admin.createQueue(queue, stream);
  return {
    insert: (rows) => admin.publish(queue, rows),
    update: (rows) => admin.publish(queue, rows),
    delete: (keys) =>
      admin.publish(
        queue,
        keys.map((key) => ({ key, diff: -1 })),
      ),
    insertMalformed: () => admin.publish(queue, ['{"key": "x", not json']),
    read: (mode) =>
      rabbitmq.read({
        uri: RABBITMQ_URI,
        queue,
        schema: CONTRACT_SCHEMA,
        mode,
        autocommitDurationMs: 20,
        stream: stream ? { offset: 'first' } : undefined,
      }),
    async cleanup() {
      await admin.deleteQueue(queue);
      await admin.close();
    },
  };
}

sourceContract({
  name: 'rabbitmq queue',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  setup: () => fixture(false),
});

sourceContract({
  name: 'rabbitmq stream (offset first)',
  capabilities: { static: false, updates: true, deletes: true, badRecords: true, restart: 'replay' },
  setup: () => fixture(true),
});

sinkContract({
  name: 'rabbitmq',
  mode: 'changeStream',
  async setup() {
    const admin = await RabbitAdmin.connect();
    const queue = uniqueName('contract-sink');
    await admin.createQueue(queue);
    return {
      write: (table) => rabbitmq.write(table, { uri: RABBITMQ_URI, routingKey: queue }),
      readBack: async () => (await admin.drain(queue)).map((t) => JSON.parse(t) as Record<string, unknown>),
      async cleanup() {
        await admin.deleteQueue(queue);
        await admin.close();
      },
    };
  },
});
