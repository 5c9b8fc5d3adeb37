// `cw.io.postgres`: read a PostgreSQL table (COPY snapshot; CDC through logical replication) and write tables to it.

export { read, type PostgresReadOptions } from './read.js';
export { write, type PostgresWriteOptions } from './write.js';
export type { PostgresConnection, ReconnectOptions } from './connection.js';
