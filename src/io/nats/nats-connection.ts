// Connecting to NATS for the reader and the writer: the client loaded lazily, reconnection with exponential backoff,
// and connection failures turned into ConnectorErrors that never show credentials.

import type { NatsConnection } from '@nats-io/transport-node';
import { ConnectorError } from '../connector-error.js';
import { backoffDelay, connectionError, stripCredentials } from '../reconnect.js';

/** Where and how to connect (shared by `nats.read` and `nats.write`). */
export interface NatsConnectionOptions {
  /** Server URL(s): `nats://127.0.0.1:4222` or `127.0.0.1:4222`. Credentials in a URL are never logged. */
  servers: string | string[];
  /** User name (with `pass`). */
  user?: string;
  /** Password (never appears in errors or logs). */
  pass?: string;
  /** Authentication token (never appears in errors or logs). */
  token?: string;
  /** Client name shown by the server's monitoring. */
  clientName?: string;
  /** First reconnect delay in ms; doubles (±20% jitter) per failed attempt up to `maxReconnectDelayMs` (default 100). */
  reconnectDelayMs?: number;
  /** Largest reconnect delay in ms (default 2,000). */
  maxReconnectDelayMs?: number;
  /** Give up after this many reconnect attempts in a row (default: never). */
  maxReconnectAttempts?: number;
  /** Connection timeout in ms (default 10,000). */
  connectTimeoutMs?: number;
}

/** The servers as they may appear in messages: credentials removed from URLs. */
export function shownServers(servers: string | string[]): string {
  const list = Array.isArray(servers) ? servers : [servers];
  return list.map(stripCredentials).join(',');
}

/** Connects with reconnection and backoff; a failure to connect is a ConnectorError naming the servers. */
export async function connectNats(options: NatsConnectionOptions, object: string): Promise<NatsConnection> {
  let mod: typeof import('@nats-io/transport-node');
  try {
    mod = await import('@nats-io/transport-node');
  } catch (e) {
    throw new ConnectorError(
      'nats',
      object,
      'the NATS client is not installed',
      'npm install @nats-io/transport-node @nats-io/jetstream',
      { cause: e },
    );
  }
  const base = Math.max(1, options.reconnectDelayMs ?? 100);
  const max = Math.max(base, options.maxReconnectDelayMs ?? 2_000);
  let attempt = 0;
  let nc: NatsConnection;
  try {
    nc = await mod.connect({
      servers: options.servers,
      user: options.user,
      pass: options.pass,
      token: options.token,
      name: options.clientName ?? 'causeway',
      timeout: options.connectTimeoutMs ?? 10_000,
      reconnect: true,
      maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
      reconnectTimeWait: base,
      reconnectJitter: Math.min(100, base),
      // Exponential backoff with jitter, reset by the status loop below once a reconnect succeeds.
      reconnectDelayHandler: () => backoffDelay(++attempt, { initialDelayMs: base, maxDelayMs: max }),
    });
  } catch (e) {
    throw natsConnectError(e, options, object);
  }
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'reconnect') attempt = 0;
  })().catch(() => undefined);
  return nc;
}

/** A connection failure as a ConnectorError: authentication, refused or timed out; never with credentials. */
export function natsConnectError(e: unknown, options: NatsConnectionOptions, object: string): ConnectorError {
  return connectionError(e, {
    connector: 'nats',
    object,
    where: shownServers(options.servers),
    secrets: [options.pass, options.token],
    auth: /authoriz|authentic|auth/i,
    authFix: 'check user/pass or token',
    fix: 'check that the server runs and the servers option',
  });
}
