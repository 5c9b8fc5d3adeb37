// NATS authentication against a private server that requires a user name and password: the right credentials
// connect, wrong or missing ones fail the run with a ConnectorError that never shows the password.

import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import * as cw from '../../index.js';
import * as nats from './index.js';
import { write as discard } from '../null/index.js';
import { CONTRACT_SCHEMA } from '../testing/connector-contract.test-util.js';
import { startAuthNats, type AuthBroker } from '../testing/auth-broker.test-util.js';
import { runError } from '../testing/live-view.test-util.js';

const T = 30_000;
let broker: AuthBroker;

beforeAll(async () => {
  broker = await startAuthNats();
}, T);
afterAll(() => broker?.stop());
afterEach(() => cw.clearGraph());

describe('nats with authentication', () => {
  it(
    'writes with the right user and pass',
    async () => {
      const servers = `127.0.0.1:${broker.port}`;
      const subject = `cw.auth.${Math.random().toString(36).slice(2)}`;
      const nc = await connect({ servers, user: broker.user, pass: broker.pass });
      try {
        const sub = nc.subscribe(subject, { max: 1 });
        await nc.flush();
        const t = cw.io.custom.fromIterable([{ key: 'a', word: 'alpha', n: 1 }], {
          schema: CONTRACT_SCHEMA,
          mode: 'static',
        });
        nats.write(t, { servers, user: broker.user, pass: broker.pass, subject });
        await cw.run();
        const received: unknown[] = [];
        for await (const m of sub) received.push(m.json());
        expect(received).toEqual([expect.objectContaining({ key: 'a', word: 'alpha', n: 1, diff: 1 })]);
      } finally {
        await nc.close();
      }
    },
    T,
  );

  it(
    'fails the reader with a ConnectorError naming authentication, without the password, when the pass is wrong',
    async () => {
      const wrong = 'wrong-pass-91d2';
      discard(
        nats.read({
          servers: `127.0.0.1:${broker.port}`,
          user: broker.user,
          pass: wrong,
          subject: 'cw.auth.x',
          schema: CONTRACT_SCHEMA,
        }),
      );
      const err = await runError();
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(/nats: subject "cw\.auth\.x": authentication failed at 127\.0\.0\.1:\d+/);
      expect(err?.message).toMatch(/check user\/pass or token/);
      expect(err?.message).not.toContain(wrong);
    },
    T,
  );

  it(
    'fails the writer, and a client without credentials, with the same ConnectorError',
    async () => {
      const wrong = 'wrong-pass-77ab';
      const t = cw.io.custom.fromIterable([{ key: 'a', word: 'alpha', n: 1 }], {
        schema: CONTRACT_SCHEMA,
        mode: 'static',
      });
      nats.write(t, {
        servers: `nats://${broker.user}:${wrong}@127.0.0.1:${broker.port}`,
        subject: 'cw.auth.w',
      });
      const err = await runError();
      expect(err?.name).toBe('ConnectorError');
      expect(err?.message).toMatch(/nats: subject "cw\.auth\.w": authentication failed/);
      expect(err?.message).not.toContain(wrong);
      cw.clearGraph();
      discard(
        nats.read({ servers: `127.0.0.1:${broker.port}`, subject: 'cw.auth.y', schema: CONTRACT_SCHEMA }),
      );
      expect((await runError())?.message).toMatch(/nats: subject "cw\.auth\.y": authentication failed/);
    },
    T,
  );
});
