// The shared connector contract against the local Mosquitto: a reader with a persistent session, a topic writer.

import * as mqtt from './index.js';
import { CONTRACT_SCHEMA, sinkContract, sourceContract } from '../testing/connector-contract.test-util.js';
import { Collector, createSession, dropSession, MQTT_URI, publish, uniqueName } from './mqtt.test-util.js';

// A persistent session (clean: false, fixed client id) keeps QoS 1 messages for the reader while it is away:
// messages published before it starts or between two runs are delivered once, so a restart resumes.
sourceContract({
  name: 'mqtt (persistent session)',
  capabilities: { static: false, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  async setup() {
    const topic = `${uniqueName('contract')}/rows`;
    const clientId = uniqueName('reader');
    await createSession(clientId, topic);
    return {
      insert: (rows) => publish(topic, rows),
      update: (rows) => publish(topic, rows),
      delete: (keys) =>
        publish(
          topic,
          keys.map((key) => ({ key, diff: -1 })),
        ),
      insertMalformed: () => publish(topic, ['{"key": "x", not json']),
      read: (mode) =>
        mqtt.read({
          uri: MQTT_URI,
          topic,
          schema: CONTRACT_SCHEMA,
          mode,
          clientId,
          persistentSession: true,
          autocommitDurationMs: 20,
        }),
      cleanup: () => dropSession(clientId),
    };
  },
});

sinkContract({
  name: 'mqtt',
  mode: 'changeStream',
  async setup() {
    const topic = `${uniqueName('contract-sink')}/out`;
    const collector = await Collector.start(topic);
    return {
      write: (table) => mqtt.write(table, { uri: MQTT_URI, topic, qos: 1 }),
      readBack: async () => (await collector.take(6)).map((t) => JSON.parse(t) as Record<string, unknown>),
      cleanup: () => collector.stop(),
    };
  },
});
