import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { FakeKafka } from './fake-kafka.js';

afterEach(() => cw.clearGraph());

const Click = cw.schema({ user: cw.STR, page: cw.STR });

describe('kafka.read', () => {
  it('commits offsets to the group only after the pipeline committed the epoch', async () => {
    const broker = new FakeKafka();
    broker.createTopic('clicks');
    broker.produce('clicks', [{ value: '{"user":"a","page":"/"}' }, { value: '{"user":"b","page":"/x"}' }]);
    let committedWhenSeen: number | undefined;
    const t = cw.io.kafka.read({
      client: broker.client(),
      topics: ['clicks'],
      groupId: 'g1',
      startFrom: 'earliest',
      schema: Click,
    });
    cw.subscribe(t, {
      onTimeEnd: () => void (committedWhenSeen ??= broker.committedOffset('g1', 'clicks', 0)),
    });
    const view = new LiveView(t);
    const run = runInBackground();
    await view.waitFor((v) => v.rows.size === 2);
    await run.stop();
    // While the epoch was being computed nothing was committed yet; afterwards the group is past both messages.
    expect(committedWhenSeen).toBeUndefined();
    expect(broker.committedOffset('g1', 'clicks', 0)).toBe(2);
  });

  it("is append-only without a primary key (each message a new row), as Pathway's native sessions", () => {
    const client = new FakeKafka().client();
    const read = (schema: cw.Schema<any>, format?: 'json' | 'debezium') =>
      cw.io.kafka.read({ client, topics: ['t'], groupId: 'g', schema, ...(format ? { format } : {}) });
    const Keyed = cw.schema({ user: cw.column(cw.STR, { primaryKey: true }), page: cw.STR });
    expect(read(Click).isAppendOnly).toBe(true);
    expect(cw.io.kafka.read({ client, topics: ['t'], groupId: 'g', format: 'plaintext' }).isAppendOnly).toBe(
      true,
    );
    expect(read(Keyed).isAppendOnly).toBe(false);
    expect(read(Keyed, 'debezium').isAppendOnly).toBe(false);
  });

  it('starts at the latest offset or at a timestamp when the group has no committed offsets', async () => {
    const broker = new FakeKafka();
    broker.createTopic('clicks');
    broker.produce('clicks', [{ value: '{"user":"old","page":"/"}' }]);
    const latest = new LiveView(
      cw.io.kafka.read({
        client: broker.client(),
        topics: ['clicks'],
        groupId: 'g2',
        schema: Click,
        autocommitDurationMs: 5,
      }),
    );
    const run = runInBackground();
    await new Promise((r) => setTimeout(r, 50));
    broker.produce('clicks', [{ value: '{"user":"new","page":"/"}' }]);
    await latest.waitFor((v) => v.rows.size === 1);
    await run.stop();
    expect(latest.values()).toEqual([{ user: 'new', page: '/' }]);

    cw.clearGraph();
    const fromTs = new LiveView(
      cw.io.kafka.read({
        client: broker.client(),
        topics: ['clicks'],
        groupId: 'g3',
        schema: Click,
        startFrom: { timestamp: 0 },
        mode: 'static',
      }),
    );
    await cw.run();
    expect(fromTs.values().map((r) => r.user)).toEqual(['new', 'old']);
  });

  it('reads plaintext messages with their key, and logs malformed JSON with topic, partition and offset', async () => {
    const broker = new FakeKafka();
    broker.createTopic('lines');
    broker.produce('lines', [{ key: 'k1', value: 'hello' }]);
    const text = new LiveView(
      cw.io.kafka.read({
        client: broker.client(),
        topics: ['lines'],
        groupId: 'g',
        startFrom: 'earliest',
        format: 'plaintext',
        schema: cw.schema({ key: cw.STR.optional(), data: cw.STR }),
        mode: 'static',
      }),
    );
    broker.createTopic('bad');
    broker.produce('bad', [{ value: 'not json' }, { value: '{"user":"u","page":"/"}' }]);
    const good = new LiveView(
      cw.io.kafka.read({
        client: broker.client(),
        topics: ['bad'],
        groupId: 'g',
        startFrom: 'earliest',
        schema: Click,
        mode: 'static',
      }),
    );
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(text.values()).toEqual([{ key: 'k1', data: 'hello' }]);
    expect(good.values()).toEqual([{ user: 'u', page: '/' }]);
    expect(log.values().map((r) => r.message)).toEqual([
      expect.stringMatching(/^malformed record at bad\[0\]@0: malformed JSON/),
    ]);
  });

  it('fails with a clear error naming the topic when it does not exist', async () => {
    const broker = new FakeKafka();
    cw.io.null.write(
      cw.io.kafka.read({ client: broker.client(), topics: ['nope'], groupId: 'g', schema: Click }),
    );
    await expect(cw.run()).rejects.toThrow(
      /kafka: topics nope: cannot subscribe: .*\(check the brokers and that the topics exist\)/,
    );
  });
});

describe('kafka.write', () => {
  it('keys messages by the key columns and sets time and diff headers', async () => {
    const broker = new FakeKafka();
    const t = cw.io.custom.fromIterable([{ user: 'a', n: 1 }], {
      schema: cw.schema({ user: cw.column(cw.STR, { primaryKey: true }), n: cw.INT }),
      mode: 'static',
    });
    cw.io.kafka.write(t, { client: broker.client(), topic: 'out', keyColumns: ['user'] });
    await cw.run();
    const [m] = broker.messages('out');
    expect(m!.key!.toString()).toBe('a');
    expect(m!.headers!.diff!.toString()).toBe('1');
    expect(JSON.parse(m!.value!.toString())).toMatchObject({ user: 'a', n: 1, diff: 1 });
  });
});

// Integration with a real broker: runs only when KAFKA_BROKERS is set (no broker can run on the CI machine).
describe.runIf(process.env.KAFKA_BROKERS)('kafka against a real broker (KAFKA_BROKERS)', () => {
  it('writes and reads back a topic', async () => {
    const brokers = process.env.KAFKA_BROKERS!.split(',');
    const topic = `causeway-it-${Date.now()}`;
    const { Kafka } = await import('kafkajs');
    const admin = new Kafka({ brokers }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }] });
    await admin.disconnect();
    const src = cw.io.custom.fromIterable([{ user: 'a', page: '/' }], { schema: Click, mode: 'static' });
    cw.io.kafka.write(src, { connection: { brokers }, topic });
    await cw.run();
    cw.clearGraph();
    const view = new LiveView(
      cw.io.kafka.read({
        connection: { brokers },
        topics: [topic],
        groupId: `g-${topic}`,
        startFrom: 'earliest',
        schema: Click,
      }),
    );
    const run = runInBackground();
    await view.waitFor((v) => v.rows.size === 1, 30_000);
    await run.stop();
    expect(view.values()).toEqual([{ user: 'a', page: '/' }]);
  }, 60_000);
});
