// `cw.io.sqlite`: SQLite tables as sources (static, or streaming by polling) and as sinks.

export { read, SqliteSource, type SqliteReadOptions } from './sqlite-source.js';
export { write, SqliteSink, type SqliteWriteOptions } from './sqlite-sink.js';
