// MQTT authentication against a private Mosquitto broker that refuses anonymous clients: the right credentials
// connect, wrong or missing ones fail the run at once (no retries) with a ConnectorError that never shows the password.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import * as mqtt from './index.js';
import { startAuthMosquitto, type AuthBroker } from '../testing/auth-broker.test-util.js';
import { runError } from '../testing/live-view.test-util.js';

const T = 30_000;
const Keyed = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
let broker: AuthBroker;

beforeAll(async () => {
  broker = await startAuthMosquitto();
}, T);
afterAll(() => broker?.stop());
afterEach(() => cw.clearGraph());

describe('mqtt with authentication', () => {
  it(
    'writes with the right username and password',
    async () => {
      const { connectAsync } = await import('mqtt');
      const uri = `mqtt://127.0.0.1:${broker.port}`;
      const topic = `cw-auth/${Math.random().toString(36).slice(2)}`;
      const sub = await connectAsync(uri, {
        username: broker.user,
        password: broker.pass,
        reconnectPeriod: 0,
      });
      try {
        const received = new Promise<string>((resolve) =>
          sub.once('message', (_t, p) => resolve(p.toString())),
        );
        await sub.subscribeAsync(topic, { qos: 1 });
        const t = cw.io.custom.fromIterable([{ id: 7 }], { schema: Keyed, mode: 'static' });
        mqtt.write(t, { uri, username: broker.user, password: broker.pass, topic });
        await cw.run();
        expect(JSON.parse(await received)).toMatchObject({ id: 7, diff: 1 });
      } finally {
        await sub.endAsync();
      }
    },
    T,
  );

  it(
    'fails the reader with a ConnectorError, without the password, when the password in the uri is wrong',
    async () => {
      const wrong = 'wrong-pass-3c1e';
      cw.io.null.write(
        mqtt.read({
          uri: `mqtt://${broker.user}:${wrong}@127.0.0.1:${broker.port}`,
          topic: 'x',
          schema: Keyed,
        }),
      );
      const started = Date.now();
      const err = await runError();
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(
        /mqtt: mqtt:\/\/alice:\*\*\*@127\.0\.0\.1:\d+: connection refused: bad user name or password/,
      );
      expect(err?.message).not.toContain(wrong);
      // A refused login is final: the reader does not retry it with backoff.
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    T,
  );

  it(
    'fails the writer, and a client without credentials, with the same ConnectorError',
    async () => {
      const wrong = 'wrong-pass-5d0f';
      const t = cw.io.custom.fromIterable([{ id: 1 }], { schema: Keyed, mode: 'static' });
      mqtt.write(t, {
        uri: `mqtt://127.0.0.1:${broker.port}`,
        username: broker.user,
        password: wrong,
        topic: 'w',
      });
      const err = await runError();
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(/connection refused: bad user name or password, or not authorized/);
      expect(err?.message).not.toContain(wrong);
      cw.clearGraph();
      cw.io.null.write(mqtt.read({ uri: `mqtt://127.0.0.1:${broker.port}`, topic: 'x', schema: Keyed }));
      expect((await runError())?.message).toMatch(/connection refused: bad user name or password/);
    },
    T,
  );
});
