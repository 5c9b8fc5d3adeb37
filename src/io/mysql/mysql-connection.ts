// Connecting to MySQL/MariaDB: connection options, the mysql2 config they become, retry with backoff for transient
// failures, and the translation of server errors into `ConnectorError`s that name the object and the fix.

import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { ConnectorError } from '../connector-error.js';
import { delay } from '../reconnect.js';
import { parseServerUrl } from '../sql/server-url.js';
import { SOCKET_ERROR_CODES } from '../sql/socket-errors.js';
import { quoteBackticked } from '../sql/identifiers.js';
import type { SqlReconnectOptions } from '../sql/sql-write-options.js';

/** Where the server is and how to log in (the password never appears in messages). */
export interface MysqlConnectionOptions {
  /** Host name (default `127.0.0.1`). */
  host?: string;
  /** Port (default 3306). */
  port?: number;
  /** User (default `root`). */
  user?: string;
  /** Password (default none). */
  password?: string;
  /** The database (schema) holding the table. */
  database: string;
  /** Connect timeout in ms (default 10 s). */
  connectTimeoutMs?: number;
}

/** Reconnection after a dropped connection or an unreachable server (default 10 attempts, 200 ms doubling to 10 s). */
export type ReconnectOptions = SqlReconnectOptions;

/** A connection given as options or as a URL `mysql://user:password@host:port/database`. */
export type MysqlConnectionInput = MysqlConnectionOptions | string;

/** Parsed connection settings. */
export interface ResolvedConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  readonly connectTimeoutMs: number;
}

/** Parses the connection settings (a URL or options). */
export function resolveConnection(input: MysqlConnectionInput): ResolvedConnection {
  if (typeof input === 'string') {
    const u = parseServerUrl('mysql', input, {
      port: 3306,
      user: 'root',
      example: 'mysql://user:password@host:3306/db',
    });
    if (!u.database)
      throw new ConnectorError('mysql', 'connection string', 'names no database', 'end it with /<database>');
    const { host, port, user, password, database } = u;
    return { host, port, user, password, database, connectTimeoutMs: 10_000 };
  }
  return {
    host: input.host ?? '127.0.0.1',
    port: input.port ?? 3306,
    user: input.user ?? 'root',
    password: input.password,
    database: input.database,
    connectTimeoutMs: input.connectTimeoutMs ?? 10_000,
  };
}

/** The mysql2 options of a connection: date-times as text (no local time-zone shifts), exact big integers. */
export function mysql2Config(c: ResolvedConnection): ConnectionOptions {
  return {
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    connectTimeout: c.connectTimeoutMs,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4',
    timezone: 'Z',
    // JSON columns as their text: parsed by the reader, so a JSON null is not taken for SQL NULL and a JSON string
    // is not parsed a second time.
    jsonStrings: true,
  };
}

/** `127.0.0.1:3306` (never the password). */
export function serverName(c: ResolvedConnection): string {
  return `server ${c.host}:${c.port} as user "${c.user}"`;
}

interface SqlError {
  code?: string;
  errno?: number;
  fatal?: boolean;
  sqlMessage?: string;
  message?: string;
}

const TRANSIENT_CODES = new Set([
  ...SOCKET_ERROR_CODES,
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CONNECTION_KILLED',
  'ER_NET_READ_INTERRUPTED',
  'ER_NET_WRITE_INTERRUPTED',
]);

/** Whether an error may go away by reconnecting (a dropped connection, a restarting server, a deadlock). */
export function isTransient(e: unknown): boolean {
  if (e instanceof ConnectorError) return false;
  const err = e as SqlError;
  if (err.code !== undefined && TRANSIENT_CODES.has(err.code)) return true;
  // Fatal protocol errors other than refused logins are connection losses.
  return err.fatal === true && err.errno !== 1045 && err.errno !== 1044 && err.errno !== 1049;
}

/** Translates a server error about `object` (`table "test.orders"`) into a ConnectorError naming the fix. */
export function toConnectorError(e: unknown, c: ResolvedConnection, object: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as SqlError;
  const text = err.sqlMessage ?? err.message ?? String(e);
  const opts = { cause: e };
  switch (err.errno) {
    case 1045:
      return new ConnectorError('mysql', serverName(c), 'access denied', 'check the user and password', opts);
    case 1044:
      return new ConnectorError(
        'mysql',
        `database "${c.database}"`,
        `access denied for user "${c.user}"`,
        'GRANT the user access to it',
        opts,
      );
    case 1049:
      return new ConnectorError(
        'mysql',
        `database "${c.database}"`,
        'does not exist',
        'create it or fix `database`',
        opts,
      );
    case 1146:
      return new ConnectorError(
        'mysql',
        object,
        'does not exist',
        "create it, or set initMode: 'createIfNotExists' when writing",
        opts,
      );
    case 1054:
      return new ConnectorError('mysql', object, text, 'make the schema match the table columns', opts);
    case 1153:
      return new ConnectorError(
        'mysql',
        object,
        `a row is larger than the server's max_allowed_packet (${text})`,
        'raise it, e.g. SET GLOBAL max_allowed_packet = 256 * 1024 * 1024',
        opts,
      );
    case 1227:
    case 1142:
      return new ConnectorError('mysql', object, text, 'GRANT the missing privilege to the user', opts);
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH')
    return new ConnectorError(
      'mysql',
      serverName(c),
      `unreachable (${err.code})`,
      'check host and port, and that the server runs',
      opts,
    );
  return new ConnectorError('mysql', object, `${err.code ?? 'error'}: ${text}`, undefined, opts);
}

/**
 * Runs `attempt` until it succeeds, retrying transient failures with exponential backoff; a permanent failure,
 * or a transient one after `maxAttempts` attempts, is thrown as a ConnectorError.
 */
export async function withRetry<T>(
  reconnect: ReconnectOptions | undefined,
  c: ResolvedConnection,
  object: string,
  attempt: (n: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const maxRetries = (reconnect?.maxAttempts ?? 10) - 1;
  let wait = reconnect?.initialDelayMs ?? 200;
  const maxDelay = reconnect?.maxDelayMs ?? 10_000;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (!isTransient(e) || n >= maxRetries || signal?.aborted) throw toConnectorError(e, c, object);
      await delay(wait, signal);
      wait = Math.min(maxDelay, wait * 2);
    }
  }
}

/** Opens a connection (mysql2 is loaded on first use); errors of a dropped connection are observed, not thrown. */
export async function connect(c: ResolvedConnection): Promise<Connection> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection(mysql2Config(c));
  // A connection lost while idle emits 'error'; the next query fails and is retried, so nothing to do here.
  conn.on('error', () => undefined);
  return conn;
}

/** Quotes an identifier: `name` with backticks doubled. */
export const quoteId = quoteBackticked;
