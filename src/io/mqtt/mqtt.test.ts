import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { ConnectorError } from '../connector-error.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import * as mqtt from './index.js';
import {
  Collector,
  createSession,
  dropSession,
  MQTT_URI,
  publish,
  testClient,
  uniqueName,
} from './mqtt.test-util.js';
import {
  DEBEZIUM_EVENTS,
  DEBEZIUM_MALFORMED,
  MALFORMED_AT,
  PRODUCT,
  PRODUCT_NO_KEY,
  streamDebezium,
} from '../message-format.test-util.js';

const Keyed = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  cw.clearGraph();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: from + i }));

describe('mqtt.read', () => {
  it('reconnects after dropped connections and loses no message (persistent session, QoS 1)', async () => {
    const topic = `${uniqueName('drop')}/in`;
    const clientId = uniqueName('reader');
    await createSession(clientId, topic);
    cleanups.push(() => dropSession(clientId));
    const proxy = await new TcpProxy(1883).start();
    cleanups.push(() => proxy.close());
    const view = new LiveView(
      mqtt.read({
        uri: `mqtt://127.0.0.1:${proxy.port}`,
        topic,
        schema: Keyed,
        clientId,
        persistentSession: true,
        autocommitDurationMs: 5,
        reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      }),
    );
    const run = runInBackground();
    try {
      for (let chunk = 0; chunk < 4; chunk++) {
        await publish(topic, ids(chunk * 50, chunk * 50 + 50));
        await view.waitFor((v) => v.rows.size > chunk * 50, 20_000, `progress in chunk ${chunk}`);
        proxy.drop();
      }
      await view.waitFor((v) => v.rows.size === 200, 30_000, 'every message');
    } finally {
      await run.stop();
    }
    expect(view.values().map((r) => r.id)).toHaveLength(200);
    expect(proxy.connections).toBeGreaterThan(1);
  }, 90_000);

  it('reads plaintext and raw messages of a wildcard filter', async () => {
    const base = uniqueName('formats');
    const text = new LiveView(mqtt.read({ uri: MQTT_URI, topic: `${base}/+/text`, format: 'plaintext' }));
    const raw = new LiveView(mqtt.read({ uri: MQTT_URI, topic: `${base}/raw`, format: 'raw' }));
    const run = runInBackground();
    try {
      // Subscriptions are made when the run starts: publish until the readers see something.
      for (let i = 0; text.rows.size === 0 || raw.rows.size === 0; i++) {
        await publish(`${base}/a/text`, [`hello ${i}`]);
        await publish(`${base}/raw`, [Buffer.from([0, 255])]);
        await text.waitFor((v) => v.rows.size > 0 && raw.rows.size > 0, 300).catch(() => undefined);
      }
    } finally {
      await run.stop();
    }
    expect(text.values()[0]!.data).toMatch(/^hello \d+$/);
    expect([...raw.values()[0]!.data]).toEqual([0, 255]);
  });

  it('acknowledges after the commit with ackAfterCommit', async () => {
    const topic = `${uniqueName('ack')}/in`;
    const clientId = uniqueName('reader');
    await createSession(clientId, topic);
    cleanups.push(() => dropSession(clientId));
    await publish(topic, ids(0, 20));
    const view = new LiveView(
      mqtt.read({
        uri: MQTT_URI,
        topic,
        schema: Keyed,
        clientId,
        persistentSession: true,
        ackAfterCommit: true,
      }),
    );
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 20, 20_000, '20 rows');
    } finally {
      await run.stop();
    }
    expect(view.epochs).toBeGreaterThanOrEqual(20);
  });

  it('fails with a ConnectorError without the password when the broker cannot be reached', async () => {
    const proxy = await new TcpProxy(1883).start();
    proxy.pause();
    cleanups.push(() => proxy.close());
    const secret = 's3cret-value';
    cw.io.null.write(
      mqtt.read({
        uri: `mqtt://user:${secret}@127.0.0.1:${proxy.port}`,
        topic: 'x',
        schema: Keyed,
        reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 },
      }),
    );
    const err = await cw.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as Error).message).toMatch(/mqtt: .*cannot connect after 3 attempts/);
    expect((err as Error).message).not.toContain(secret);
  });

  it('refuses static mode (a topic has no end) and json without a schema', async () => {
    expect(() => mqtt.read({ uri: MQTT_URI, topic: 'x', format: 'json' } as never)).toThrow(
      'mqtt: topic "x": format "json" needs a schema',
    );
    cw.io.null.write(mqtt.read({ uri: MQTT_URI, topic: 'x', format: 'plaintext', mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(/a topic has no end/);
  });
});

describe('mqtt.write', () => {
  it('writes a chosen column as plaintext, retained', async () => {
    const topic = `${uniqueName('retain')}/out`;
    const t = cw.io.custom.fromIterable([{ word: 'a' }], {
      schema: cw.schema({ word: cw.STR }),
      mode: 'static',
    });
    mqtt.write(t, { uri: MQTT_URI, topic, format: 'plaintext', valueColumn: 'word', retain: true });
    await cw.run();
    // A subscriber arriving later still gets the retained message.
    const late = await Collector.start(topic);
    try {
      expect(await late.take(1)).toEqual(['a']);
    } finally {
      await late.stop();
      const c = await testClient();
      await c.publishAsync(topic, '', { retain: true, qos: 1 }); // clears the retained message
      await c.endAsync();
    }
  });
});

describe('mqtt.read (format debezium)', () => {
  it('applies change events by primary key and logs a malformed one with its topic and number', async () => {
    const topic = `${uniqueName('debezium')}/in`;
    const clientId = uniqueName('reader');
    await createSession(clientId, topic);
    cleanups.push(() => dropSession(clientId));
    await publish(topic, [...DEBEZIUM_EVENTS]);
    const message = await streamDebezium(
      mqtt.read({
        uri: MQTT_URI,
        topic,
        format: 'debezium',
        schema: PRODUCT,
        clientId,
        persistentSession: true,
        autocommitDurationMs: 5,
      }),
    );
    expect(message).toContain(`${topic} message #${MALFORMED_AT + 1}`);
    expect(message).toMatch(DEBEZIUM_MALFORMED);
  });

  it('refuses a schema without a primary key', () => {
    expect(() =>
      mqtt.read({ uri: MQTT_URI, topic: 't', format: 'debezium', schema: PRODUCT_NO_KEY }),
    ).toThrow(/mqtt: topic "t": format "debezium" needs a schema with a primary key/);
  });
});
