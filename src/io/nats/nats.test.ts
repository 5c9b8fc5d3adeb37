// Dedicated NATS tests: reconnection through a proxy that drops and refuses connections mid-stream, acks only after
// commit, errors for a missing stream / consumer / server, malformed messages, plaintext and raw formats, core subjects.

import { afterEach, describe, expect, it } from 'vitest';
import { connect, headers } from '@nats-io/transport-node';
import * as cw from '../../index.js';
import * as nats from './index.js';
import { write as discard } from '../null/index.js';
import { CONTRACT_SCHEMA, contractRows } from '../testing/connector-contract.test-util.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import { NATS_URL, publishUntil, TestStream } from './nats.test-util.js';
import { tableFromMarkdown } from '../../testing/index.js';
import {
  byId,
  debeziumApplied,
  DEBEZIUM_EVENTS,
  DEBEZIUM_MALFORMED,
  DEBEZIUM_RESULT,
  PRODUCT,
  PRODUCT_NO_KEY,
} from '../message-format.test-util.js';

const T = 60_000;
let stream: TestStream | undefined;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  cw.clearGraph();
  await proxy?.close();
  await stream?.remove();
  stream = undefined;
  proxy = undefined;
});

const rows = contractRows;

async function consumerState(s: TestStream, durable: string) {
  const info = await s.jsm.consumers.info(s.name, durable);
  return { ackFloor: info.ack_floor.stream_seq, ackPending: info.num_ack_pending, pending: info.num_pending };
}

describe('nats.read (JetStream)', () => {
  it(
    'loses and repeats no committed message when the connection drops or the server is away mid-stream',
    async () => {
      const s = (stream = await TestStream.create('reconnect'));
      proxy = await new TcpProxy(4222).start();
      await s.publish(rows(0, 300));
      const view = new LiveView(
        nats.read({
          servers: `127.0.0.1:${proxy.port}`,
          stream: s.name,
          durableName: 'r',
          schema: CONTRACT_SCHEMA,
          ackWaitMs: 1_000,
          batchSize: 20,
          reconnectDelayMs: 20,
          maxReconnectDelayMs: 200,
          autocommitDurationMs: 5,
        }),
      );
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size >= 50, T / 4, '50 rows');
        proxy.drop();
        await s.publish(rows(300, 600));
        await view.waitFor((v) => v.rows.size >= 400, T / 4, '400 rows');
        proxy.pause();
        // The server stays unreachable for a moment (the scenario, not a synchronisation).
        await new Promise((r) => setTimeout(r, 300));
        await s.publish(rows(600, 700));
        proxy.resume();
        await view.waitFor((v) => v.rows.size === 700, T / 3, 'all 700 rows');
      } finally {
        await run.stop();
      }
      expect(proxy.connections).toBeGreaterThanOrEqual(3);
      // Each message became exactly one insertion.
      expect(view.changes.filter((c) => c.diff > 0)).toHaveLength(700);
      expect(view.changes.filter((c) => c.diff < 0)).toHaveLength(0);
      // Everything committed was acked before the reader stopped.
      for (let i = 0; i < 50; i++) {
        const st = await consumerState(s, 'r');
        console.log('STATE', i, JSON.stringify(st));
        if (st.ackPending === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await consumerState(s, 'r')).toMatchObject({ ackFloor: 700, ackPending: 0, pending: 0 });
    },
    T,
  );

  it(
    'acks a message only after the epoch holding it committed, and a restarted reader resumes after the acks',
    async () => {
      const s = (stream = await TestStream.create('acks'));
      await s.publish(rows(0, 5));
      const read = () =>
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 'r',
          schema: CONTRACT_SCHEMA,
          autocommitDurationMs: 5,
        });
      const view = new LiveView(read());
      let ackedAtFirstEpoch = -1;
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size === 5, T / 3, 'five rows');
        ackedAtFirstEpoch = (await consumerState(s, 'r')).ackFloor;
      } finally {
        await run.stop();
      }
      expect(ackedAtFirstEpoch).toBeLessThanOrEqual(5);
      expect((await consumerState(s, 'r')).ackFloor).toBe(5);
      cw.clearGraph();
      await s.publish(rows(5, 7));
      const again = new LiveView(read());
      const run2 = runInBackground();
      try {
        await again.waitFor((v) => v.rows.size === 2, T / 3, 'the two new rows');
      } finally {
        await run2.stop();
      }
      expect(again.values().map((r) => r.key)).toEqual(['k5', 'k6']);
    },
    T,
  );

  it(
    'reports a malformed message with stream and sequence, acks it, and never redelivers it',
    async () => {
      const s = (stream = await TestStream.create('bad'));
      await s.publish([...rows(0, 1), '[1, 2]', 'nope{', ...rows(1, 2)]);
      const view = new LiveView(
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 'r',
          schema: CONTRACT_SCHEMA,
          ackWaitMs: 1_000,
        }),
      );
      const log = new LiveView(cw.globalErrorLog());
      const run = runInBackground({ terminateOnError: false });
      try {
        await view.waitFor((v) => v.rows.size === 2, T / 3, 'the valid rows');
        await log.waitFor((v) => v.rows.size === 2, T / 3, 'two error-log rows');
      } finally {
        await run.stop();
      }
      const messages = log.values().map((r) => String(r.message));
      expect(
        messages.some(
          (m) => m.includes(`stream "${s.name}" sequence 2`) && m.includes('expected a JSON object'),
        ),
      ).toBe(true);
      expect(
        messages.some((m) => m.includes(`stream "${s.name}" sequence 3`) && m.includes('malformed JSON')),
      ).toBe(true);
      expect(await consumerState(s, 'r')).toMatchObject({ ackFloor: 4, ackPending: 0 });
    },
    T,
  );

  it(
    'fails with a ConnectorError for a missing stream, and for a missing consumer when createConsumer is off',
    async () => {
      discard(nats.read({ servers: NATS_URL, stream: 'CW_NO_SUCH_STREAM', schema: CONTRACT_SCHEMA }));
      await expect(cw.run()).rejects.toThrow(/nats: stream "CW_NO_SUCH_STREAM": does not exist/);
      cw.clearGraph();
      const s = (stream = await TestStream.create('noconsumer'));
      discard(
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 'ghost',
          createConsumer: false,
          schema: CONTRACT_SCHEMA,
        }),
      );
      await expect(cw.run()).rejects.toThrow(/nats: consumer "ghost" of stream "CW_.*": does not exist/);
    },
    T,
  );

  it(
    'fails with a ConnectorError naming the servers, without the password, when it cannot connect',
    async () => {
      discard(
        nats.read({
          servers: 'nats://bob:hunter2secret@127.0.0.1:1',
          pass: 'hunter2secret',
          user: 'bob',
          stream: 'S',
          schema: CONTRACT_SCHEMA,
          connectTimeoutMs: 2_000,
        }),
      );
      const err = await cw.run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(/nats: stream "S": cannot connect to nats:\/\/127\.0\.0\.1:1/);
      expect(err?.message).not.toContain('hunter2secret');
    },
    T,
  );

  it(
    'reads plaintext and raw payloads as one data column',
    async () => {
      const s = (stream = await TestStream.create('formats'));
      await s.publish(['hello', new Uint8Array([0, 1, 255])]);
      const text = new LiveView(
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 't',
          format: 'plaintext',
          mode: 'static',
        }),
      );
      const raw = new LiveView(
        nats.read({ servers: NATS_URL, stream: s.name, durableName: 'r', format: 'raw', mode: 'static' }),
      );
      await cw.run();
      expect(
        text
          .values()
          .map((r) => r.data)
          .sort(),
      ).toEqual(['\u0000\u0001\ufffd', 'hello']);
      const bytes = raw.values().map((r) => Array.from(r.data));
      expect(bytes).toContainEqual([0, 1, 255]);
      expect(bytes).toContainEqual([104, 101, 108, 108, 111]);
    },
    T,
  );
});

describe('nats.read (format debezium)', () => {
  it(
    'applies change events of a stream by primary key, logs a malformed one with its sequence, acks them all',
    async () => {
      const s = (stream = await TestStream.create('debezium'));
      await s.publish(DEBEZIUM_EVENTS);
      const view = new LiveView(
        nats.read({
          servers: NATS_URL,
          stream: s.name,
          durableName: 'd',
          format: 'debezium',
          schema: PRODUCT,
          mode: 'static',
        }),
      );
      const log = new LiveView(cw.globalErrorLog());
      await cw.run({ terminateOnError: false });
      expect(byId(view.values())).toEqual(DEBEZIUM_RESULT);
      const messages = log.values().map((r) => String(r.message));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`stream "${s.name}" sequence 4`);
      expect(messages[0]).toMatch(DEBEZIUM_MALFORMED);
      // Every message (the malformed one and the tombstone too) is acknowledged.
      expect(await consumerState(s, 'd')).toEqual({
        ackFloor: DEBEZIUM_EVENTS.length,
        ackPending: 0,
        pending: 0,
      });
    },
    T,
  );

  it(
    'applies change events of a core subject',
    async () => {
      const subject = `cw.core.dbz.${Math.random().toString(36).slice(2)}`;
      const view = new LiveView(
        nats.read({
          servers: NATS_URL,
          subject,
          format: 'debezium',
          schema: PRODUCT,
          autocommitDurationMs: 5,
        }),
      );
      const log = new LiveView(cw.globalErrorLog());
      const run = runInBackground({ terminateOnError: false });
      const nc = await connect({ servers: NATS_URL });
      let message: string;
      try {
        // A core subscription only sees what is published after it subscribed: send the first create until it shows.
        await publishUntil(
          nc,
          subject,
          DEBEZIUM_EVENTS[0]!,
          view.waitFor((v) => v.rows.size > 0, T / 3),
        );
        for (const e of DEBEZIUM_EVENTS.slice(1)) nc.publish(subject, e);
        await nc.flush();
        message = await debeziumApplied(view, log, T / 3);
      } finally {
        await nc.close();
        await run.stop();
      }
      expect(message).toMatch(new RegExp(`subject "${subject}" message \\d+`));
      expect(message).toMatch(DEBEZIUM_MALFORMED);
    },
    T,
  );

  it('refuses a schema without a primary key', () => {
    expect(() =>
      nats.read({ servers: NATS_URL, stream: 'S', format: 'debezium', schema: PRODUCT_NO_KEY }),
    ).toThrow(/nats: stream "S": format "debezium" needs a schema with a primary key/);
  });
});

describe('nats.read (core subject)', () => {
  it(
    'reads messages published while it runs, deleting on a diff: -1 header',
    async () => {
      const subject = `cw.core.${Math.random().toString(36).slice(2)}`;
      const view = new LiveView(
        nats.read({ servers: NATS_URL, subject, schema: CONTRACT_SCHEMA, autocommitDurationMs: 5 }),
      );
      const run = runInBackground();
      const nc = await connect({ servers: NATS_URL });
      try {
        // A core subscription only sees what is published after it subscribed: publish until the first row shows.
        const first = JSON.stringify({ key: 'a', word: 'alpha', n: 1 });
        await publishUntil(
          nc,
          subject,
          first,
          view.waitFor((v) => v.rows.size > 0, T / 3, 'the first row'),
        );
        nc.publish(subject, JSON.stringify({ key: 'b', word: 'beta', n: 2 }));
        const h = headers();
        h.set('diff', '-1');
        nc.publish(subject, JSON.stringify({ key: 'a' }), { headers: h });
        await nc.flush();
        await view.waitFor((v) => v.rows.size === 1 && v.values()[0]!.key === 'b', T / 3, 'b only');
      } finally {
        await nc.close();
        await run.stop();
      }
      expect(view.values()).toEqual([{ key: 'b', word: 'beta', n: 2 }]);
    },
    T,
  );

  it('refuses static mode (a core subject keeps nothing to read)', async () => {
    discard(nats.read({ servers: NATS_URL, subject: 'x.y', schema: CONTRACT_SCHEMA, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(/nats: subject "x.y": a core subject keeps no messages/);
  });
});

describe('nats.write', () => {
  it(
    'writes one column as plaintext with the time, diff and header columns as headers',
    async () => {
      const s = (stream = await TestStream.create('wtext'));
      const table = tableFromMarkdown(
        `
        key | word  | n | __time__ | __diff__
        a   | alpha | 1 | 2        | 1
        a   | alpha | 1 | 4        | -1`,
        { schema: CONTRACT_SCHEMA },
      );
      nats.write(table, {
        servers: NATS_URL,
        subject: s.subject,
        format: 'plaintext',
        valueColumn: 'word',
        headers: ['key'],
        jetstream: true,
      });
      await cw.run();
      const msgs = await s.messages();
      expect(msgs.map((m) => [m.data, m.headers.key, m.headers.time, m.headers.diff])).toEqual([
        ['alpha', 'a', '2', '1'],
        ['alpha', 'a', '4', '-1'],
      ]);
    },
    T,
  );
});
