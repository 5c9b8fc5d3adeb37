// `postgres.write`: a table's changes into a PostgreSQL table, one transaction per epoch. Output table type
// `changeStream` appends every change with `time` and `diff` columns; `snapshot` keeps the current rows (upsert on
// the primary key with INSERT ... ON CONFLICT, delete on retraction). Statements are multi-row; a dropped connection
// is reopened with backoff and the epoch's transaction retried whole.

import type { Client } from 'pg';
import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';
import { ChangeBatcher, SnapshotBatcher, type SqlDialect } from '../sql/epoch-statements.js';
import { quoteDoubleQuoted } from '../sql/identifiers.js';
import { checkSinkColumns, createTableSql, onConflictUpsert, outputTableType } from '../sql/sink-table.js';
import type { SqlServerWriteOptions } from '../sql/sql-write-options.js';
import {
  Backoff,
  ConnectionSettings,
  displayName,
  isTransient,
  quoteName,
  type PostgresConnection,
  type ReconnectOptions,
} from './connection.js';
import { paramConverter, sqlType } from './sql-types.js';

/** Options of `postgres.write`. */
export interface PostgresWriteOptions extends SqlServerWriteOptions {
  /** The server (a URL or settings); the password never appears in messages. */
  connection: PostgresConnection;
  /** The target table, `totals` or `schema.totals`. */
  tableName: string;
  /** Rows per multi-row statement (default: as many as 65,535 parameters allow, at most 4,096). */
  maxBatchSize?: number;
  /** Retries after the connection drops (default 10 attempts, 100 ms doubling to 5 s). */
  reconnect?: ReconnectOptions;
  /** A name for error messages (default `postgres(<tableName>)`). */
  name?: string;
}

/** PostgreSQL's statements: `$n` placeholders, ON CONFLICT upserts, batches bounded by 65,535 parameters. */
function postgresDialect(maxBatchSize: number | undefined): SqlDialect {
  return {
    quoteId: quoteDoubleQuoted,
    placeholder: (n) => `$${n}`,
    upsertClause: onConflictUpsert,
    rowsPerStatement: (width) => Math.max(1, Math.min(maxBatchSize ?? 4096, Math.floor(65_535 / width))),
    // A diff of ±n is n changes, as Pathway writes them.
    expandDiffs: true,
  };
}

/**
 * Writes `table`'s changes to PostgreSQL (Pathway's `pw.io.postgres.write`).
 *
 * @example
 * cw.io.postgres.write(totals, { connection: 'postgres://app@db/shop', tableName: 'totals',
 *   outputTableType: 'snapshot', primaryKey: ['owner'], initMode: 'createIfNotExists' });
 */
export function write(table: Table<any>, options: PostgresWriteOptions): void {
  writeSink(table, new PostgresSink(options));
}

/** The sink of one run. */
class PostgresSink implements Sink {
  readonly name: string;
  private readonly settings: ConnectionSettings;
  private readonly object: string;
  private readonly target: string;
  private readonly snapshot: boolean;
  private client: Client | undefined;
  private columns: readonly string[] = [];
  private pk: number[] = [];
  private batcher: ChangeBatcher | SnapshotBatcher | undefined;

  constructor(private readonly o: PostgresWriteOptions) {
    this.settings = new ConnectionSettings(o.connection);
    this.object = `table ${displayName(o.tableName)}`;
    this.target = quoteName(o.tableName);
    this.name = o.name ?? `postgres(${displayName(o.tableName)})`;
    this.snapshot = outputTableType('postgres', this.object, o) === 'snapshot';
  }

  /** Checks the table's columns against the options (key columns, `time`/`diff` clashes); returns the key positions. */
  check(columns: readonly string[], dtypes: readonly DType[]): number[] {
    // Identifiers are quoted, so PostgreSQL tells `Time` from `time`: only the exact names clash.
    const mode = this.snapshot ? 'snapshot' : 'changeStream';
    return checkSinkColumns('postgres', this.object, mode, this.o, columns, dtypes, false);
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.columns = columns;
    this.pk = this.check(columns, dtypes);
    const init = this.o.initMode ?? 'default';
    const create = createTableSql({
      target: this.target,
      columns,
      types: dtypes.map(sqlType),
      mode: this.snapshot ? 'snapshot' : 'changeStream',
      pkIndex: this.pk,
      quoteId: quoteDoubleQuoted,
      timeType: 'BIGINT',
      diffType: 'SMALLINT',
    });
    // The table's column types: a duration is written as the column expects it (INTERVAL, BIGINT microseconds, TIME).
    const columnTypes = new Map<string, number>();
    await this.withRetry(async (c) => {
      if (init === 'replace') await c.query(`DROP TABLE IF EXISTS ${this.target}`);
      if (init !== 'default') await c.query(create);
      const probe = await c.query(`SELECT * FROM ${this.target} LIMIT 0`);
      for (const f of probe.fields) columnTypes.set(f.name, f.dataTypeID);
    }, "create it, or set initMode: 'createIfNotExists'");
    const toSql = dtypes.map((d, i) => paramConverter(d, columnTypes.get(columns[i]!)));
    const target = { target: this.target, columns, toSql };
    const dialect = postgresDialect(this.o.maxBatchSize);
    this.batcher = this.snapshot
      ? new SnapshotBatcher(dialect, target, this.pk)
      : new ChangeBatcher(dialect, target);
  }

  /** Runs `fn` on an open connection, reconnecting with backoff when the connection drops. */
  private async withRetry(fn: (c: Client) => Promise<void>, fix?: string): Promise<void> {
    const backoff = new Backoff(this.o.reconnect);
    for (;;) {
      try {
        this.client ??= await this.settings.connect();
        await fn(this.client);
        return;
      } catch (e) {
        const err = this.settings.describeError(e, this.object);
        const code = (e as { code?: string }).code;
        if (fix && code === '42P01') throw this.missingTable(e, fix);
        if (code === '42P10') throw this.missingKeyIndex();
        if (this.client && isTransient(e)) {
          void this.client.end().catch(() => undefined);
          this.client = undefined;
        } else if (this.client) await this.client.query('ROLLBACK').catch(() => undefined);
        await backoff.next(err);
      }
    }
  }

  /** ON CONFLICT needs a unique index on the key: without one, a snapshot cannot upsert. */
  private missingKeyIndex(): ConnectorError {
    const key = this.pk.map((i) => this.columns[i]!).join(', ');
    return new ConnectorError(
      'postgres',
      this.object,
      `has no PRIMARY KEY or UNIQUE index on (${key})`,
      'add one (ALTER TABLE ... ADD PRIMARY KEY), or let initMode create the table',
    );
  }

  private missingTable(e: unknown, fix: string): ConnectorError {
    const message = this.settings.redact(String((e as Error).message));
    return new ConnectorError('postgres', this.object, `does not exist (${message})`, fix);
  }

  async write(changes: EpochChanges): Promise<void> {
    const statements = this.batcher!.statements(changes);
    if (statements.length === 0) return;
    await this.withRetry(async (c) => {
      await c.query('BEGIN');
      for (const { sql, params } of statements) await c.query(sql, params);
      await c.query('COMMIT');
    });
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
