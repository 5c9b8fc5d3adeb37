// `cw.io.redis`: read a Redis Stream through a consumer group (XACK after commit), write a change log to a stream or a
// snapshot to hashes keyed by primary key.

import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { messageSchema } from '../message-format.js';
import { readSource } from '../read-source.js';
import { writeSink } from '../sink.js';
import type { CommitOptions } from '../source.js';
import { RedisSink, type RedisSinkOptions } from './redis-sink.js';
import { RedisSource, type RedisSourceOptions } from './redis-source.js';

export type { RedisConnectionOptions } from './redis-connection.js';
export { RedisSource, type RedisSourceOptions, type RedisStreamFormat } from './redis-source.js';
export { RedisSink, type RedisSinkOptions } from './redis-sink.js';

/** Options of `redis.read`: the stream and group, the entry format and schema, and how records become epochs. */
export interface RedisReadOptions<TRow extends Row = Row> extends RedisSourceOptions, CommitOptions {
  /**
   * The rows' schema (required for fields/json; debezium needs one with a primary key; plaintext/raw default to one
   * `data` column).
   */
  schema?: Schema<TRow>;
}

/**
 * The table of a Redis Stream's entries, read through a consumer group: entries are acknowledged (XACK) only after
 * the epoch holding them committed, and a restarted reader first re-reads its own pending entries (at-least-once,
 * nothing acked is read again). An entry with field `diff` = `-1` deletes the row with its primary key. With
 * `format: 'debezium'` each entry's `value` field (see `field`) is a Debezium change event applied by the schema's
 * primary key (required); tombstones are skipped. Malformed entries go to the error log (position: stream + entry
 * id) and are acked.
 *
 * @example
 * const orders = cw.io.redis.read({ url: 'redis://localhost:6379', stream: 'orders', group: 'totals', schema });
 */
export function read<TRow extends Row>(
  options: RedisReadOptions<TRow> & { schema: Schema<TRow> },
): Table<TRow>;
/** Plaintext payloads (field `data`) as one `data: STR` column. */
export function read(options: RedisReadOptions & { format: 'plaintext' }): Table<{ data: string }>;
/** Raw payloads (field `data`) as one `data: BYTES` column. */
export function read(options: RedisReadOptions & { format: 'raw' }): Table<{ data: Uint8Array }>;
export function read(options: RedisReadOptions<any>): Table<any> {
  const format = options.format ?? 'fields';
  const schema = messageSchema(
    'redis',
    `stream "${options.stream}"`,
    format === 'fields' ? 'json' : format,
    options.schema,
  );
  return readSource(() => new RedisSource(options, schema), schema, options);
}

/**
 * Writes `table` to Redis: with `stream`, every change is appended (fields: the columns, `time`, `diff`); with
 * `keyPrefix`, the current rows are kept as hashes `<keyPrefix><key>` (HSET on insert/update, DEL on retraction).
 * Each epoch is one MULTI/EXEC transaction.
 */
export function write(table: Table<any>, options: RedisSinkOptions): void {
  writeSink(table, new RedisSink(options));
}
