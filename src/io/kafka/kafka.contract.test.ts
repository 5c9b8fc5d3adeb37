// The shared connector contract, run against the Kafka connector over the in-memory FakeKafka.

import * as cw from '../../index.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from '../testing/connector-contract.test-util.js';
import { FakeKafka } from './fake-kafka.js';

let n = 0;

sourceContract({
  name: 'kafka (debezium format, FakeKafka)',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  async setup() {
    const broker = new FakeKafka();
    const topic = `contract-${++n}`;
    broker.createTopic(topic, 2);
    const current = new Map<string, ContractRow>();
    const send = (key: string, value: unknown) =>
      broker.produce(topic, [{ key, value: JSON.stringify(value) }]);
    return {
      insert: async (rows) => {
        for (const r of rows) {
          current.set(r.key, r);
          send(r.key, { op: 'c', before: null, after: r });
        }
      },
      update: async (rows) => {
        for (const r of rows) {
          send(r.key, { op: 'u', before: current.get(r.key), after: r });
          current.set(r.key, r);
        }
      },
      delete: async (keys) => {
        for (const k of keys) {
          send(k, { op: 'd', before: current.get(k), after: null });
          current.delete(k);
        }
      },
      insertMalformed: async () => broker.produce(topic, [{ key: 'x', value: '{"op": "c", "after": ' }]),
      read: (mode) =>
        cw.io.kafka.read({
          client: broker.client(),
          topics: [topic],
          groupId: 'g',
          startFrom: 'earliest',
          format: 'debezium',
          schema: CONTRACT_SCHEMA,
          mode,
          autocommitDurationMs: 10,
        }),
      cleanup: async () => undefined,
    };
  },
});

sinkContract({
  name: 'kafka (FakeKafka)',
  mode: 'changeStream',
  async setup() {
    const broker = new FakeKafka();
    return {
      write: (table) => cw.io.kafka.write(table, { client: broker.client(), topic: 'out' }),
      readBack: async () =>
        broker.messages('out').map((m) => JSON.parse(m.value!.toString()) as Record<string, unknown>),
      cleanup: async () => undefined,
    };
  },
});
