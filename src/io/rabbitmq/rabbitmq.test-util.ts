// Test helpers for the RabbitMQ connector: a direct amqplib connection to the local broker to create, fill, drain
// and delete uniquely named queues.

import type { ChannelModel, Channel } from 'amqplib';

/** The local broker (CI: `.ci/services.sh`). */
export const RABBITMQ_URI = 'amqp://guest:guest@127.0.0.1:5672';

/** A unique queue name for one test. */
export function uniqueName(prefix: string): string {
  return `cw-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An admin connection to the broker. */
export class RabbitAdmin {
  private constructor(
    private readonly conn: ChannelModel,
    readonly ch: Channel,
  ) {}

  /** Connects to the local broker (or `uri`). */
  static async connect(uri = RABBITMQ_URI): Promise<RabbitAdmin> {
    const amqp = await import('amqplib');
    const conn = await amqp.connect(uri);
    conn.on('error', () => undefined);
    const ch = await conn.createConfirmChannel();
    return new RabbitAdmin(conn, ch);
  }

  /** Declares a durable queue, or a stream queue. */
  async createQueue(name: string, stream = false): Promise<void> {
    await this.ch.assertQueue(name, {
      durable: true,
      arguments: stream ? { 'x-queue-type': 'stream' } : undefined,
    });
  }

  /** Publishes payloads (objects as JSON) straight to a queue, waiting for the confirms. */
  async publish(queue: string, payloads: readonly (object | string | Buffer)[]): Promise<void> {
    for (const p of payloads) {
      const buf = Buffer.isBuffer(p) ? p : Buffer.from(typeof p === 'string' ? p : JSON.stringify(p));
      this.ch.sendToQueue(queue, buf, { persistent: true });
    }
    await (this.ch as unknown as { waitForConfirms(): Promise<void> }).waitForConfirms();
  }

  /** Takes every message waiting in a queue (acknowledging them), as text. */
  async drain(queue: string): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const m = await this.ch.get(queue, { noAck: true });
      if (m === false) return out;
      out.push(m.content.toString('utf8'));
    }
  }

  /** Messages ready in a queue. */
  async count(queue: string): Promise<number> {
    return (await this.ch.checkQueue(queue)).messageCount;
  }

  /** Deletes a queue (no error when it is gone). */
  async deleteQueue(name: string): Promise<void> {
    await this.ch.deleteQueue(name).catch(() => undefined);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }
}
