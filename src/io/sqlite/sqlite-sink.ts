// The SQLite writer: a change stream (rows + `time` + `diff`) or a snapshot (upsert on the primary key, delete on
// retraction), each epoch in one transaction. Rows go through prepared single-row statements: with no network
// round trip, a reused prepared statement inside one transaction is SQLite's fastest bulk path.

import type BetterSqlite3 from 'better-sqlite3';
import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';
import { checkSinkColumns, createTableSql, onConflictUpsert, outputTableType } from '../sql/sink-table.js';
import type { OutputTableType, SqlWriteOptions } from '../sql/sql-write-options.js';
import { quoteIdent, sqliteColumnType, toSqliteOf, type ToSqlite } from './sqlite-values.js';
import { sqliteError } from './sqlite-errors.js';

/** Options of `sqlite.write`. */
export interface SqliteWriteOptions extends SqlWriteOptions {
  /** The database file (created when missing). */
  path: string;
  /** How long a write waits for another connection's lock, in ms (default 5,000). */
  busyTimeoutMs?: number;
}

/** The sink writing one table to SQLite. */
export class SqliteSink implements Sink {
  readonly name: string;
  private readonly object: string;
  private readonly mode: OutputTableType;
  private db: BetterSqlite3.Database | undefined;
  private toSql: ToSqlite[] = [];
  private pkIndex: number[] = [];
  private writeEpoch: ((changes: EpochChanges) => void) | undefined;

  /** Prepares the sink (the file is opened when the run starts). */
  constructor(private readonly options: SqliteWriteOptions) {
    this.object = `table "${options.tableName}" in ${options.path}`;
    this.name = options.name ?? `sqlite(${options.path}:${options.tableName})`;
    this.mode = outputTableType('sqlite', this.object, options);
  }

  /** Checks the table's columns against the options (key columns, `time`/`diff` clashes); returns the key positions. */
  check(columns: readonly string[], dtypes: readonly DType[]): number[] {
    // SQLite compares column names case-insensitively: `Time` clashes with `time`.
    return checkSinkColumns('sqlite', this.object, this.mode, this.options, columns, dtypes, true);
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    const { default: Database } = await import('better-sqlite3');
    this.toSql = dtypes.map(toSqliteOf);
    this.pkIndex = this.check(columns, dtypes);
    const table = quoteIdent(this.options.tableName);
    try {
      const db = (this.db = new Database(this.options.path, { timeout: this.options.busyTimeoutMs ?? 5000 }));
      const init = this.options.initMode ?? 'default';
      if (init === 'replace') db.exec(`DROP TABLE IF EXISTS ${table}`);
      if (init !== 'default')
        db.exec(
          createTableSql({
            target: table,
            columns,
            types: dtypes.map(sqliteColumnType),
            mode: this.mode,
            pkIndex: this.pkIndex,
            quoteId: quoteIdent,
            timeType: 'INTEGER',
            diffType: 'INTEGER',
          }),
        );
      this.writeEpoch =
        this.mode === 'changeStream' ? this.changeWriter(db, columns) : this.snapshotWriter(db, columns);
    } catch (e) {
      this.db?.close();
      this.db = undefined;
      throw sqliteError(e, this.object, false, this.options.path);
    }
  }

  private changeWriter(db: BetterSqlite3.Database, columns: readonly string[]): (c: EpochChanges) => void {
    const cols = [...columns, 'time', 'diff'].map(quoteIdent).join(', ');
    const insert = db.prepare(
      `INSERT INTO ${quoteIdent(this.options.tableName)} (${cols}) VALUES (${columns.map(() => '?').join(', ')}, ?, ?)`,
    );
    const f = this.toSql;
    const n = columns.length;
    const params = new Array<unknown>(n + 2);
    return db.transaction(({ time, rows, diffs }: EpochChanges) => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        for (let j = 0; j < n; j++) params[j] = f[j]!(row[j]);
        params[n] = time;
        params[n + 1] = diffs[i];
        insert.run(params);
      }
    });
  }

  private snapshotWriter(db: BetterSqlite3.Database, columns: readonly string[]): (c: EpochChanges) => void {
    const table = quoteIdent(this.options.tableName);
    const pk = this.pkIndex;
    const pkCols = pk.map((i) => quoteIdent(columns[i]!));
    const nonKey = columns.filter((_, i) => !pk.includes(i)).map(quoteIdent);
    const upsert = db.prepare(
      `INSERT INTO ${table} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
        onConflictUpsert(pkCols, nonKey),
    );
    const del = db.prepare(`DELETE FROM ${table} WHERE ${pkCols.map((c) => `${c} = ?`).join(' AND ')}`);
    const f = this.toSql;
    const n = columns.length;
    const params = new Array<unknown>(n);
    const keyParams = new Array<unknown>(pk.length);
    return db.transaction(({ rows, diffs }: EpochChanges) => {
      // Deletions first, then upserts: an update (-old +new of one key) ends with the new row.
      for (let i = 0; i < rows.length; i++) {
        if (diffs[i]! > 0) continue;
        const row = rows[i]!;
        for (let j = 0; j < pk.length; j++) keyParams[j] = f[pk[j]!]!(row[pk[j]!]);
        del.run(keyParams);
      }
      for (let i = 0; i < rows.length; i++) {
        if (diffs[i]! <= 0) continue;
        const row = rows[i]!;
        for (let j = 0; j < n; j++) params[j] = f[j]!(row[j]);
        upsert.run(params);
      }
    });
  }

  write(changes: EpochChanges): void {
    try {
      this.writeEpoch!(changes);
    } catch (e) {
      throw sqliteError(e, this.object);
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/**
 * Writes `table` to an SQLite table.
 *
 * @example
 * cw.io.sqlite.write(totals, { path: 'out.db', tableName: 'totals', outputTableType: 'snapshot',
 *   primaryKey: ['owner'], initMode: 'createIfNotExists' });
 */
export function write(table: Table<any>, options: SqliteWriteOptions): void {
  writeSink(table, new SqliteSink(options));
}
