// `cw.io`: the connector framework (Source/Sink contracts) and the connectors, one namespace per connector.

export type { Source, SourceContext, RowHandle, ReadMode, CommitOptions } from './source.js';
export type { Sink, EpochChanges } from './sink.js';
export { writeSink, nullSink } from './sink.js';
export { readSource, type ReadSourceOptions } from './read-source.js';
export { RecordParser, CoercionError, type RecordParserOptions } from './record-parser.js';
export { jsonFormatter, csvField, type ValueFormatter } from './format-value.js';
export { ConnectorError } from './connector-error.js';
export { subscribe } from '../table/run.js';
export * as custom from './custom/index.js';
export * as null from './null/index.js';
export * as fs from './fs/index.js';
export * as csv from './csv/index.js';
export * as jsonlines from './jsonlines/index.js';
export * as plaintext from './plaintext/index.js';
export * as http from './http/index.js';
export * as debezium from './debezium/index.js';
export * as kafka from './kafka/index.js';
export * as redpanda from './redpanda/index.js';
/** MinIO, S3-compatible (Pathway's `pw.io.minio`): `cw.io.minio.read(path, settings, { format, schema })`. */
export * as minio from './minio/index.js';
/** Logstash's HTTP input (Pathway's `pw.io.logstash`): `cw.io.logstash.write(table, 'http://localhost:8012')`. */
export * as logstash from './logstash/index.js';
/** Slack alerts (Pathway's `pw.io.slack`): `cw.io.slack.sendAlerts(t.c.message, channelId, token)`. */
export * as slack from './slack/index.js';
export * as parquet from './parquet/index.js';
export * as s3 from './s3/index.js';
export * as postgres from './postgres/index.js';
export * as mysql from './mysql/index.js';
export * as sqlite from './sqlite/index.js';
export * as nats from './nats/index.js';
export * as redis from './redis/index.js';
export * as mqtt from './mqtt/index.js';
export * as rabbitmq from './rabbitmq/index.js';
export { decodeMessage, MessageEncoder, MessageFormatError, type MessageFormat } from './message-format.js';
export type { SqlWriteOptions, SqlServerWriteOptions, SqlReconnectOptions } from './sql/sql-write-options.js';
