// `kafka.read`: a table from Kafka topics through a consumer group. Offsets are committed to Kafka only after the
// pipeline committed the epoch holding those messages, so a restarted reader resumes without loss or repeats.
//
// State: per partition, a queue of (sequence, offset) marks since the last acknowledgement; `ctx.setPosition(seq)`
// after every message, so each epoch's commit acknowledges exactly the offsets whose rows it carried.

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { applyDebezium } from '../debezium/debezium-format.js';
import { decodeMessage, messageSchema, MessageFormatError, type MessageFormat } from '../message-format.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import type { SourceContext } from '../source.js';
import { kafkajsClient, type KafkaClientLike, type KafkaConnection } from './kafka-client.js';

/** Options of `kafka.read`. */
export interface KafkaReadOptions<TRow extends Row> extends ReadSourceOptions {
  /** Brokers and credentials (ignored when `client` is given). */
  connection?: KafkaConnection;
  /** A client to use instead of kafkajs (tests: `new FakeKafka().client()`). */
  client?: KafkaClientLike;
  /** Topics to read. */
  topics: string[];
  /** Consumer group: its committed offsets are where a restarted reader resumes. */
  groupId: string;
  /** Where a group without committed offsets starts: earliest, latest (default) or a timestamp (ms). */
  startFrom?: 'earliest' | 'latest' | { timestamp: number };
  /** json (default), plaintext (`data` column), raw (`data` bytes) or debezium (change events). */
  format?: MessageFormat | 'debezium';
  /** Row schema (json and debezium need one). */
  schema?: Schema<TRow>;
}

/**
 * Reads Kafka topics into a table. Messages are insertions: without a primary key in the schema (and not Debezium)
 * every message is a new row, so the table is append-only (as Pathway's native Kafka sessions); with one, a message
 * replaces the row of its key.
 */
export function read<TRow extends Row>(options: KafkaReadOptions<TRow>): Table<TRow> {
  const format = options.format ?? 'json';
  const object = `topics ${options.topics.join(', ')}`;
  const schema = messageSchema('kafka', object, format, options.schema);
  const name = options.name ?? `kafka(${options.topics.join(',')})`;
  return readSource(() => ({ name, run: (ctx) => consume(ctx, options, format) }), schema, {
    ...options,
    name,
    appendOnly: options.appendOnly ?? (format !== 'debezium' && schema.primaryKey.length === 0),
  });
}

async function consume<TRow extends Row>(
  ctx: SourceContext,
  options: KafkaReadOptions<TRow>,
  format: MessageFormat | 'debezium',
): Promise<void> {
  const client = options.client ?? (await kafkajsClient(options.connection ?? { brokers: [] }));
  const object = `topics ${options.topics.join(', ')}`;
  const consumer = client.consumer({ groupId: options.groupId });
  const marks = new Map<string, number[]>(); // "topic/partition" -> [seq, offset, seq, offset, ...]
  let seq = 0;
  ctx.onCommitted(async (position) => {
    const upTo = position as number;
    const offsets: { topic: string; partition: number; offset: string }[] = [];
    for (const [tp, list] of marks) {
      let last = -1;
      let i = 0;
      while (i < list.length && list[i]! <= upTo) {
        last = list[i + 1]!;
        i += 2;
      }
      if (last < 0) continue;
      list.splice(0, i);
      const slash = tp.lastIndexOf('/');
      offsets.push({
        topic: tp.slice(0, slash),
        partition: Number(tp.slice(slash + 1)),
        offset: String(last + 1),
      });
    }
    if (offsets.length > 0) await consumer.commitOffsets(offsets);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.startFrom === 'earliest' });
  } catch (e) {
    throw new ConnectorError(
      'kafka',
      object,
      `cannot subscribe: ${(e as Error).message}`,
      'check the brokers and that the topics exist',
      {
        cause: e,
      },
    );
  }
  const stopped = new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      if (ctx.signal.aborted) return;
      const position = `${topic}[${partition}]@${message.offset}`;
      const value = message.value;
      if (format === 'debezium') applyDebezium(ctx, value, position);
      else if (value === null) ctx.error(position, 'empty message (tombstone) in a non-Debezium topic');
      else {
        try {
          const record = decodeMessage(value, format);
          if (format !== 'json' && message.key !== null)
            (record as Record<string, unknown>).key = message.key.toString('utf8');
          ctx.insert(record, position);
        } catch (e) {
          if (!(e instanceof MessageFormatError)) throw e;
          ctx.error(position, e.message);
        }
      }
      const tp = `${topic}/${partition}`;
      let list = marks.get(tp);
      if (list === undefined) marks.set(tp, (list = []));
      list.push(++seq, Number(message.offset));
      ctx.setPosition(seq);
      const wait = ctx.backpressure();
      if (wait) await wait;
    },
  });
  if (typeof options.startFrom === 'object') {
    const admin = client.admin();
    await admin.connect();
    try {
      for (const topic of options.topics)
        for (const o of await admin.fetchTopicOffsetsByTimestamp(topic, options.startFrom.timestamp))
          consumer.seek({ topic, partition: o.partition, offset: o.offset });
    } finally {
      await admin.disconnect();
    }
  }
  if (ctx.mode === 'static') {
    // Static mode reads what the topics hold now: wait until the consumer is idle for a moment.
    let last = -1;
    while (!ctx.signal.aborted && last !== seq) {
      last = seq;
      await new Promise((r) => setTimeout(r, 200));
    }
  } else {
    await stopped;
  }
  await ctx.commit();
  await consumer.disconnect();
}
