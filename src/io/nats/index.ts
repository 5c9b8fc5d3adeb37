// `cw.io.nats`: read a JetStream stream (durable consumer, acked after commit) or a core subject; write a table's
// changes as messages with `time` / `diff` headers (Pathway's `pw.io.nats`).

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { messageSchema } from '../message-format.js';
import { readSource } from '../read-source.js';
import { writeSink } from '../sink.js';
import type { CommitOptions } from '../source.js';
import { NatsSink, type NatsSinkOptions } from './nats-sink.js';
import { NatsSource, type NatsSourceOptions } from './nats-source.js';

export type { NatsConnectionOptions } from './nats-connection.js';
export { NatsSource, type NatsSourceOptions } from './nats-source.js';
export { NatsSink, type NatsSinkOptions } from './nats-sink.js';

/** Options of `nats.read`: where to read, the payload format and schema, and how records become epochs. */
export interface NatsReadOptions<TRow extends Row = Row> extends NatsSourceOptions, CommitOptions {
  /** The rows' schema (required for json; plaintext/raw default to one `data` column). */
  schema?: Schema<TRow>;
}

/**
 * The table of the messages of a JetStream stream (with `stream`: a durable consumer, acknowledged only after the
 * epoch holding a message committed, resumed after the last ack on restart; at-least-once) or of a core subject
 * (without `stream`: no persistence, messages sent while no reader runs are lost; at-most-once).
 * A message with header `diff: -1` deletes the row with its primary key. With `format: 'debezium'` each payload is a
 * Debezium change event applied by the schema's primary key (required). Malformed messages go to the error log
 * (position: stream + sequence, or subject + count) and are acked, so they are not redelivered.
 *
 * @example
 * const orders = cw.io.nats.read({ servers: 'localhost:4222', stream: 'ORDERS', durableName: 'totals', schema });
 */
export function read<TRow extends Row>(
  options: NatsReadOptions<TRow> & { schema: Schema<TRow> },
): Table<TRow>;
/** Plaintext messages as one `data: STR` column. */
export function read(options: NatsReadOptions & { format: 'plaintext' }): Table<{ data: string }>;
/** Raw messages as one `data: BYTES` column. */
export function read(options: NatsReadOptions & { format: 'raw' }): Table<{ data: Uint8Array }>;
export function read(options: NatsReadOptions<any>): Table<any> {
  const object = options.stream !== undefined ? `stream "${options.stream}"` : `subject "${options.subject}"`;
  const schema = messageSchema('nats', object, options.format ?? 'json', options.schema);
  return readSource(() => new NatsSource(options, schema), schema, options);
}

/**
 * Publishes every change of `table` on `options.subject`: headers `time` and `diff`, the payload the row as JSON
 * (with `time` and `diff`), or one column's text (plaintext) or bytes (raw).
 */
export function write(table: Table<any>, options: NatsSinkOptions): void {
  writeSink(table, new NatsSink(options));
}
