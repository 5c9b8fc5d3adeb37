// Connecting to RabbitMQ with retries: exponential backoff between attempts, a ConnectorError (never showing the
// password) for refused logins, unreachable brokers and missing queues or exchanges (backoff: ../reconnect.ts).

import type { ChannelModel } from 'amqplib';
import { ConnectorError } from '../connector-error.js';
import { backoffDelay, delay, redactUri, scrub, type ReconnectOptions } from '../reconnect.js';

/** Connections whose socket is gone (closing them again would wait for a reply that never comes). */
const closed = new WeakSet<ChannelModel>();

/** Whether an amqplib error is a refused login (no retry can fix it). */
function isAuthError(e: unknown): boolean {
  const m = (e as Error | undefined)?.message ?? '';
  return /ACCESS[-_]REFUSED|403|authentication|Handshake terminated/i.test(m);
}

/**
 * Opens a connection, retrying refused or dropped TCP connections with backoff. A refused login fails at once;
 * running out of attempts fails with the last reason. Returns undefined when `signal` aborts first.
 */
export async function connectWithRetry(
  uri: string,
  reconnect: ReconnectOptions,
  signal: AbortSignal | undefined,
): Promise<ChannelModel | undefined> {
  const amqp = await import('amqplib');
  const max = reconnect.maxAttempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) return undefined;
    try {
      const conn = await amqp.connect(uri);
      // Errors also surface as 'close'; an unhandled 'error' event would crash the process.
      conn.on('error', () => undefined);
      conn.on('close', () => closed.add(conn));
      return conn;
    } catch (e) {
      if (isAuthError(e))
        throw new ConnectorError(
          'rabbitmq',
          redactUri(uri),
          'login refused (wrong user name or password, or no access to the virtual host)',
          'check the credentials in the uri',
        );
      if (attempt >= max)
        throw new ConnectorError(
          'rabbitmq',
          redactUri(uri),
          `cannot connect after ${attempt} attempts: ${scrub((e as Error).message, uri)}`,
          'check that RabbitMQ runs and the uri is right',
        );
      await delay(backoffDelay(attempt, reconnect), signal);
    }
  }
}

/**
 * Closes a connection without waiting on a dead one: amqplib's `close()` waits for the broker's reply, which never
 * comes over a dropped socket.
 */
export async function closeQuietly(conn: ChannelModel | undefined): Promise<void> {
  if (conn === undefined || closed.has(conn)) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    conn.close().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000))),
  ]);
  clearTimeout(timer);
}

/** Whether an amqplib channel error is a 404 NOT_FOUND (a missing queue or exchange). */
export function isNotFound(e: unknown): boolean {
  return /404|NOT_FOUND/.test((e as Error | undefined)?.message ?? '');
}
