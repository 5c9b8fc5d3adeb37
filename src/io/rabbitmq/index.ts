// `cw.io.rabbitmq`: read a queue or a stream queue into a table, write a table's changes to an exchange
// (Pathway's `pw.io.rabbitmq`). Client: `amqplib` (optional peer dependency, loaded when a run starts).

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { messageSchema, PayloadDecoder, type PayloadEncoding } from '../message-format.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import { writeSink } from '../sink.js';
import type { ReconnectOptions } from '../reconnect.js';
import { RabbitmqSink } from './rabbitmq-sink.js';
import { RabbitmqSource, type StreamOffset } from './rabbitmq-source.js';

export type { ReconnectOptions } from '../reconnect.js';
export type { StreamOffset } from './rabbitmq-source.js';

/** How to reach the broker. */
export interface RabbitmqConnectionOptions {
  /** `amqp://user:password@host:5672/vhost` (the password never appears in names or messages). */
  uri: string;
  /** Reconnection with backoff when the connection drops (and for the first connection). */
  reconnect?: ReconnectOptions;
}

/** Options of `rabbitmq.read`. */
export interface RabbitmqReadOptions extends RabbitmqConnectionOptions, ReadSourceOptions {
  /** The queue (or stream queue) to read. */
  queue: string;
  /**
   * `json` (default): each message is a JSON object with the schema's fields; a negative `diff` field deletes by
   * primary key. `plaintext` / `raw`: each message is one row of a one-column schema (default `{ data }`).
   * `debezium`: each message is a Debezium change event (JSON, with or without the `schema`/`payload` envelope)
   * applied by the schema's primary key (required): create/read/update upsert `after`, delete removes `before`;
   * tombstones (empty messages) are skipped; a malformed event is logged and acknowledged with its unit.
   */
  format?: 'json' | 'plaintext' | 'raw' | 'debezium';
  /** Read a stream queue (`x-queue-type: stream`) from this offset instead of consuming a queue. */
  stream?: { offset?: StreamOffset };
  /** Unacknowledged messages the broker may send ahead (default 1,000): bounds memory and is the backpressure. */
  prefetch?: number;
  /** Declare the queue (durable; a stream when `stream` is set) when it does not exist (default false). */
  createQueue?: boolean;
}

/**
 * Reads a RabbitMQ queue or stream queue.
 *
 * Queues: messages are acknowledged only after the pipeline committed them, so a crash or a dropped connection
 * loses nothing: unacknowledged messages are delivered again, and the reader skips a redelivered copy of one it
 * had already committed. A restarted program resumes after the last acknowledged message. Static mode reads the
 * messages the queue holds when the run starts. A malformed message is logged (`ctx.error`, with its messageId
 * or delivery number) and acknowledged, so it does not come back forever.
 * Streams: read from `stream.offset` (`first`, `last`, `next` (default), a numeric offset or a Date); after a
 * dropped connection the reader resumes at the offset after the last committed message.
 *
 * @example
 * const orders = cw.io.rabbitmq.read({ uri: 'amqp://guest:guest@localhost', queue: 'orders', schema: Order });
 */
export function read<TRow extends Row>(options: RabbitmqReadOptions & { schema: Schema<TRow> }): Table<TRow>;
export function read(options: RabbitmqReadOptions & { format: 'plaintext' }): Table<{ data: string }>;
export function read(options: RabbitmqReadOptions & { format: 'raw' }): Table<{ data: Uint8Array }>;
export function read(options: RabbitmqReadOptions & { schema?: Schema<any> }): Table<any> {
  const format = options.format ?? 'json';
  const object = `queue "${options.queue}"`;
  const schema = messageSchema('rabbitmq', object, format, options.schema);
  const decoder = new PayloadDecoder(format, schema, 'rabbitmq', object);
  const prefetch = Math.max(1, options.prefetch ?? 1_000);
  const sealRows = Math.max(1, Math.min(Math.floor(prefetch / 2), options.maxBatchRows ?? Infinity));
  const name = options.name ?? `rabbitmq(${options.queue})`;
  return readSource(
    () =>
      new RabbitmqSource({
        uri: options.uri,
        queue: options.queue,
        streamOffset: options.stream ? (options.stream.offset ?? 'next') : undefined,
        prefetch,
        createQueue: options.createQueue ?? false,
        commitEveryMs: Math.max(1, options.autocommitDurationMs ?? 100),
        sealRows,
        reconnect: options.reconnect ?? {},
        decoder,
      }),
    schema,
    // A JSON message is a JSON document: a string in a JSON column stays a string.
    { ...options, name, parser: { ...options.parser, jsonDocuments: format === 'json' } },
  );
}

/** Options of `rabbitmq.write`. */
export interface RabbitmqWriteOptions extends RabbitmqConnectionOptions, PayloadEncoding {
  /** The exchange to publish to (default `''`, the default exchange: the routing key names a queue). */
  exchange?: string;
  /** The routing key of every message. */
  routingKey: string;
  /** Persistent messages (delivery mode 2, default true): they survive a broker restart in durable queues. */
  persistent?: boolean;
  /** Fail the run when a message is routed to no queue (default true) instead of losing it silently. */
  mandatory?: boolean;
}

/**
 * Publishes every change of `table` to an exchange, one message per row change: with `format: 'json'` (default)
 * the row with its `time` and `diff`; with `plaintext`/`raw` the `valueColumn` column alone. Each epoch waits for the
 * broker's publisher confirms (at-least-once; messageId `<time>-<n>` identifies a copy resent after a drop).
 *
 * @example
 * cw.io.rabbitmq.write(totals, { uri: 'amqp://guest:guest@localhost', exchange: 'totals', routingKey: 'all' });
 */
export function write(table: Table<any>, options: RabbitmqWriteOptions): void {
  writeSink(
    table,
    new RabbitmqSink({
      ...options,
      exchange: options.exchange ?? '',
      persistent: options.persistent ?? true,
      mandatory: options.mandatory ?? true,
      reconnect: options.reconnect ?? {},
    }),
  );
}
