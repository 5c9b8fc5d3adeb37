// Test helpers for the MQTT connector: unique topics and client ids, a publisher, a collecting subscriber, and
// persistent sessions created ahead of a reader (so messages published before it starts are kept for it).

import type { MqttClient } from 'mqtt';

/** The local broker (CI: `.ci/services.sh`). */
export const MQTT_URI = 'mqtt://127.0.0.1:1883';

/** A unique name (topic prefix, client id) for one test. */
export function uniqueName(prefix: string): string {
  return `cw-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A connected test client. */
export async function testClient(options: { clientId?: string; clean?: boolean } = {}): Promise<MqttClient> {
  const mqtt = await import('mqtt');
  return mqtt.connectAsync(MQTT_URI, { reconnectPeriod: 0, ...options });
}

/** Creates a persistent session subscribed to `topic` (QoS 1), so the broker queues messages for `clientId`. */
export async function createSession(clientId: string, topic: string): Promise<void> {
  const c = await testClient({ clientId, clean: false });
  await c.subscribeAsync(topic, { qos: 1 });
  await c.endAsync();
}

/** Removes the broker-side session of `clientId`. */
export async function dropSession(clientId: string): Promise<void> {
  const c = await testClient({ clientId, clean: true });
  await c.endAsync();
}

/** Publishes payloads (objects as JSON) with QoS 1. */
export async function publish(topic: string, payloads: readonly (object | string | Buffer)[]): Promise<void> {
  const c = await testClient();
  for (const p of payloads)
    await c.publishAsync(topic, Buffer.isBuffer(p) ? p : typeof p === 'string' ? p : JSON.stringify(p), {
      qos: 1,
    });
  await c.endAsync();
}

/** A subscriber collecting every message of a topic. */
export class Collector {
  readonly messages: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private constructor(private readonly client: MqttClient) {
    client.on('message', (_topic, payload) => {
      this.messages.push(payload);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Subscribes to `topic` (QoS 1). */
  static async start(topic: string): Promise<Collector> {
    const c = await testClient();
    const col = new Collector(c);
    await c.subscribeAsync(topic, { qos: 1 });
    return col;
  }

  /** Waits until `n` messages arrived (or `timeoutMs` passed), then returns them as text. */
  async take(n: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < n && Date.now() < deadline)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    return this.messages.map((m) => m.toString('utf8'));
  }

  /** Disconnects. */
  async stop(): Promise<void> {
    await this.client.endAsync();
  }
}
