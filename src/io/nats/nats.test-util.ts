// Test helpers for the NATS connector: a unique JetStream stream per test, publishing and reading it back.

import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';

/** The test server (NATS_URL overrides). */
export const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';

/** A unique stream (and its subject) on the test server; `remove()` deletes it. */
export class TestStream {
  readonly name: string;
  readonly subject: string;
  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    tag: string,
  ) {
    const id = `${tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
    this.name = `CW_${id}`;
    this.subject = `cw.${id.toLowerCase()}`;
  }

  /** Connects and creates the stream (capturing `subject` and `subject.>`). */
  static async create(tag: string): Promise<TestStream> {
    const nc = await connect({ servers: NATS_URL });
    const s = new TestStream(nc, await jetstreamManager(nc), tag);
    await s.jsm.streams.add({ name: s.name, subjects: [s.subject, `${s.subject}.>`] });
    return s;
  }

  /** Publishes payloads (objects as JSON) and waits for the stream's acks; `diff` sets the diff header. */
  async publish(payloads: readonly (object | string | Uint8Array)[], diff?: number): Promise<void> {
    const js = jetstream(this.nc);
    for (const p of payloads) {
      const data = typeof p === 'string' || p instanceof Uint8Array ? p : JSON.stringify(p);
      const h = headers();
      if (diff !== undefined) h.set('diff', String(diff));
      await js.publish(this.subject, data, { headers: h });
    }
  }

  /** Every message of the stream: payload text and headers. */
  async messages(): Promise<{ data: string; headers: Record<string, string> }[]> {
    const info = await this.jsm.streams.info(this.name);
    const out: { data: string; headers: Record<string, string> }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await this.jsm.streams.getMessage(this.name, { seq });
      if (!m) continue;
      const h: Record<string, string> = {};
      for (const [k, v] of m.header ?? []) h[k] = v[0] ?? '';
      out.push({ data: new TextDecoder().decode(m.data), headers: h });
    }
    return out;
  }

  /** Number of messages the consumer has acked (its ack floor). */
  async ackFloor(durable: string): Promise<number> {
    return (await this.jsm.consumers.info(this.name, durable)).ack_floor.stream_seq;
  }

  /** Deletes the stream and closes the connection. */
  async remove(): Promise<void> {
    await this.jsm.streams.delete(this.name).catch(() => undefined);
    await this.nc.close();
  }
}

/**
 * Publishes `payload` on a core subject again and again until `ready` settles (a core subscription only sees what
 * is published after it subscribed, and a reader subscribes some time after the run starts).
 */
export async function publishUntil(
  nc: NatsConnection,
  subject: string,
  payload: string,
  ready: Promise<void>,
): Promise<void> {
  let stop = false;
  void ready.finally(() => (stop = true)).catch(() => undefined);
  while (!stop) {
    nc.publish(subject, payload);
    await nc.flush();
    await Promise.race([ready, new Promise((r) => setTimeout(r, 50))]);
  }
  await ready;
}
