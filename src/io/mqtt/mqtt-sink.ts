// The MQTT writer: publishes each change of a table to a topic with the chosen QoS and retain flag; every epoch
// waits until the broker acknowledged its QoS 1/2 messages (mqtt.js keeps and resends them across reconnects).

import type { MqttClient } from 'mqtt';
import type { DType } from '../../table/dtype.js';
import { payloadEncoder, type PayloadEncoder, type PayloadEncoding } from '../message-format.js';
import type { EpochChanges, Sink } from '../sink.js';
import { connectMqtt, type MqttConnectionOptions } from './mqtt-client.js';

/** Settings of one MQTT writer (see `write` for the user-facing options). */
export interface MqttSinkSettings extends MqttConnectionOptions, PayloadEncoding {
  topic: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

/** Publishes a table's changes to a topic. */
export class MqttSink implements Sink {
  readonly name: string;
  private client: MqttClient | undefined;
  private encode: PayloadEncoder | undefined;
  private inFlight: Promise<unknown>[] = [];

  /** Prepares a writer to `settings.topic`. */
  constructor(private readonly s: MqttSinkSettings) {
    this.name = `mqtt(${s.topic})`;
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.encode = payloadEncoder(this.s, columns, dtypes, 'mqtt');
    this.client = await connectMqtt(this.s, { clean: true }, `topic "${this.s.topic}"`);
  }

  write({ time, rows, diffs }: EpochChanges): void {
    const client = this.client!;
    const encode = this.encode!;
    const opts = { qos: this.s.qos, retain: this.s.retain };
    for (let i = 0; i < rows.length; i++)
      this.inFlight.push(client.publishAsync(this.s.topic, encode(rows[i]!, time, diffs[i]!), opts));
  }

  async flush(): Promise<void> {
    const all = this.inFlight;
    this.inFlight = [];
    await Promise.all(all);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.client?.endAsync().catch(() => undefined);
      this.client = undefined;
    }
  }
}
