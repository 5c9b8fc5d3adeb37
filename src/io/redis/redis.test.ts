// Dedicated Redis tests: reconnection through a proxy mid-stream, the restart re-reading this consumer's pending
// entries, errors for a missing stream / group / wrong credentials, malformed payloads, plaintext format.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import * as redis from './index.js';
import { write as discard } from '../null/index.js';
import { CONTRACT_SCHEMA, contractRows } from '../testing/connector-contract.test-util.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import { REDIS_URL, TestKeys } from './redis.test-util.js';
import {
  byId,
  DEBEZIUM_EVENTS,
  DEBEZIUM_MALFORMED,
  DEBEZIUM_RESULT,
  PRODUCT,
  PRODUCT_NO_KEY,
} from '../message-format.test-util.js';

const T = 60_000;
let keys: TestKeys | undefined;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  cw.clearGraph();
  await proxy?.close();
  await keys?.remove();
  keys = undefined;
  proxy = undefined;
});

const rows = contractRows;

async function newStream(tag: string): Promise<{ k: TestKeys; stream: string }> {
  const k = (keys = new TestKeys(tag));
  const stream = k.key('s');
  await k.client.xgroup('CREATE', stream, 'causeway', '0', 'MKSTREAM');
  return { k, stream };
}

describe('redis.read', () => {
  it(
    'loses and repeats no committed entry when the connection drops or the server is away mid-stream',
    async () => {
      const { k, stream } = await newStream('reconnect');
      proxy = await new TcpProxy(6379).start();
      await k.add(stream, rows(0, 300));
      const view = new LiveView(
        redis.read({
          url: `redis://127.0.0.1:${proxy.port}`,
          stream,
          schema: CONTRACT_SCHEMA,
          batchSize: 20,
          blockMs: 200,
          reconnectDelayMs: 20,
          maxReconnectDelayMs: 200,
          autocommitDurationMs: 5,
        }),
      );
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size >= 50, T / 4, '50 rows');
        proxy.drop();
        await k.add(stream, rows(300, 600));
        await view.waitFor((v) => v.rows.size >= 400, T / 4, '400 rows');
        proxy.pause();
        // The server stays unreachable for a moment (the scenario, not a synchronisation).
        await new Promise((r) => setTimeout(r, 300));
        await k.add(stream, rows(600, 700));
        proxy.resume();
        await view.waitFor((v) => v.rows.size === 700, T / 3, 'all 700 rows');
      } finally {
        await run.stop();
      }
      expect(proxy.connections).toBeGreaterThanOrEqual(4);
      expect(view.changes.filter((c) => c.diff > 0)).toHaveLength(700);
      expect(view.changes.filter((c) => c.diff < 0)).toHaveLength(0);
      expect(await k.pendingCount(stream)).toBe(0);
    },
    T,
  );

  it(
    'first re-reads the entries this consumer had read but not acked (a crash), never the acked ones',
    async () => {
      const { k, stream } = await newStream('pending');
      await k.add(stream, rows(0, 3));
      // A first reader acked k0..k2.
      const first = new LiveView(
        redis.read({ url: REDIS_URL, stream, schema: CONTRACT_SCHEMA, mode: 'static' }),
      );
      await cw.run();
      expect(first.rows.size).toBe(3);
      cw.clearGraph();
      // A crashed reader: k3, k4 delivered to consumer "causeway", never acked.
      await k.add(stream, rows(3, 5));
      await k.client.xreadgroup('GROUP', 'causeway', 'causeway', 'COUNT', 10, 'STREAMS', stream, '>');
      await k.add(stream, rows(5, 6));
      expect(await k.pendingCount(stream)).toBe(2);
      const again = new LiveView(
        redis.read({ url: REDIS_URL, stream, schema: CONTRACT_SCHEMA, mode: 'static' }),
      );
      await cw.run();
      expect(again.values().map((r) => r.key)).toEqual(['k3', 'k4', 'k5']);
      expect(await k.pendingCount(stream)).toBe(0);
    },
    T,
  );

  it(
    'parses fields entries whatever their field order, extra fields or deletions, and reports bad fields',
    async () => {
      const { k, stream } = await newStream('layouts');
      await k.add(stream, [
        { key: 'a', word: 'x', n: 1 },
        { n: 2, key: 'b', word: '' }, // other order, an empty string column
        { key: 'c', extra: 'ignored', word: 'z', n: 3 }, // an extra field
        { key: 'd', word: 'y' }, // n missing
        { key: 'e', word: 'v', n: '' }, // an empty INT is not None
        { key: 'f', word: 'w', n: 'seven' },
        { key: 'a', word: 'x2', n: 10 }, // upsert by primary key
        { key: 'b', diff: -1 }, // deletion by primary key
        { key: 'g', word: 'dup', n: 4, n2: 0 },
      ]);
      const view = new LiveView(
        redis.read({ url: REDIS_URL, stream, schema: CONTRACT_SCHEMA, mode: 'static' }),
      );
      const log = new LiveView(cw.globalErrorLog());
      await cw.run({ terminateOnError: false });
      expect(view.values().sort((x, y) => x.key.localeCompare(y.key))).toEqual([
        { key: 'a', word: 'x2', n: 10 },
        { key: 'c', word: 'z', n: 3 },
        { key: 'g', word: 'dup', n: 4 },
      ]);
      const messages = log.values().map((r) => String(r.message));
      expect(messages).toHaveLength(3);
      expect(messages.some((m) => /entry \d+-\d+.*missing field "n"/.test(m))).toBe(true);
      expect(messages.filter((m) => m.includes('field "n"'))).toHaveLength(3);
      expect(await k.pendingCount(stream)).toBe(0);
    },
    T,
  );

  it(
    'reports a malformed JSON payload with stream and entry id, and acks it',
    async () => {
      const { k, stream } = await newStream('bad');
      await k.add(stream, [{ data: JSON.stringify(rows(0, 1)[0]) }, { data: '{oops' }, { other: 1 }]);
      const view = new LiveView(
        redis.read({ url: REDIS_URL, stream, format: 'json', schema: CONTRACT_SCHEMA, mode: 'static' }),
      );
      const log = new LiveView(cw.globalErrorLog());
      await cw.run({ terminateOnError: false });
      expect(view.values()).toEqual(rows(0, 1));
      const messages = log.values().map((r) => String(r.message));
      expect(messages).toHaveLength(2);
      expect(
        messages.some((m) => new RegExp(`stream "${stream}" entry \\d+-\\d+.*malformed JSON`).test(m)),
      ).toBe(true);
      expect(messages.some((m) => m.includes('no field "data"'))).toBe(true);
      expect(await k.pendingCount(stream)).toBe(0);
    },
    T,
  );

  it(
    'reads plaintext payloads as one data column',
    async () => {
      const { k, stream } = await newStream('text');
      await k.add(stream, [{ data: 'hello' }, { data: 'world' }]);
      const view = new LiveView(redis.read({ url: REDIS_URL, stream, format: 'plaintext', mode: 'static' }));
      await cw.run();
      expect(view.values().map((r) => r.data)).toEqual(['hello', 'world']);
    },
    T,
  );

  it(
    'fails with a ConnectorError for a missing stream, and for a missing group when createGroup is off',
    async () => {
      discard(redis.read({ url: REDIS_URL, stream: 'cw:no-such-stream', schema: CONTRACT_SCHEMA }));
      await expect(cw.run()).rejects.toThrow(/redis: stream "cw:no-such-stream": does not exist/);
      cw.clearGraph();
      const { stream } = await newStream('nogroup');
      discard(
        redis.read({ url: REDIS_URL, stream, group: 'ghost', createGroup: false, schema: CONTRACT_SCHEMA }),
      );
      await expect(cw.run()).rejects.toThrow(/redis: group "ghost" of stream ".*": does not exist/);
    },
    T,
  );

  it(
    'fails with a ConnectorError on wrong credentials, without the password in the message',
    async () => {
      discard(
        redis.read({
          url: 'redis://nobody:hunter2secret@127.0.0.1:6379',
          password: 'hunter2secret',
          username: 'nobody',
          stream: 's',
          schema: CONTRACT_SCHEMA,
        }),
      );
      const err = await cw.run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(/redis: stream "s": authentication failed at redis:\/\/127\.0\.0\.1:6379/);
      expect(err?.message).not.toContain('hunter2secret');
    },
    T,
  );
});

describe('redis.read (format debezium)', () => {
  it(
    'applies change events in the value field by primary key, logs a malformed one with its entry id, acks all',
    async () => {
      const { k, stream } = await newStream('debezium');
      // Debezium Server's extended layout (fields key and value), and one compact entry (a single field).
      const entries: Record<string, string>[] = DEBEZIUM_EVENTS.map((value, i) => ({ key: `k${i}`, value }));
      entries[entries.length - 1] = { '{"id":3}': DEBEZIUM_EVENTS[DEBEZIUM_EVENTS.length - 1]! };
      await k.add(stream, entries);
      const view = new LiveView(
        redis.read({ url: REDIS_URL, stream, format: 'debezium', schema: PRODUCT, mode: 'static' }),
      );
      const log = new LiveView(cw.globalErrorLog());
      await cw.run({ terminateOnError: false });
      expect(byId(view.values())).toEqual(DEBEZIUM_RESULT);
      const messages = log.values().map((r) => String(r.message));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(new RegExp(`stream "${stream}" entry \\d+-\\d+`));
      expect(messages[0]).toMatch(DEBEZIUM_MALFORMED);
      expect(await k.pendingCount(stream)).toBe(0);
    },
    T,
  );

  it('refuses a schema without a primary key', () => {
    expect(() =>
      redis.read({ url: REDIS_URL, stream: 's', format: 'debezium', schema: PRODUCT_NO_KEY }),
    ).toThrow(/redis: stream "s": format "debezium" needs a schema with a primary key/);
  });
});
