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
  connect,
  quoteId,
  resolveConnection,
  withRetry,
  type MysqlConnectionInput,
  type ReconnectOptions,
  type ResolvedConnection,
} from './mysql-connection.js';
import { mysqlColumnType, toSqlOf, type ToSql } from './mysql-values.js';

/** Options of `mysql.write`. */
export interface MysqlWriteOptions {
  /** The server and database. */
  connection: MysqlConnectionInput;
  /** The destination table. */
  tableName: string;
  /** `changeStream` (default): every change with `time` and `diff`; `snapshot`: the current rows. */
  outputTableType?: 'changeStream' | 'snapshot';
  /** Key columns of a snapshot (required for `snapshot`): the table needs a PRIMARY KEY or UNIQUE index on them. */
  primaryKey?: readonly string[];
  /** `default`: the table must exist; `createIfNotExists`: create it from the schema; `replace`: drop and create. */
  initMode?: 'default' | 'createIfNotExists' | 'replace';
  /** Rows per multi-row statement (default 1,000). */
  maxBatchSize?: number;
  /** Reconnection policy. */
  reconnect?: ReconnectOptions;
  /** A name for error messages. */
  name?: string;
}

interface Statement {
  sql: string;
  params: unknown[];
}

/** The sink writing one table to MySQL/MariaDB. */
export class MysqlSink implements Sink {
  readonly name: string;
  private readonly conn: ResolvedConnection;
  private readonly object: string;
  private readonly mode: 'changeStream' | 'snapshot';
  private readonly batch: number;
  private connection: Connection | undefined;
  private columns: readonly string[] = [];
  private toSql: ToSql[] = [];
  private pkIndex: number[] = [];

  /** Prepares the sink (nothing is opened until the run starts). */
  constructor(private readonly options: MysqlWriteOptions) {
    this.conn = resolveConnection(options.connection);
    this.object = `table "${this.conn.database}.${options.tableName}"`;
    this.name = options.name ?? `mysql(${this.conn.database}.${options.tableName})`;
    this.mode = options.outputTableType ?? 'changeStream';
    this.batch = Math.max(1, options.maxBatchSize ?? 1000);
    if (this.mode === 'snapshot' && (options.primaryKey ?? []).length === 0)
      throw new ConnectorError(
        'mysql',
        this.object,
        "outputTableType 'snapshot' needs a primary key",
        "set primaryKey: ['id']",
      );
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.columns = columns;
    this.toSql = dtypes.map(toSqlOf);
    this.pkIndex = (this.options.primaryKey ?? []).map((k) => {
      const i = columns.indexOf(k);
      if (i < 0)
        throw new ConnectorError(
          'mysql',
          this.object,
          `primary key column "${k}" is not in the table`,
          `columns are: ${columns.join(', ')}`,
        );
      return i;
    });
    if (this.mode === 'changeStream' && (columns.includes('time') || columns.includes('diff')))
      throw new ConnectorError(
        'mysql',
        this.object,
        'a change stream adds columns "time" and "diff"',
        'rename those columns of the table',
      );
    const init = this.options.initMode ?? 'default';
    const table = quoteId(this.options.tableName);
    await this.run(async (c) => {
      if (init === 'replace') await c.query(`DROP TABLE IF EXISTS ${table}`);
      if (init !== 'default') await c.query(this.createTableSql(dtypes));
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

  private createTableSql(dtypes: readonly DType[]): string {
    const defs = this.columns.map(
      (n, i) => `${quoteId(n)} ${mysqlColumnType(dtypes[i]!, this.pkIndex.includes(i))}`,
    );
    if (this.mode === 'changeStream') defs.push('`time` BIGINT NOT NULL', '`diff` SMALLINT NOT NULL');
    else defs.push(`PRIMARY KEY (${this.pkIndex.map((i) => quoteId(this.columns[i]!)).join(', ')})`);
    return `CREATE TABLE IF NOT EXISTS ${quoteId(this.options.tableName)} (${defs.join(', ')})`;
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
    const statements =
      this.mode === 'changeStream' ? this.changeStatements(changes) : this.snapshotStatements(changes);
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

  private changeStatements({ time, rows, diffs }: EpochChanges): Statement[] {
    const cols = [...this.columns, 'time', 'diff'].map(quoteId).join(', ');
    const head = `INSERT INTO ${quoteId(this.options.tableName)} (${cols}) VALUES `;
    const tuple = `(${new Array(this.columns.length + 2).fill('?').join(', ')})`;
    const out: Statement[] = [];
    for (let start = 0; start < rows.length; start += this.batch) {
      const end = Math.min(rows.length, start + this.batch);
      const params: unknown[] = [];
      for (let i = start; i < end; i++) {
        this.pushRow(params, rows[i]!);
        params.push(time, diffs[i]);
      }
      out.push({ sql: head + new Array(end - start).fill(tuple).join(', '), params });
    }
    return out;
  }

  private pushRow(params: unknown[], row: readonly unknown[]): void {
    const f = this.toSql;
    for (let j = 0; j < row.length; j++) params.push(f[j]!(row[j]));
  }

  private pkId(row: readonly unknown[]): unknown {
    const pk = this.pkIndex;
    if (pk.length === 1) {
      const v = this.toSql[pk[0]!]!(row[pk[0]!]);
      return Buffer.isBuffer(v) ? v.toString('hex') : v;
    }
    let id = '';
    for (const i of pk) {
      const v = this.toSql[i]!(row[i]);
      id += (Buffer.isBuffer(v) ? v.toString('hex') : String(v)) + '\u0000';
    }
    return id;
  }

  private snapshotStatements({ rows, diffs }: EpochChanges): Statement[] {
    // An epoch is consolidated: a key with an insertion exists afterwards (an update is -old +new), a key with only
    // retractions is deleted.
    const upserts = new Map<unknown, readonly unknown[]>();
    for (let i = 0; i < rows.length; i++) if (diffs[i]! > 0) upserts.set(this.pkId(rows[i]!), rows[i]!);
    const deletes = new Map<unknown, readonly unknown[]>();
    for (let i = 0; i < rows.length; i++) {
      if (diffs[i]! > 0) continue;
      const id = this.pkId(rows[i]!);
      if (!upserts.has(id)) deletes.set(id, rows[i]!);
    }
    const table = quoteId(this.options.tableName);
    const out: Statement[] = [];
    const pkCols = this.pkIndex.map((i) => quoteId(this.columns[i]!));
    const pkTuple = this.pkIndex.length === 1 ? '?' : `(${pkCols.map(() => '?').join(', ')})`;
    const pkLhs = this.pkIndex.length === 1 ? pkCols[0]! : `(${pkCols.join(', ')})`;
    const del = [...deletes.values()];
    for (let start = 0; start < del.length; start += this.batch) {
      const part = del.slice(start, start + this.batch);
      const params: unknown[] = [];
      for (const r of part) for (const i of this.pkIndex) params.push(this.toSql[i]!(r[i]));
      out.push({
        sql: `DELETE FROM ${table} WHERE ${pkLhs} IN (${part.map(() => pkTuple).join(', ')})`,
        params,
      });
    }
    const nonKey = this.columns.filter((_, i) => !this.pkIndex.includes(i)).map(quoteId);
    const update = (nonKey.length > 0 ? nonKey : [pkCols[0]!]).map((c) => `${c} = VALUES(${c})`).join(', ');
    const head = `INSERT INTO ${table} (${this.columns.map(quoteId).join(', ')}) VALUES `;
    const tuple = `(${this.columns.map(() => '?').join(', ')})`;
    const ups = [...upserts.values()];
    for (let start = 0; start < ups.length; start += this.batch) {
      const part = ups.slice(start, start + this.batch);
      const params: unknown[] = [];
      for (const r of part) this.pushRow(params, r);
      out.push({
        sql: `${head}${part.map(() => tuple).join(', ')} ON DUPLICATE KEY UPDATE ${update}`,
        params,
      });
    }
    return out;
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
