// PostgreSQL connections for the reader and the writer: connection settings, lazy loading of `pg`, a description of
// the server that never holds the password, the mapping of driver errors to `ConnectorError`s, and retry with backoff.

import type { Client, ClientConfig } from 'pg';
import { ConnectorError } from '../connector-error.js';
import { delay as sleep } from '../reconnect.js';
import { quoteDoubleQuoted } from '../sql/identifiers.js';
import { parseServerUrl } from '../sql/server-url.js';
import { SOCKET_ERROR_CODES } from '../sql/socket-errors.js';
import type { SqlReconnectOptions } from '../sql/sql-write-options.js';

/** Where the server is: a `postgres://user:password@host:port/db` URL, or `pg` client settings. */
export type PostgresConnection =
  | string
  | {
      host?: string;
      port?: number;
      user?: string;
      password?: string;
      database?: string;
      /** TLS settings, as `pg` takes them. */
      ssl?: ClientConfig['ssl'];
      /** Give up a connection attempt after this long (default 10 s). */
      connectTimeoutMs?: number;
    };

/** How a connector retries after the connection drops or cannot be opened (default 10 attempts, 100 ms doubling to 5 s). */
export type ReconnectOptions = SqlReconnectOptions;

/** The session settings every connection uses, so values print the same in COPY output and in replication. */
const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=iso_8601 -c extra_float_digits=3';

/** The `pg` module, loaded when a connector first runs (so `causeway` loads without it). */
export async function loadPg(): Promise<typeof import('pg')> {
  try {
    const m = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return m.default ?? m;
  } catch (e) {
    throw new ConnectorError('postgres', 'the "pg" package', 'is not installed', 'npm install pg', {
      cause: e,
    });
  }
}

/** Connection settings resolved once: the `pg` config, a printable target and the secret to redact. */
export class ConnectionSettings {
  /** `user@host:port/database`, for messages (never the password). */
  readonly target: string;
  /** The database name. */
  readonly database: string;
  private readonly secrets: string[];
  private readonly config: ClientConfig;

  /** Resolves `connection` (a URL or settings). */
  constructor(connection: PostgresConnection) {
    if (typeof connection === 'string') {
      const { url, host, port, user, password, database } = parseServerUrl('postgres', connection, {
        port: 5432,
        user: 'postgres',
        example: 'postgres://user:password@host:5432/database',
      });
      this.secrets = password ? [password, url.password] : [];
      this.config = {
        host,
        port,
        user,
        password,
        database: database || 'postgres',
        connectionTimeoutMillis: 10_000,
      };
      const ssl = url.searchParams.get('sslmode');
      if (ssl !== null && ssl !== 'disable') this.config.ssl = { rejectUnauthorized: ssl === 'verify-full' };
    } else {
      this.secrets = connection.password ? [connection.password] : [];
      this.config = {
        host: connection.host ?? '127.0.0.1',
        port: connection.port ?? 5432,
        user: connection.user ?? 'postgres',
        password: connection.password,
        database: connection.database ?? 'postgres',
        ssl: connection.ssl,
        connectionTimeoutMillis: connection.connectTimeoutMs ?? 10_000,
      };
    }
    this.database = this.config.database!;
    this.target = `${this.config.user}@${this.config.host}:${this.config.port}/${this.database}`;
  }

  /** A `pg` client config; `replication` opens a logical-replication (walsender) connection. */
  clientConfig(replication = false): ClientConfig {
    const c: ClientConfig & { replication?: string } = {
      ...this.config,
      options: SESSION_OPTIONS,
      application_name: 'causeway',
    };
    if (replication) c.replication = 'database';
    return c;
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (s.length > 0) out = out.split(s).join('***');
    return out;
  }

  /** Opens a client; a failure becomes a `ConnectorError` (see `describeError`). */
  async connect(replication = false): Promise<Client> {
    const pg = await loadPg();
    const client = new pg.Client(this.clientConfig(replication));
    // An error after connecting (the socket drops) is reported by the pending query; never crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (e) {
      void client.end().catch(() => undefined);
      throw this.describeError(e, `database ${this.target}`);
    }
    return client;
  }

  /** Maps a driver error to a `ConnectorError` about `object`, keeping transient errors retryable. */
  describeError(e: unknown, object: string): ConnectorError {
    if (e instanceof ConnectorError) return e;
    const err = e as { code?: string; message?: string };
    const code = err.code ?? '';
    const message = this.redact(String(err.message ?? e));
    let problem: string;
    let fix: string | undefined;
    if (code === '28P01' || code === '28000') {
      problem = `authentication failed (${message})`;
      fix = 'check the user and password in the connection settings';
    } else if (code === '3D000') {
      problem = `the database does not exist (${message})`;
      fix = `create database "${this.database}" or fix the connection settings`;
    } else if (code === '42P01') {
      problem = `does not exist (${message})`;
      fix = 'create it, or fix the table name';
    } else if (code === '42501') {
      problem = `permission denied (${message})`;
      fix =
        'grant the user the needed rights (SELECT, REPLICATION for streaming, INSERT/UPDATE/DELETE for writing)';
    } else if (isTransient(e)) {
      problem = `connection failed (${message})`;
      fix = `check that PostgreSQL runs at ${this.target.split('@')[1]}`;
    } else {
      problem = message;
    }
    const out = new ConnectorError('postgres', object, problem, fix);
    (out as { transient?: boolean }).transient = isTransient(e);
    (out as { sqlState?: string }).sqlState = code || undefined;
    return out;
  }
}

const TRANSIENT_CODES = new Set([
  ...SOCKET_ERROR_CODES,
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '55006', // object_in_use: the replication slot is still held by the connection that just dropped
  '53300', // too_many_connections
]);

/** Whether an error is worth retrying: the connection dropped or could not be opened, or the server is restarting. */
export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; message?: string; transient?: boolean } | undefined;
  if (err === undefined || err === null) return false;
  if (err.transient !== undefined) return err.transient;
  if (err.code !== undefined && (TRANSIENT_CODES.has(err.code) || err.code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout expired|socket hang up|Client has encountered a connection error|not queryable/i.test(
    String(err.message ?? ''),
  );
}

/** Backoff state: `next()` waits before the next attempt, or throws `last` once attempts are spent. */
export class Backoff {
  private attempt = 0;
  private readonly max: number;
  private readonly initial: number;
  private readonly cap: number;

  /** Creates the schedule from the options. */
  constructor(
    options: ReconnectOptions = {},
    private readonly signal?: AbortSignal,
  ) {
    this.max = options.maxAttempts ?? 10;
    this.initial = options.initialDelayMs ?? 100;
    this.cap = options.maxDelayMs ?? 5_000;
  }

  /** Forgets past failures (after a success). */
  reset(): void {
    this.attempt = 0;
  }

  /** Waits before retrying after `error`; rethrows it when it is permanent or attempts are spent. */
  async next(error: unknown): Promise<void> {
    if (!isTransient(error) || ++this.attempt >= this.max) throw error;
    const wait = Math.min(this.cap, this.initial * 2 ** (this.attempt - 1));
    await sleep(wait * (0.75 + Math.random() * 0.5), this.signal);
  }
}

/** A quoted identifier: `"orders"`, `"public"."orders"` from `public.orders`. */
export function quoteName(name: string): string {
  return splitName(name).map(quoteDoubleQuoted).join('.');
}

/** `public.orders` -> ['public', 'orders']; a name in double quotes keeps its dots. */
export function splitName(name: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^.]+)/g;
  for (let m = re.exec(name); m !== null; m = re.exec(name)) parts.push(m[1]?.replaceAll('""', '"') ?? m[2]!);
  return parts;
}

/** The name errors use: `public.orders` (schema `public` when none is given). */
export function displayName(name: string): string {
  const parts = splitName(name);
  return parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
}

/** A string literal: `'it''s'`. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
