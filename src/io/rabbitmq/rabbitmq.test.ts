import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { ConnectorError } from '../connector-error.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import * as rabbitmq from './index.js';
import { RABBITMQ_URI, RabbitAdmin, uniqueName } from './rabbitmq.test-util.js';
import {
  byId,
  DEBEZIUM_EVENTS,
  DEBEZIUM_MALFORMED,
  DEBEZIUM_RESULT,
  MALFORMED_AT,
  PRODUCT,
  PRODUCT_NO_KEY,
  streamDebezium,
} from '../message-format.test-util.js';

const Num = cw.schema({ n: cw.INT });
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  cw.clearGraph();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function queueFixture(stream = false): Promise<{ admin: RabbitAdmin; queue: string }> {
  const admin = await RabbitAdmin.connect();
  const queue = uniqueName(stream ? 'stream' : 'queue');
  await admin.createQueue(queue, stream);
  cleanups.push(async () => {
    await admin.deleteQueue(queue);
    await admin.close();
  });
  return { admin, queue };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ n: from + i }));

describe('rabbitmq.read', () => {
  it('loses and repeats nothing committed when the connection drops mid-stream', async () => {
    const { admin, queue } = await queueFixture();
    const proxy = await new TcpProxy(5672).start();
    cleanups.push(() => proxy.close());
    // No primary key: a message read twice would show as a second row.
    const t = rabbitmq.read({
      uri: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      queue,
      schema: Num,
      prefetch: 40,
      autocommitDurationMs: 5,
      reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
    });
    const view = new LiveView(t);
    const run = runInBackground();
    const total = 600;
    try {
      for (let chunk = 0; chunk < 6; chunk++) {
        await admin.publish(queue, range(chunk * 100, chunk * 100 + 100));
        await view.waitFor((v) => v.rows.size > chunk * 100 + 10, 20_000, `progress in chunk ${chunk}`);
        proxy.drop();
      }
      await view.waitFor((v) => v.rows.size >= total, 30_000, 'every message');
    } finally {
      await run.stop();
    }
    const seen = view.changes.filter((c) => c.diff > 0).map((c) => c.row.n);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(view.changes.some((c) => c.diff < 0)).toBe(false);
    expect(proxy.connections).toBeGreaterThan(1);
    // Everything committed was acknowledged: nothing is left for the next reader.
    expect(await admin.count(queue)).toBe(0);
  }, 90_000);

  it('waits with backoff while the broker is unreachable, then goes on', async () => {
    const { admin, queue } = await queueFixture();
    const proxy = await new TcpProxy(5672).start();
    cleanups.push(() => proxy.close());
    const t = rabbitmq.read({
      uri: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      queue,
      schema: Num,
      autocommitDurationMs: 5,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 1000 },
    });
    const view = new LiveView(t);
    const run = runInBackground();
    try {
      await admin.publish(queue, range(0, 5));
      await view.waitFor((v) => v.rows.size === 5, 20_000, 'the first messages');
      proxy.pause();
      await admin.publish(queue, range(5, 10));
      const refused = proxy.connections;
      proxy.resume();
      await view.waitFor((v) => v.rows.size === 10, 20_000, 'the messages sent while down');
      expect(proxy.connections).toBeGreaterThan(refused - 1);
    } finally {
      await run.stop();
    }
    expect(view.changes).toHaveLength(10);
  }, 60_000);

  it('fails with a ConnectorError that hides the password when the login is refused', async () => {
    const { queue } = await queueFixture();
    const secret = 'not-the-password-4711';
    cw.io.null.write(rabbitmq.read({ uri: `amqp://guest:${secret}@127.0.0.1:5672`, queue, schema: Num }));
    const err = await cw.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as Error).message).toMatch(/rabbitmq: .*login refused/);
    expect((err as Error).message).not.toContain(secret);
  });

  it('fails with a ConnectorError naming a missing queue', async () => {
    const queue = uniqueName('missing');
    cw.io.null.write(rabbitmq.read({ uri: RABBITMQ_URI, queue, schema: Num }));
    await expect(cw.run()).rejects.toThrow(`rabbitmq: queue "${queue}": does not exist`);
  });

  it('logs a malformed message with its position and acknowledges it so it does not come back', async () => {
    const { admin, queue } = await queueFixture();
    await admin.publish(queue, ['oops', { n: 1 }]);
    const view = new LiveView(rabbitmq.read({ uri: RABBITMQ_URI, queue, schema: Num, mode: 'static' }));
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.values()).toEqual([{ n: 1 }]);
    expect(log.values().map((r) => r.message)).toEqual([
      expect.stringMatching(/malformed record at delivery #1: malformed JSON/),
    ]);
    expect(log.values()[0]!.operator).toBe(`rabbitmq(${queue})`);
    expect(await admin.count(queue)).toBe(0);
  });

  it('reads plaintext and raw messages into a data column', async () => {
    const { admin, queue } = await queueFixture();
    await admin.publish(queue, ['hello', 'world']);
    const text = new LiveView(
      rabbitmq.read({ uri: RABBITMQ_URI, queue, format: 'plaintext', mode: 'static' }),
    );
    await cw.run();
    expect(text.values()).toEqual([{ data: 'hello' }, { data: 'world' }]);
    cw.clearGraph();
    await admin.publish(queue, [Buffer.from([0, 255])]);
    const raw = new LiveView(rabbitmq.read({ uri: RABBITMQ_URI, queue, format: 'raw', mode: 'static' }));
    await cw.run();
    expect(raw.values().map((r) => [...r.data])).toEqual([[0, 255]]);
  });

  it('creates the queue with createQueue: true', async () => {
    const admin = await RabbitAdmin.connect();
    const queue = uniqueName('created');
    cleanups.push(async () => {
      await admin.deleteQueue(queue);
      await admin.close();
    });
    cw.io.null.write(
      rabbitmq.read({ uri: RABBITMQ_URI, queue, schema: Num, mode: 'static', createQueue: true }),
    );
    await cw.run();
    expect(await admin.count(queue)).toBe(0);
  });
});

describe('rabbitmq.read of a stream queue', () => {
  async function readStream(queue: string, offset: rabbitmq.StreamOffset, want: number): Promise<number[]> {
    const view = new LiveView(
      rabbitmq.read({ uri: RABBITMQ_URI, queue, schema: Num, stream: { offset }, autocommitDurationMs: 5 }),
    );
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size >= want, 20_000, `${want} rows from offset ${String(offset)}`);
    } finally {
      await run.stop();
      cw.clearGraph();
    }
    return view.values().map((r) => r.n);
  }

  it('starts at the first message, a numeric offset or a timestamp', async () => {
    const { admin, queue } = await queueFixture(true);
    await admin.publish(queue, range(0, 4));
    expect(await readStream(queue, 'first', 4)).toEqual([0, 1, 2, 3]);
    expect(await readStream(queue, 2, 2)).toEqual([2, 3]);
    expect(await readStream(queue, new Date(Date.now() - 60_000), 4)).toEqual([0, 1, 2, 3]);
  });

  it('with offset next, reads only messages published after it started', async () => {
    const { admin, queue } = await queueFixture(true);
    await admin.publish(queue, range(0, 3));
    const view = new LiveView(
      rabbitmq.read({
        uri: RABBITMQ_URI,
        queue,
        schema: Num,
        stream: { offset: 'next' },
        autocommitDurationMs: 5,
      }),
    );
    const run = runInBackground();
    try {
      // The consumer attaches asynchronously: publish until one new message shows up.
      for (let n = 100; view.rows.size === 0; n++) {
        await admin.publish(queue, [{ n }]);
        await view.waitFor((v) => v.rows.size > 0, 200).catch(() => undefined);
      }
    } finally {
      await run.stop();
    }
    expect(view.values().every((r) => r.n >= 100)).toBe(true);
  });

  it('resumes after the last committed offset when the connection drops', async () => {
    const { admin, queue } = await queueFixture(true);
    const proxy = await new TcpProxy(5672).start();
    cleanups.push(() => proxy.close());
    const view = new LiveView(
      rabbitmq.read({
        uri: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
        queue,
        schema: Num,
        stream: { offset: 'first' },
        prefetch: 20,
        autocommitDurationMs: 5,
        reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
      }),
    );
    const run = runInBackground();
    try {
      for (let chunk = 0; chunk < 4; chunk++) {
        await admin.publish(queue, range(chunk * 100, chunk * 100 + 100));
        await view.waitFor((v) => v.rows.size > chunk * 100 + 10, 20_000, `progress in chunk ${chunk}`);
        proxy.drop();
      }
      await view.waitFor((v) => v.rows.size >= 400, 30_000, 'every message');
    } finally {
      await run.stop();
    }
    const seen = view.changes.filter((c) => c.diff > 0).map((c) => c.row.n);
    expect(seen).toHaveLength(400);
    expect(new Set(seen).size).toBe(400);
  }, 90_000);

  it('refuses static mode (a stream has no end)', async () => {
    const { queue } = await queueFixture(true);
    cw.io.null.write(rabbitmq.read({ uri: RABBITMQ_URI, queue, schema: Num, stream: {}, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(/a stream has no end/);
  });
});

describe('rabbitmq.write', () => {
  it('writes a chosen column as plaintext', async () => {
    const { admin, queue } = await queueFixture();
    const t = cw.io.custom.fromIterable([{ word: 'a' }, { word: 'b' }], {
      schema: cw.schema({ word: cw.STR }),
      mode: 'static',
    });
    rabbitmq.write(t, { uri: RABBITMQ_URI, routingKey: queue, format: 'plaintext', valueColumn: 'word' });
    await cw.run();
    expect((await admin.drain(queue)).sort()).toEqual(['a', 'b']);
  });

  it('publishes each epoch again after a dropped connection (at-least-once)', async () => {
    const { admin, queue } = await queueFixture();
    const proxy = await new TcpProxy(5672).start();
    cleanups.push(() => proxy.close());
    async function* rows() {
      for (let n = 0; n < 50; n++) {
        yield { n };
        if (n % 10 === 9) {
          yield cw.io.custom.COMMIT;
          proxy.drop();
        }
      }
    }
    const t = cw.io.custom.fromIterable(rows(), { schema: Num, autocommitDurationMs: 0 });
    rabbitmq.write(t, {
      uri: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      routingKey: queue,
      reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
    });
    await cw.run();
    const got = (await admin.drain(queue)).map((m) => (JSON.parse(m) as { n: number }).n);
    expect(new Set(got)).toEqual(new Set(range(0, 50).map((r) => r.n)));
    expect(proxy.connections).toBeGreaterThan(1);
  }, 60_000);

  it('fails with a ConnectorError for a missing exchange', async () => {
    const exchange = uniqueName('no-exchange');
    const t = cw.io.custom.fromIterable([{ n: 1 }], { schema: Num, mode: 'static' });
    rabbitmq.write(t, { uri: RABBITMQ_URI, exchange, routingKey: 'x' });
    await expect(cw.run()).rejects.toThrow(`rabbitmq: exchange "${exchange}": does not exist`);
  });

  it('fails when a message is routed to no queue, instead of losing it', async () => {
    const t = cw.io.custom.fromIterable([{ n: 1 }], { schema: Num, mode: 'static' });
    rabbitmq.write(t, { uri: RABBITMQ_URI, routingKey: uniqueName('nobody') });
    await expect(cw.run()).rejects.toThrow(/no queue is bound for routing key/);
  });
});

describe('rabbitmq.read (format debezium)', () => {
  it('applies change events of a queue by primary key, logs a malformed one and acknowledges all', async () => {
    const { admin, queue } = await queueFixture();
    await admin.publish(queue, [...DEBEZIUM_EVENTS]);
    const view = new LiveView(
      rabbitmq.read({ uri: RABBITMQ_URI, queue, format: 'debezium', schema: PRODUCT, mode: 'static' }),
    );
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(byId(view.values())).toEqual(DEBEZIUM_RESULT);
    const messages = log.values().map((r) => String(r.message));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`delivery #${MALFORMED_AT + 1}`);
    expect(messages[0]).toMatch(DEBEZIUM_MALFORMED);
    expect(await admin.count(queue)).toBe(0);
  });

  it('applies change events of a stream queue, logging the malformed one with its offset', async () => {
    const { admin, queue } = await queueFixture(true);
    await admin.publish(queue, [...DEBEZIUM_EVENTS]);
    const message = await streamDebezium(
      rabbitmq.read({
        uri: RABBITMQ_URI,
        queue,
        format: 'debezium',
        schema: PRODUCT,
        stream: { offset: 'first' },
        autocommitDurationMs: 5,
      }),
    );
    expect(message).toContain(`offset ${MALFORMED_AT}`);
    expect(message).toMatch(DEBEZIUM_MALFORMED);
  });

  it('refuses a schema without a primary key', () => {
    expect(() =>
      rabbitmq.read({ uri: RABBITMQ_URI, queue: 'q', format: 'debezium', schema: PRODUCT_NO_KEY }),
    ).toThrow(ConnectorError);
  });
});
