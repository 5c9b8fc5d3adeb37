// Connecting to Redis for the reader and the writer: ioredis loaded lazily, reconnection with exponential backoff,
// and connection failures turned into ConnectorErrors that never show the password.

import type { Redis } from 'ioredis';
import { ConnectorError } from '../connector-error.js';
import { backoffDelay, connectionError, stripCredentials, uriPassword } from '../reconnect.js';

/** Where and how to connect (shared by `redis.read` and `redis.write`). */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]`; credentials in it are never logged. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** ACL user name. */
  username?: string;
  /** Password (never appears in errors or logs). */
  password?: string;
  /** Database number. */
  db?: number;
  /** First reconnect delay in ms; doubles (±20% jitter) per failed attempt up to `maxReconnectDelayMs` (default 50). */
  reconnectDelayMs?: number;
  /** Largest reconnect delay in ms (default 2,000). */
  maxReconnectDelayMs?: number;
  /** Connection timeout in ms (default 10,000). */
  connectTimeoutMs?: number;
}

/** The URL as it may appear in messages: credentials removed. */
export function shownUrl(url: string | undefined): string {
  return stripCredentials(url ?? 'redis://127.0.0.1:6379');
}

/**
 * Connects (the first connection must succeed: a failure is a ConnectorError naming the server); afterwards the
 * client reconnects by itself with backoff, and commands wait for the connection instead of failing.
 */
export async function connectRedis(options: RedisConnectionOptions, object: string): Promise<Redis> {
  let RedisClient: typeof import('ioredis').Redis;
  try {
    RedisClient = (await import('ioredis')).Redis;
  } catch (e) {
    throw new ConnectorError('redis', object, 'the Redis client is not installed', 'npm install ioredis', {
      cause: e,
    });
  }
  const base = Math.max(1, options.reconnectDelayMs ?? 50);
  const max = Math.max(base, options.maxReconnectDelayMs ?? 2_000);
  const url = options.url ?? 'redis://127.0.0.1:6379';
  let connected = false;
  const client = new RedisClient(url, {
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.db !== undefined ? { db: options.db } : {}),
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    // Before the first connection a failure ends the attempt (reported below); afterwards retry forever.
    retryStrategy: (times: number) =>
      connected ? backoffDelay(times, { initialDelayMs: base, maxDelayMs: max }) : null,
    maxRetriesPerRequest: null,
    // A command in flight when the connection drops is sent again after the reconnect (the reader then also
    // re-reads its pending entries: the first XREADGROUP may have run with its reply lost).
  });
  let lastError: unknown;
  // Reconnection is handled; errors surface on the commands (the last one explains a failed first connection).
  client.on('error', (e: unknown) => (lastError = e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    throw redisError(lastError ?? e, options, object);
  }
  connected = true;
  return client;
}

/** A Redis failure as a ConnectorError: authentication or connection; never with the password. */
export function redisError(e: unknown, options: RedisConnectionOptions, object: string): ConnectorError {
  return connectionError(e, {
    connector: 'redis',
    object,
    where: shownUrl(options.url),
    secrets: [options.password, uriPassword(options.url)],
    auth: /WRONGPASS|NOAUTH|invalid password|AUTH/i,
    authFix: 'check username/password',
    fix: 'check that Redis runs and the url option',
  });
}
