// The MQTT reader: subscribes to topic filters and turns each message into a row; mqtt.js reconnects after a drop
// (with a persistent session, QoS 1 messages published meanwhile are delivered on reconnect).
//
// Delivery guarantees: mqtt.js acknowledges a QoS 1 message (PUBACK) as soon as the reader has handed it to the
// pipeline, before the epoch is committed. A dropped connection loses nothing (the message is already in the
// reader); a crash of the process loses what was acknowledged but not committed (at-most-once across crashes).
// A message whose PUBACK was lost in a drop is sent again by the broker (at-least-once across drops): with a
// primary key the copy is a harmless upsert. `ackAfterCommit` waits for the epoch before each PUBACK instead
// (at-least-once across crashes, one epoch per message: slower).

import type { MqttClient } from 'mqtt';
import { ConnectorError } from '../connector-error.js';
import type { PayloadDecoder } from '../message-format.js';
import type { Source, SourceContext } from '../source.js';
import { connectMqtt, type MqttConnectionOptions } from './mqtt-client.js';

/** Settings of one MQTT reader (see `read` for the user-facing options). */
export interface MqttSourceSettings extends MqttConnectionOptions {
  topics: string[];
  qos: 0 | 1;
  persistentSession: boolean;
  ackAfterCommit: boolean;
  decoder: PayloadDecoder;
}

/** Reads messages of topic filters; one instance per run. */
export class MqttSource implements Source {
  readonly name: string;
  private seq = 0;

  /** Prepares a reader of `settings.topics`. */
  constructor(private readonly s: MqttSourceSettings) {
    this.name = `mqtt(${s.topics.join(',')})`;
  }

  async run(ctx: SourceContext): Promise<void> {
    const s = this.s;
    const object = `topic "${s.topics.join('", "')}"`;
    if (ctx.mode === 'static')
      throw new ConnectorError(
        'mqtt',
        object,
        'a topic has no end to read up to',
        'read it in streaming mode',
      );
    let failure: Error | undefined;
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    // Flow control: mqtt.js reads the next packet only after this callback (and sends the PUBACK after it).
    const handleMessage: MqttClient['handleMessage'] = (packet, callback) => {
      if (packet.cmd !== 'publish') return callback();
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      s.decoder.decode(ctx, payload, `${packet.topic} message #`, ++this.seq);
      if (s.ackAfterCommit) {
        ctx.commit().then(() => callback(), callback);
        return;
      }
      const wait = ctx.backpressure();
      if (wait) void wait.then(() => callback());
      else callback();
    };
    let client: MqttClient;
    try {
      client = await connectMqtt(s, { clean: !s.persistentSession }, object, ctx.signal, (c) => {
        c.handleMessage = handleMessage;
      });
    } catch (e) {
      if (ctx.signal.aborted) return; // stopped while connecting
      throw e;
    }
    const onAbort = (): void => stop();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const granted = await client.subscribeAsync(s.topics, { qos: s.qos });
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
      if (refused.length > 0)
        throw new ConnectorError(
          'mqtt',
          `topic "${refused.join('", "')}"`,
          'subscription refused by the broker',
          'check the topic filter and the access rights of this user',
        );
      if (!ctx.signal.aborted) await stopped;
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      await client.endAsync().catch(() => undefined);
    }
    if (failure !== undefined) throw failure;
  }
}
