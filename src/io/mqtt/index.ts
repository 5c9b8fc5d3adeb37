// `cw.io.mqtt`: read MQTT topic filters into a table, write a table's changes to a topic (Pathway's `pw.io.mqtt`).
// Client: `mqtt` (optional peer dependency, loaded when a run starts).

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { messageSchema, PayloadDecoder, type PayloadEncoding } from '../message-format.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import { writeSink } from '../sink.js';
import type { MqttConnectionOptions } from './mqtt-client.js';
import { MqttSink } from './mqtt-sink.js';
import { MqttSource } from './mqtt-source.js';

export type { MqttConnectionOptions } from './mqtt-client.js';
export type { ReconnectOptions } from '../reconnect.js';

/** Options of `mqtt.read`. */
export interface MqttReadOptions extends MqttConnectionOptions, ReadSourceOptions {
  /** Topic filter(s), wildcards allowed: `sensors/+/temp`, `logs/#`. */
  topic: string | string[];
  /**
   * `json` (default): each message is a JSON object with the schema's fields; a negative `diff` field deletes by
   * primary key. `plaintext` / `raw`: each message is one row of a one-column schema (default `{ data }`).
   * `debezium`: each message is a Debezium change event (JSON, with or without the `schema`/`payload` envelope)
   * applied by the schema's primary key (required): create/read/update upsert `after`, delete removes `before`;
   * tombstones (empty messages) are skipped.
   */
  format?: 'json' | 'plaintext' | 'raw' | 'debezium';
  /** Subscription QoS (default 1: the broker resends until acknowledged). */
  qos?: 0 | 1;
  /**
   * Keep the broker-side session (`clean: false`, needs `clientId`): QoS 1 messages published while the reader is
   * away are delivered when it comes back (default false).
   */
  persistentSession?: boolean;
  /** Acknowledge each QoS 1 message only after its epoch is committed (one epoch per message; default false). */
  ackAfterCommit?: boolean;
}

/**
 * Reads messages of MQTT topic filters (streaming only). Delivery: QoS 1 messages are acknowledged when the reader
 * takes them, before the commit, so a dropped connection loses nothing but a crash may lose the uncommitted ones
 * (set `ackAfterCommit` for at-least-once across crashes); a message may arrive twice after a dropped connection
 * (with a primary key that is a harmless upsert). A restarted reader with `persistentSession` and the same
 * `clientId` resumes after what it acknowledged. A malformed message is logged with its topic and number.
 *
 * @example
 * const temps = cw.io.mqtt.read({ uri: 'mqtt://localhost', topic: 'sensors/+/temp', schema: Reading });
 */
export function read<TRow extends Row>(options: MqttReadOptions & { schema: Schema<TRow> }): Table<TRow>;
export function read(options: MqttReadOptions & { format: 'plaintext' }): Table<{ data: string }>;
export function read(options: MqttReadOptions & { format: 'raw' }): Table<{ data: Uint8Array }>;
export function read(options: MqttReadOptions & { schema?: Schema<any> }): Table<any> {
  const format = options.format ?? 'json';
  const topics = Array.isArray(options.topic) ? options.topic : [options.topic];
  const object = `topic "${topics.join('", "')}"`;
  const schema = messageSchema('mqtt', object, format, options.schema);
  if (options.persistentSession && !options.clientId)
    throw new ConnectorError('mqtt', object, 'a persistent session needs a clientId', 'set clientId');
  const decoder = new PayloadDecoder(format, schema, 'mqtt', object);
  const name = options.name ?? `mqtt(${topics.join(',')})`;
  return readSource(
    () =>
      new MqttSource({
        ...options,
        topics,
        qos: options.qos ?? 1,
        persistentSession: options.persistentSession ?? false,
        ackAfterCommit: options.ackAfterCommit ?? false,
        decoder,
      }),
    schema,
    // A JSON message is a JSON document: a string in a JSON column stays a string.
    { ...options, name, parser: { ...options.parser, jsonDocuments: format === 'json' } },
  );
}

/** Options of `mqtt.write`. */
export interface MqttWriteOptions extends MqttConnectionOptions, PayloadEncoding {
  /** The topic every message goes to. */
  topic: string;
  /** Publish QoS (default 1: each epoch waits for the broker's acknowledgements). */
  qos?: 0 | 1 | 2;
  /** Retained messages: the broker keeps the last one for new subscribers (default false). */
  retain?: boolean;
}

/**
 * Publishes every change of `table` to a topic, one message per row change: with `format: 'json'` (default) the
 * row with its `time` and `diff`; with `plaintext`/`raw` the `valueColumn` column alone.
 *
 * @example
 * cw.io.mqtt.write(alerts, { uri: 'mqtt://localhost', topic: 'alerts', qos: 1 });
 */
export function write(table: Table<any>, options: MqttWriteOptions): void {
  writeSink(table, new MqttSink({ ...options, qos: options.qos ?? 1, retain: options.retain ?? false }));
}
