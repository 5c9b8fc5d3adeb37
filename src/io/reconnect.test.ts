import { describe, expect, it } from 'vitest';
import { ConnectorError } from './connector-error.js';
import {
  backoffDelay,
  connectionError,
  delay,
  maskSecrets,
  redactUri,
  scrub,
  stripCredentials,
  uriPassword,
} from './reconnect.js';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the maximum, within ±20% jitter', () => {
    const o = { initialDelayMs: 100, maxDelayMs: 1_000 };
    for (let i = 0; i < 50; i++) {
      expect(backoffDelay(1, o)).toBeGreaterThanOrEqual(80);
      expect(backoffDelay(1, o)).toBeLessThanOrEqual(120);
      expect(backoffDelay(3, o)).toBeGreaterThanOrEqual(320);
      expect(backoffDelay(3, o)).toBeLessThanOrEqual(480);
      expect(backoffDelay(1_000, o)).toBeLessThanOrEqual(1_200);
    }
  });
});

describe('delay', () => {
  it('resolves at once when the signal aborts', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const p = delay(60_000, ac.signal);
    ac.abort();
    await p;
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('secret masking', () => {
  it('masks passwords of URIs and secrets in text, raw and URI-encoded', () => {
    expect(redactUri('amqp://guest:s3cret@host:5672/')).toBe('amqp://guest:***@host:5672/');
    expect(stripCredentials('redis://u:p@host:6379')).toBe('redis://host:6379');
    expect(uriPassword('nats://bob:p%40ss@h:4222')).toBe('p@ss');
    expect(maskSecrets('bad p@ss and p%40ss', ['p@ss', undefined])).toBe('bad *** and ***');
    expect(scrub('login p@ss refused', 'amqp://bob:p%40ss@h')).toBe('login *** refused');
  });

  it('connectionError tells a refused login from an unreachable server, without the secret', () => {
    const f = {
      connector: 'x',
      object: 'stream "s"',
      where: 'x://host',
      secrets: ['hunter2'],
      auth: /auth/i,
      authFix: 'check the password',
      fix: 'check the server',
    };
    const auth = connectionError(new Error('AUTH failed for hunter2'), f);
    expect(auth).toBeInstanceOf(ConnectorError);
    expect(auth.message).toMatch(/x: stream "s": authentication failed at x:\/\/host/);
    expect(auth.message).not.toContain('hunter2');
    expect(connectionError(new Error('ECONNREFUSED'), f).message).toMatch(/cannot connect to x:\/\/host/);
  });
});
