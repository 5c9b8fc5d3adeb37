// `kafka.write`: each change of a table as a Kafka message (key from the primary key or the row id, `time` and
// `diff` as headers and, in json format, as fields), one `send` per epoch.

import { keyToString } from '../../engine/key.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { MessageEncoder, type MessageEncoderOptions } from '../message-format.js';
import { writeSink } from '../sink.js';
import {
  kafkajsClient,
  type KafkaClientLike,
  type KafkaConnection,
  type KafkaMessageOut,
  type KafkaProducerLike,
} from './kafka-client.js';

/** Options of `kafka.write`. */
export interface KafkaWriteOptions extends MessageEncoderOptions {
  connection?: KafkaConnection;
  /** A client to use instead of kafkajs (tests). */
  client?: KafkaClientLike;
  /** Topic to write to. */
  topic: string;
  /** Columns whose values make the message key (default: the row id, which is the primary key's hash). */
  keyColumns?: string[];
}

/** Writes every change of `table` to a Kafka topic. */
export function write(table: Table<any>, options: KafkaWriteOptions): void {
  let producer: KafkaProducerLike | undefined;
  let encoder: MessageEncoder;
  let keyIdx: number[] = [];
  const object = `topic ${options.topic}`;
  writeSink(table, {
    name: `kafka(${options.topic})`,
    async open(columns, dtypes) {
      encoder = new MessageEncoder('kafka', columns, dtypes, options);
      const keys = options.keyColumns ?? [];
      keyIdx = keys.map((k) => {
        const i = columns.indexOf(k);
        if (i < 0)
          throw new ConnectorError(
            'kafka',
            object,
            `no column "${k}" for the message key`,
            `use one of ${columns.join(', ')}`,
          );
        return i;
      });
      const client = options.client ?? (await kafkajsClient(options.connection ?? { brokers: [] }));
      producer = client.producer({ idempotent: true });
      await producer.connect();
    },
    async write({ time, keys, rows, diffs }) {
      const messages: KafkaMessageOut[] = new Array<KafkaMessageOut>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const diff = diffs[i]!;
        const key =
          keyIdx.length === 0
            ? keyToString(keys[i]!)
            : keyIdx.length === 1
              ? String(row[keyIdx[0]!])
              : JSON.stringify(keyIdx.map((j) => row[j]));
        const value = encoder.encode(row, time, diff);
        messages[i] = {
          key,
          value: typeof value === 'string' ? value : Buffer.from(value),
          headers: { time: String(time), diff: String(diff) },
        };
      }
      try {
        await producer!.send({ topic: options.topic, messages });
      } catch (e) {
        throw new ConnectorError(
          'kafka',
          object,
          `cannot send: ${(e as Error).message}`,
          'check the brokers and the topic',
          {
            cause: e,
          },
        );
      }
    },
    async close() {
      await producer?.disconnect();
    },
  });
}
