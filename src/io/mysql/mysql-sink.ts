// The MySQL/MariaDB writer (Pathway's `pw.io.mysql.write`): a change stream (rows + `time` + `diff`) or a snapshot
// (upsert on the primary key, delete on retraction); each epoch is one transaction of batched multi-row statements.
//
// Algorithm: an epoch's changes become SQL text + parameters once; a transaction runs them on the connection, which
// is reopened with backoff after a drop. A failure before COMMIT was sent is rolled back by the server, so the epoch
// is simply redone; a failure during COMMIT is ambiguous, so a change stream first checks whether rows of the epoch's
// `time` exist (snapshot statements are idempotent and are just redone).
// Invariants: epochs are written in order, each whole or not at all.

import type { Connection } from 'mysql2/promise';
import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';
import {
  ChangeBatcher,
  SnapshotBatcher,
  type SqlDialect,
  type SqlStatement,
} from '../sql/epoch-statements.js';
import { checkSinkColumns, createTableSql, outputTableType } from '../sql/sink-table.js';
import type { OutputTableType, SqlServerWriteOptions } from '../sql/sql-write-options.js';
import {
  connect,
  quoteId,
  resolveConnection,
  withRetry,
  type MysqlConnectionInput,
  type ReconnectOptions,
  type ResolvedConnection,
} from './mysql-connection.js';
import { mysqlColumnType, toSqlOf } from './mysql-values.js';

/** MySQL's statements: `?` placeholders, backticks, ON DUPLICATE KEY UPDATE, a fixed number of rows each. */
function mysqlDialect(rows: number): SqlDialect {
  return {
    quoteId,
    placeholder: () => '?',
    // With no column besides the key, a no-op assignment keeps the row.
    upsertClause: (pkCols, others) =>
      `ON DUPLICATE KEY UPDATE ${(others.length > 0 ? others : [pkCols[0]!]).map((c) => `${c} = VALUES(${c})`).join(', ')}`,
    rowsPerStatement: () => rows,
    // A statement is one packet: stay well under max_allowed_packet (4 MiB on MySQL 5.7, 16 MiB on MariaDB).
    maxStatementBytes: 1 << 20,
    expandDiffs: false,
  };
}

/** Options of `mysql.write`. */
export interface MysqlWriteOptions extends SqlServerWriteOptions {
  /** The server and database. */
  connection: MysqlConnectionInput;
  /** Rows per multi-row statement (default 1,000). */
  maxBatchSize?: number;
  /** Reconnection policy (default 10 attempts, 200 ms doubling to 10 s). */
  reconnect?: ReconnectOptions;
}

/** The sink writing one table to MySQL/MariaDB. */
export class MysqlSink implements Sink {
  readonly name: string;
  private readonly conn: ResolvedConnection;
  private readonly object: string;
  private readonly mode: OutputTableType;
  private connection: Connection | undefined;
  private pkIndex: number[] = [];
  private batcher: ChangeBatcher | SnapshotBatcher | undefined;

  /** Prepares the sink (nothing is opened until the run starts). */
  constructor(private readonly options: MysqlWriteOptions) {
    this.conn = resolveConnection(options.connection);
    this.object = `table "${this.conn.database}.${options.tableName}"`;
    this.name = options.name ?? `mysql(${this.conn.database}.${options.tableName})`;
    this.mode = outputTableType('mysql', this.object, options);
  }

  /** Checks the table's columns against the options (key columns, `time`/`diff` clashes); returns the key positions. */
  check(columns: readonly string[], dtypes: readonly DType[]): number[] {
    // MySQL compares column names case-insensitively: `TIME` clashes with `time`.
    return checkSinkColumns('mysql', this.object, this.mode, this.options, columns, dtypes, true);
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.pkIndex = this.check(columns, dtypes);
    const table = quoteId(this.options.tableName);
    const target = { target: table, columns, toSql: dtypes.map(toSqlOf) };
    const dialect = mysqlDialect(Math.max(1, this.options.maxBatchSize ?? 1000));
    this.batcher =
      this.mode === 'changeStream'
        ? new ChangeBatcher(dialect, target)
        : new SnapshotBatcher(dialect, target, this.pkIndex);
    const init = this.options.initMode ?? 'default';
    const create = createTableSql({
      target: table,
      columns,
      types: columns.map((_, i) => mysqlColumnType(dtypes[i]!, this.pkIndex.includes(i))),
      mode: this.mode,
      pkIndex: this.pkIndex,
      quoteId,
      timeType: 'BIGINT',
      diffType: 'SMALLINT',
    });
    await this.run(async (c) => {
      if (init === 'replace') await c.query(`DROP TABLE IF EXISTS ${table}`);
      if (init !== 'default') await c.query(create);
      await c.query(`SELECT 1 FROM ${table} LIMIT 0`);
      if (this.mode === 'snapshot') await this.checkKeyIndex(c);
    });
  }
  /** A snapshot upserts through ON DUPLICATE KEY: without a unique index on the key, rows would pile up. */
  private async checkKeyIndex(c: Connection): Promise<void> {
    const [rows] = await c.query(
      'SELECT INDEX_NAME AS i, COLUMN_NAME AS c FROM information_schema.STATISTICS ' +
        'WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0',
      [this.conn.database, this.options.tableName],
    );
    const byIndex = new Map<string, Set<string>>();
    for (const r of rows as { i: string; c: string }[]) {
      let s = byIndex.get(r.i);
      if (!s) byIndex.set(r.i, (s = new Set()));
      s.add(r.c.toLowerCase());
    }
    const key = new Set((this.options.primaryKey ?? []).map((k) => k.toLowerCase()));
    for (const cols of byIndex.values())
      if (cols.size === key.size && [...cols].every((x) => key.has(x))) return;
    throw new ConnectorError(
      'mysql',
      this.object,
      `has no PRIMARY KEY or UNIQUE index on (${[...key].join(', ')})`,
      'add one (ALTER TABLE ... ADD PRIMARY KEY), or let initMode create the table',
    );
  }

  /** Runs `work` on the connection, reopening it with backoff after transient failures. */
  private run(work: (c: Connection, attempt: number) => Promise<void>): Promise<void> {
    return withRetry(this.options.reconnect, this.conn, this.object, async (attempt) => {
      if (this.connection === undefined) this.connection = await connect(this.conn);
      try {
        await work(this.connection, attempt);
      } catch (e) {
        // Any failure may leave the connection unusable: start the next attempt on a fresh one.
        const c = this.connection;
        this.connection = undefined;
        c.destroy();
        throw e;
      }
    });
  }

  async write(changes: EpochChanges): Promise<void> {
    let statements: SqlStatement[];
    try {
      statements = this.batcher!.statements(changes);
    } catch (e) {
      // A cell the table cannot hold (a NaN float): named with the table, like the server's refusals.
      throw new ConnectorError('mysql', this.object, (e as Error).message, undefined, { cause: e });
    }
    let committing = false;
    await this.run(async (c, attempt) => {
      if (attempt > 0 && committing && this.mode === 'changeStream') {
        const [rows] = await c.query(
          `SELECT 1 FROM ${quoteId(this.options.tableName)} WHERE \`time\` = ? LIMIT 1`,
          [changes.time],
        );
        if ((rows as unknown[]).length > 0) return; // the COMMIT went through before the connection dropped
      }
      committing = false;
      await c.query('START TRANSACTION');
      for (const s of statements) await c.query(s.sql, s.params);
      committing = true;
      await c.query('COMMIT');
      committing = false;
    });
  }

  async close(): Promise<void> {
    const c = this.connection;
    this.connection = undefined;
    await c?.end().catch(() => c.destroy());
  }
}

/**
 * Writes `table` to a MySQL/MariaDB table (Pathway's `pw.io.mysql.write`).
 *
 * @example
 * cw.io.mysql.write(totals, { connection: { database: 'shop' }, tableName: 'totals',
 *   outputTableType: 'snapshot', primaryKey: ['owner'], initMode: 'createIfNotExists' });
 */
export function write(table: Table<any>, options: MysqlWriteOptions): void {
  writeSink(table, new MysqlSink(options));
}
