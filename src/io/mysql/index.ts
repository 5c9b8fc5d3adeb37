// `cw.io.mysql`: MySQL/MariaDB tables as sources (static, or streaming through the binary log) and as sinks.

export { read, MysqlSource, type MysqlReadOptions } from './mysql-source.js';
export { write, MysqlSink, type MysqlWriteOptions } from './mysql-sink.js';
export type { MysqlConnectionOptions, MysqlConnectionInput, ReconnectOptions } from './mysql-connection.js';
