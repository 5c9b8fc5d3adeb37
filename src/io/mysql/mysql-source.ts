// The MySQL/MariaDB reader (Pathway's `pw.io.mysql.read`): static mode streams the table (or a query's rows) once;
// streaming mode reads a consistent snapshot at a recorded binary-log position, then follows the binlog from exactly
// that position.
//
// Snapshot position: MariaDB reports the binlog position of a `START TRANSACTION WITH CONSISTENT SNAPSHOT`
// (status `binlog_snapshot_file/position`), so no lock is taken; on MySQL the reader briefly holds
// `FLUSH TABLES WITH READ LOCK` while it opens the snapshot and reads `SHOW MASTER STATUS` (needs RELOAD).
// The snapshot rows are streamed with backpressure and committed in epochs as they arrive; a restart replays.

import type { Connection } from 'mysql2/promise';
import type { Readable } from 'node:stream';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { readSource } from '../read-source.js';
import type { CommitOptions, Source, SourceContext } from '../source.js';
import { followBinlog, type BinlogPosition } from './binlog-follower.js';
import {
  connect,
  quoteId,
  resolveConnection,
  serverName,
  toConnectorError,
  withRetry,
  type MysqlConnectionInput,
  type ReconnectOptions,
  type ResolvedConnection,
} from './mysql-connection.js';
import { fromSqlOf } from './mysql-values.js';

/** Options of `mysql.read`. */
export interface MysqlReadOptions<TRow extends Row> extends CommitOptions {
  /** The server and database. */
  connection: MysqlConnectionInput;
  /** The table to read (required for streaming; give it or `query`). */
  tableName?: string;
  /** Static mode only: read the rows of this query instead of a table. */
  query?: string;
  /** The rows' schema: its columns are selected by name; streaming needs a primary key. */
  schema: Schema<TRow>;
  /** Reconnection policy (connecting, and the binlog stream). */
  reconnect?: ReconnectOptions;
  /** Replication server id of the binlog reader (default: random; must differ from the server's and replicas'). */
  serverId?: number;
}

/** The source of one table. */
export class MysqlSource implements Source {
  readonly name: string;
  private readonly conn: ResolvedConnection;
  private readonly object: string;
  private readonly convert: (((v: unknown) => unknown) | undefined)[];

  /** Prepares the reader. */
  constructor(private readonly options: MysqlReadOptions<any>) {
    checkTableOrQuery(options);
    this.conn = resolveConnection(options.connection);
    this.object =
      options.tableName !== undefined ? `table "${this.conn.database}.${options.tableName}"` : 'query';
    this.name = options.name ?? defaultName(options, this.conn);
    this.convert = options.schema.columns.map((c) => fromSqlOf(c.dtype));
  }

  private toValues(values: unknown[]): unknown[] {
    const cv = this.convert;
    for (let i = 0; i < values.length; i++) {
      const f = cv[i];
      const v = values[i];
      if (f !== undefined && v !== null && v !== undefined) values[i] = f(v);
    }
    return values;
  }

  async run(ctx: SourceContext): Promise<void> {
    const streaming = ctx.mode === 'streaming';
    if (streaming && this.options.tableName === undefined)
      throw new ConnectorError(
        'mysql',
        this.object,
        'streaming reads a table, not a query',
        "set tableName, or read the query with mode: 'static'",
      );
    if (streaming && this.options.schema.primaryKey.length === 0)
      throw new ConnectorError(
        'mysql',
        this.object,
        'streaming needs a primary key in the schema',
        'mark the key columns with cw.column(dtype, { primaryKey: true })',
      );
    const c = await withRetry(
      this.options.reconnect,
      this.conn,
      this.object,
      () => connect(this.conn),
      ctx.signal,
    );
    let start: BinlogPosition;
    try {
      if (!streaming) {
        await this.readSnapshot(c, ctx);
        return;
      }
      await this.checkBinlog(c);
      start = await this.openSnapshot(c);
      await this.readSnapshot(c, ctx);
      await c.query('COMMIT');
    } catch (e) {
      throw toConnectorError(e, this.conn, this.object);
    } finally {
      await c.end().catch(() => c.destroy());
    }
    await ctx.commit();
    const names = this.options.schema.names;
    await followBinlog(start, ctx, {
      conn: this.conn,
      tableName: this.options.tableName!,
      reconnect: this.options.reconnect,
      serverId: this.options.serverId ?? 1_000_000 + Math.floor(Math.random() * 1_000_000_000),
      toRecord: (row) => this.toValues(names.map((n) => row[n])),
    });
  }

  /** Fails with the fix when the server's binary log cannot be followed. */
  private async checkBinlog(c: Connection): Promise<void> {
    const [rows] = await c.query(
      "SHOW VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format', 'binlog_row_image')",
    );
    const v = new Map(
      (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
    );
    const fix =
      'enable it in the server configuration ([mysqld] log_bin=mysql-bin, binlog_format=ROW, binlog_row_image=FULL, server_id=1) and restart the server, or read with mode: "static"';
    if (v.get('log_bin') !== 'ON')
      throw new ConnectorError(
        'mysql',
        serverName(this.conn),
        'the binary log is off (streaming reads follow it)',
        fix,
      );
    if (v.get('binlog_format') !== 'ROW')
      throw new ConnectorError(
        'mysql',
        serverName(this.conn),
        `binlog_format is ${v.get('binlog_format')}, streaming needs ROW`,
        'SET GLOBAL binlog_format = ROW (and in the configuration)',
      );
    if ((v.get('binlog_row_image') ?? 'FULL') !== 'FULL')
      throw new ConnectorError(
        'mysql',
        serverName(this.conn),
        `binlog_row_image is ${v.get('binlog_row_image')}, streaming needs FULL`,
        'SET GLOBAL binlog_row_image = FULL (and in the configuration)',
      );
  }

  /** Starts a consistent-snapshot transaction and returns the binlog position it corresponds to. */
  private async openSnapshot(c: Connection): Promise<BinlogPosition> {
    await c.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    const [rows] = await c.query("SHOW STATUS LIKE 'binlog_snapshot_%'");
    const s = new Map(
      (rows as { Variable_name: string; Value: string }[]).map((r) => [
        r.Variable_name.toLowerCase(),
        r.Value,
      ]),
    );
    const file = s.get('binlog_snapshot_file');
    const pos = s.get('binlog_snapshot_position');
    if (file && pos) return { file, position: Number(pos) };
    // MySQL: no snapshot position; hold the global read lock while the snapshot opens.
    await c.query('ROLLBACK');
    await c.query('FLUSH TABLES WITH READ LOCK');
    try {
      await c.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
      // MySQL 8.4 renamed SHOW MASTER STATUS.
      const [st] = await c.query('SHOW BINARY LOG STATUS').catch(() => c.query('SHOW MASTER STATUS'));
      const r = (st as { File: string; Position: number }[])[0];
      if (!r)
        throw new ConnectorError(
          'mysql',
          serverName(this.conn),
          'reports no binlog position',
          'enable the binary log',
        );
      return { file: r.File, position: Number(r.Position) };
    } finally {
      await c.query('UNLOCK TABLES');
    }
  }

  /** Streams every row of the table into `ctx`, pausing while the pipeline is behind. */
  private async readSnapshot(c: Connection, ctx: SourceContext): Promise<void> {
    const cols = this.options.schema.names.map(quoteId).join(', ');
    const { tableName, query } = this.options;
    const from = query !== undefined ? `(${query}) AS q` : quoteId(tableName!);
    const sql = `SELECT ${cols} FROM ${from}`;
    const core = (c as unknown as { connection: { query(o: object): { stream(o?: object): Readable } } })
      .connection;
    const stream = core.query({ sql, rowsAsArray: true }).stream({ highWaterMark: 1024 });
    let n = 0;
    const stop = (): void => void stream.destroy();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const row of stream) {
        ctx.insert(this.toValues(row as unknown[]), `row ${++n}`);
        const w = ctx.backpressure();
        if (w) await w;
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
  }
}

/**
 * Reads a MySQL/MariaDB table (Pathway's `pw.io.mysql.read`): static, or streaming through the binary log.
 *
 * @example
 * const orders = cw.io.mysql.read({ connection: { database: 'shop' }, tableName: 'orders', schema: Order });
 */
export function read<TRow extends Row>(options: MysqlReadOptions<TRow>): Table<TRow> {
  checkTableOrQuery(options);
  const name = options.name ?? defaultName(options, resolveConnection(options.connection));
  // A static read is one snapshot of the table: append-only, as Pathway's (`not is_streaming`).
  return readSource(() => new MysqlSource(options), options.schema, {
    ...options,
    name,
    appendOnly: options.mode === 'static',
  });
}

function checkTableOrQuery(o: MysqlReadOptions<any>): void {
  if ((o.tableName === undefined) === (o.query === undefined))
    throw new ConnectorError(
      'mysql',
      'read',
      'needs exactly one of tableName and query',
      "set tableName: 'orders', or query (static mode)",
    );
}

function defaultName(o: MysqlReadOptions<any>, c: ResolvedConnection): string {
  return o.tableName !== undefined ? `mysql(${c.database}.${o.tableName})` : `mysql(${c.database}:query)`;
}
