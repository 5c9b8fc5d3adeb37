// `postgres.write`: a table's changes into a PostgreSQL table, one transaction per epoch. Output table type
// `changeStream` appends every change with `time` and `diff` columns; `snapshot` keeps the current rows (upsert on
// the primary key with INSERT ... ON CONFLICT, delete on retraction). Statements are multi-row; a dropped connection
// is reopened with backoff and the epoch's transaction retried whole.

import type { Client } from 'pg';
import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';
import {
  Backoff,
  ConnectionSettings,
  displayName,
  isTransient,
  quoteName,
  type PostgresConnection,
  type ReconnectOptions,
} from './connection.js';
import { paramConverter, sqlType, type ParamConverter } from './sql-types.js';

/** Options of `postgres.write`. */
export interface PostgresWriteOptions {
  /** The server (a URL or settings); the password never appears in messages. */
  connection: PostgresConnection;
  /** The target table, `totals` or `schema.totals`. */
  tableName: string;
  /** `changeStream` (default): every change with `time` and `diff`. `snapshot`: the current rows. */
  outputTableType?: 'changeStream' | 'snapshot';
  /** Key columns of a snapshot (required for `snapshot`): the target's primary key or a unique index on them. */
  primaryKey?: readonly string[];
  /**
   * `default`: the table must exist; `createIfNotExists`: create it from the table's schema when missing;
   * `replace`: drop it and create it afresh.
   */
  initMode?: 'default' | 'createIfNotExists' | 'replace';
  /** Rows per multi-row statement (default: as many as 65,535 parameters allow, at most 4,096). */
  maxBatchSize?: number;
  /** Retries after the connection drops (default 10 attempts, 100 ms doubling to 5 s). */
  reconnect?: ReconnectOptions;
  /** A name for error messages (default `postgres(<tableName>)`). */
  name?: string;
}

const quoteCol = (c: string): string => `"${c.replaceAll('"', '""')}"`;

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
  private converters: ParamConverter[] = [];
  private pk: number[] = [];

  constructor(private readonly o: PostgresWriteOptions) {
    this.settings = new ConnectionSettings(o.connection);
    this.object = `table ${displayName(o.tableName)}`;
    this.target = quoteName(o.tableName);
    this.snapshot = o.outputTableType === 'snapshot';
    this.name = o.name ?? `postgres(${displayName(o.tableName)})`;
    if (this.snapshot && (o.primaryKey ?? []).length === 0)
      throw new ConnectorError(
        'postgres',
        this.object,
        "outputTableType 'snapshot' needs a primary key",
        "set primaryKey: ['id']",
      );
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.columns = columns;
    this.converters = dtypes.map((d) => paramConverter(d));
    if (this.snapshot) {
      this.pk = (this.o.primaryKey ?? []).map((c) => {
        const i = columns.indexOf(c);
        if (i < 0)
          throw new ConnectorError(
            'postgres',
            this.object,
            `primary key column "${c}" is not in the table`,
            `columns are: ${columns.join(', ')}`,
          );
        return i;
      });
    } else if (columns.includes('time') || columns.includes('diff')) {
      throw new ConnectorError(
        'postgres',
        this.object,
        'a change stream adds "time" and "diff" columns',
        'rename the table\'s "time"/"diff" columns',
      );
    }
    const init = this.o.initMode ?? 'default';
    await this.withRetry(async (c) => {
      if (init === 'replace') await c.query(`DROP TABLE IF EXISTS ${this.target}`);
      if (init !== 'default') await c.query(this.createSql(dtypes));
      await c.query(`SELECT * FROM ${this.target} LIMIT 0`);
    }, "create it, or set initMode: 'createIfNotExists'");
  }

  private createSql(dtypes: readonly DType[]): string {
    const cols = this.columns.map((c, i) => `${quoteCol(c)} ${sqlType(dtypes[i]!)}`);
    if (this.snapshot)
      cols.push(`PRIMARY KEY (${this.pk.map((i) => quoteCol(this.columns[i]!)).join(', ')})`);
    else cols.push('"time" BIGINT NOT NULL', '"diff" SMALLINT NOT NULL');
    return `CREATE TABLE IF NOT EXISTS ${this.target} (${cols.join(', ')})`;
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
    const statements = this.snapshot ? this.snapshotStatements(changes) : this.changeStatements(changes);
    if (statements.length === 0) return;
    await this.withRetry(async (c) => {
      await c.query('BEGIN');
      for (const [sql, params] of statements) await c.query(sql, params);
      await c.query('COMMIT');
    });
  }

  private rowsPerStatement(width: number): number {
    return Math.max(1, Math.min(this.o.maxBatchSize ?? 4096, Math.floor(65_535 / width)));
  }

  private changeStatements({ time, rows, diffs }: EpochChanges): [string, unknown[]][] {
    const cols = [...this.columns.map(quoteCol), '"time"', '"diff"'].join(', ');
    const width = this.columns.length + 2;
    const out: [string, unknown[]][] = [];
    const per = this.rowsPerStatement(width);
    for (let start = 0; start < rows.length; start += per) {
      const end = Math.min(rows.length, start + per);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        const d = diffs[r]!;
        // A diff of ±n is n changes, as Pathway writes them.
        for (let k = 0; k < Math.abs(d); k++) {
          tuples.push(this.placeholders(params.length, width));
          for (let i = 0; i < this.columns.length; i++) params.push(this.converters[i]!(row[i]));
          params.push(time, Math.sign(d));
        }
      }
      out.push([`INSERT INTO ${this.target} (${cols}) VALUES ${tuples.join(', ')}`, params]);
    }
    return out;
  }

  private placeholders(offset: number, width: number): string {
    let s = '(';
    for (let i = 1; i <= width; i++) s += (i > 1 ? ', $' : '$') + (offset + i);
    return s + ')';
  }

  private snapshotStatements({ rows, diffs }: EpochChanges): [string, unknown[]][] {
    const upserts = new Map<string, readonly unknown[]>();
    const deletes = new Map<string, unknown[]>();
    const pkParams = (row: readonly unknown[]): unknown[] => this.pk.map((i) => this.converters[i]!(row[i]));
    for (let r = 0; r < rows.length; r++)
      if (diffs[r]! > 0) upserts.set(JSON.stringify(pkParams(rows[r]!)), rows[r]!);
    for (let r = 0; r < rows.length; r++) {
      if (diffs[r]! >= 0) continue;
      const p = pkParams(rows[r]!);
      const k = JSON.stringify(p);
      if (!upserts.has(k)) deletes.set(k, p);
    }
    const out: [string, unknown[]][] = [];
    const pkCols = this.pk.map((i) => quoteCol(this.columns[i]!));
    const del = [...deletes.values()];
    const perDel = this.rowsPerStatement(this.pk.length);
    for (let s = 0; s < del.length; s += perDel) {
      const chunk = del.slice(s, s + perDel);
      const params = chunk.flat();
      const tuples = chunk.map((_, j) => this.placeholders(j * this.pk.length, this.pk.length));
      out.push([`DELETE FROM ${this.target} WHERE (${pkCols.join(', ')}) IN (${tuples.join(', ')})`, params]);
    }
    const ups = [...upserts.values()];
    const width = this.columns.length;
    const per = this.rowsPerStatement(width);
    const others = this.columns.filter((_, i) => !this.pk.includes(i)).map(quoteCol);
    const onConflict =
      others.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${others.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
    const cols = this.columns.map(quoteCol).join(', ');
    for (let s = 0; s < ups.length; s += per) {
      const chunk = ups.slice(s, s + per);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        tuples.push(this.placeholders(params.length, width));
        for (let i = 0; i < width; i++) params.push(this.converters[i]!(row[i]));
      }
      out.push([
        `INSERT INTO ${this.target} (${cols}) VALUES ${tuples.join(', ')} ON CONFLICT (${pkCols.join(', ')}) ${onConflict}`,
        params,
      ]);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
