// The options every SQL writer (PostgreSQL, MySQL/MariaDB, SQLite) shares: the target table, the output table type,
// the snapshot key, how the table is initialised and a name; each dialect adds where its database is.

/** `changeStream`: every change with `time` and `diff` columns; `snapshot`: the current rows. */
export type OutputTableType = 'changeStream' | 'snapshot';

/** `default`: the table must exist; `createIfNotExists`: create it from the schema; `replace`: drop and create. */
export type InitMode = 'default' | 'createIfNotExists' | 'replace';

/** Reconnection after a dropped connection or an unreachable server: exponential backoff, then give up. */
export interface SqlReconnectOptions {
  /** Attempts before the error ends the run, the first one included (default 10; Infinity to keep trying). */
  maxAttempts?: number;
  /** First delay in ms, doubled after each failure (default: the connector's). */
  initialDelayMs?: number;
  /** Longest delay in ms (default: the connector's). */
  maxDelayMs?: number;
}

/** Options shared by `postgres.write`, `mysql.write` and `sqlite.write`. */
export interface SqlWriteOptions {
  /** The destination table. */
  tableName: string;
  /** `changeStream` (default): every change with `time` and `diff`; `snapshot`: the current rows. */
  outputTableType?: OutputTableType;
  /** Key columns of a snapshot (required for `snapshot`): the table needs a PRIMARY KEY or UNIQUE index on them. */
  primaryKey?: readonly string[];
  /** `default`: the table must exist; `createIfNotExists`: create it from the schema; `replace`: drop and create. */
  initMode?: InitMode;
  /** A name for error messages. */
  name?: string;
}

/** Options of the SQL writers that talk to a server: multi-row statements and reconnection. */
export interface SqlServerWriteOptions extends SqlWriteOptions {
  /** Rows per multi-row statement (default: the connector's). */
  maxBatchSize?: number;
  /** Reconnection policy. */
  reconnect?: SqlReconnectOptions;
}
