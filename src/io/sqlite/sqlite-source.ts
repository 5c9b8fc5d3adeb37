// The SQLite reader (Pathway's `pw.io.sqlite.read`): static mode streams the table (or a query's rows) once;
// streaming mode polls the table.
//
// Algorithm (streaming): each poll first reads `PRAGMA data_version`, which changes only when another connection
// committed, and skips unchanged databases. A poll reads, in one read transaction, either every row (default: a
// full diff, as Pathway does) or only rows whose `changeColumn` is >= the largest value seen, plus every row id.
// Rows are identified by the schema's primary key (on a table it must match a UNIQUE / PRIMARY KEY constraint), else by
// rowid (see sqlite-table-info.ts); a new id is an insertion, a changed row a retraction + insertion, a vanished id a
// deletion; a row repeating an id already seen in the poll (several NULLs in a UNIQUE column, duplicates in a view)
// is reported as a malformed record and left out, as Pathway does. One poll = one atomic unit.
// Cost: the reader keeps every row's fetched values (to compare); a full diff reads the whole table per changed
// poll, `changeColumn` reads the changed rows and the ids (a covering scan of the rowid b-tree or the key's index).
// Invariant: downstream holds exactly the rows of the last poll's snapshot (for changeColumn: provided every change
// raises the change column, which is what the option means).

import type BetterSqlite3 from 'better-sqlite3';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { readSource } from '../read-source.js';
import type { CommitOptions, RowHandle, Source, SourceContext } from '../source.js';
import { sqliteError } from './sqlite-errors.js';
import { identityColumns } from './sqlite-table-info.js';
import { fromSqliteOf, quoteIdent } from './sqlite-values.js';

/** Options of `sqlite.read`. */
export interface SqliteReadOptions<TRow extends Row> extends CommitOptions {
  /** The database file. */
  path: string;
  /** The table to read (required for streaming; give it or `query`). */
  tableName?: string;
  /** Static mode only: read the rows of this query instead of a table. */
  query?: string;
  /** The rows' schema: its columns are selected by name. */
  schema: Schema<TRow>;
  /**
   * A column every insert and update raises (a version, `updated_at`): polls then read only changed rows. Without
   * it each poll compares the whole table.
   */
  changeColumn?: string;
  /** Time between polls in ms (default 200). */
  pollIntervalMs?: number;
  /** How long a read waits for a writer's lock, in ms (default 5,000). */
  busyTimeoutMs?: number;
}

interface Known {
  raw: unknown[];
  handle: RowHandle | undefined;
}

function sameRaw(a: readonly unknown[], b: readonly unknown[], from: number): boolean {
  for (let i = from; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x instanceof Uint8Array && y instanceof Uint8Array && Buffer.compare(x, y) === 0) continue;
    return false;
  }
  return true;
}

/** The source of one SQLite table. */
export class SqliteSource implements Source {
  readonly name: string;
  private readonly object: string;
  private readonly convert: (((v: unknown) => unknown) | undefined)[];

  /** Prepares the reader. */
  constructor(private readonly options: SqliteReadOptions<any>) {
    checkTableOrQuery(options);
    this.object =
      options.tableName !== undefined
        ? `table "${options.tableName}" in ${options.path}`
        : `query in ${options.path}`;
    this.name = options.name ?? defaultName(options);
    this.convert = options.schema.columns.map((c) => fromSqliteOf(c.dtype));
  }

  /** The record of fetched values `raw[from...]` (a copy: `raw` is kept for comparisons). */
  private record(raw: readonly unknown[], from: number): unknown[] {
    const cv = this.convert;
    const out = new Array<unknown>(cv.length);
    for (let i = 0; i < cv.length; i++) {
      const v = raw[i + from];
      const f = cv[i];
      out[i] = f !== undefined && v !== null && v !== undefined ? f(v) : v;
    }
    return out;
  }

  async run(ctx: SourceContext): Promise<void> {
    if (ctx.mode === 'streaming' && this.options.tableName === undefined)
      throw new ConnectorError(
        'sqlite',
        this.object,
        'streaming reads a table, not a query',
        "set tableName, or read the query with mode: 'static'",
      );
    const { default: Database } = await import('better-sqlite3');
    let db: BetterSqlite3.Database;
    try {
      db = new Database(this.options.path, {
        readonly: true,
        fileMustExist: true,
        timeout: this.options.busyTimeoutMs ?? 5000,
      });
    } catch (e) {
      throw sqliteError(e, this.object, true, this.options.path);
    }
    try {
      if (ctx.mode === 'static') await this.readOnce(db, ctx);
      else await this.poll(db, ctx);
    } catch (e) {
      throw sqliteError(e, this.object, true);
    } finally {
      db.close();
    }
  }

  private selectList(): string {
    return this.options.schema.names.map(quoteIdent).join(', ');
  }

  private async readOnce(db: BetterSqlite3.Database, ctx: SourceContext): Promise<void> {
    const { tableName, query } = this.options;
    const from = query !== undefined ? `(${query})` : quoteIdent(tableName!);
    // With a schema key, a table's key must match a constraint and a row repeating a key read before is reported.
    const pk = this.options.schema.primaryKey;
    const idCols =
      pk.length === 0
        ? []
        : tableName !== undefined
          ? identityColumns(db, tableName, pk, this.object)
          : pk.map(quoteIdent);
    const k = idCols.length;
    const stmt = db.prepare(`SELECT ${[...idCols, this.selectList()].join(', ')} FROM ${from}`).raw(true);
    const seen = new Set<unknown>();
    let n = 0;
    // The iterator keeps one read transaction open: the rows are one consistent snapshot.
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      n++;
      if (k > 0) {
        const id = rowId(row, k);
        if (seen.has(id)) {
          ctx.error(`row ${n}`, duplicateKey(row, k, tableName ?? 'query'));
          continue;
        }
        seen.add(id);
      }
      ctx.insert(this.record(row, k), `row ${n}`);
      const w = ctx.backpressure();
      if (w) await w;
      if (ctx.signal.aborted) return;
    }
  }

  private async poll(db: BetterSqlite3.Database, ctx: SourceContext): Promise<void> {
    const table = quoteIdent(this.options.tableName!);
    const idCols = identityColumns(db, this.options.tableName!, this.options.schema.primaryKey, this.object);
    const k = idCols.length;
    const ids = idCols.join(', ');
    const change = this.options.changeColumn;
    const all = db.prepare(`SELECT ${ids}, ${this.selectList()} FROM ${table}`).raw(true);
    const changed =
      change === undefined
        ? undefined
        : db
            .prepare(
              `SELECT ${ids}, ${this.selectList()}, ${quoteIdent(change)} FROM ${table} WHERE ${quoteIdent(change)} >= ?`,
            )
            .raw(true);
    const idList = db.prepare(`SELECT ${ids} FROM ${table}`).raw(true);
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    const known = new Map<unknown, Known>();
    const byKey = this.options.schema.primaryKey.length > 0;
    const width = k + this.options.schema.names.length;
    let lastVersion: unknown;
    let maxChange: unknown;
    let polls = 0;

    // One consistent read: the changed (or all) rows and, with a change column, every id.
    const readPoll = db.transaction(() => {
      if (changed === undefined || maxChange === undefined)
        return { rows: all.all() as unknown[][], ids: undefined };
      return { rows: changed.all(maxChange) as unknown[][], ids: idList.all() as unknown[][] };
    });

    while (!ctx.signal.aborted) {
      const version = dataVersion.get();
      if (version !== lastVersion) {
        lastVersion = version;
        polls++;
        const { rows, ids: idRows } = readPoll();
        ctx.beginUnit();
        const seen = new Set<unknown>();
        const reported = new Set<unknown>();
        for (const row of rows) {
          const id = rowId(row, k);
          if (seen.has(id)) {
            ctx.error(`poll ${polls}`, duplicateKey(row, k, this.options.tableName!));
            reported.add(id);
            continue;
          }
          seen.add(id);
          if (change !== undefined) {
            const c = row[width];
            if (c !== null && (maxChange === undefined || (c as number) > (maxChange as number)))
              maxChange = c;
          }
          const prev = known.get(id);
          if (prev !== undefined && sameRaw(prev.raw, row, k)) continue;
          if (prev?.handle) ctx.retract(prev.handle);
          const handle = ctx.insert(this.record(row, k), `${keyText(row, k, byKey)} (poll ${polls})`);
          known.set(id, { raw: row, handle });
        }
        if (idRows !== undefined) {
          // Every id, once: a repeated one is a duplicate key whose changed row may not be the one followed.
          const listed = new Set<unknown>();
          for (const r of idRows) {
            const id = rowId(r, k);
            if (listed.has(id) && !reported.has(id)) {
              ctx.error(`poll ${polls}`, duplicateKey(r, k, this.options.tableName!));
              reported.add(id);
            }
            listed.add(id);
            seen.add(id);
          }
        }
        for (const [id, prev] of known) {
          if (seen.has(id)) continue;
          if (prev.handle) ctx.retract(prev.handle);
          known.delete(id);
        }
        ctx.endUnit();
        await ctx.commit();
      }
      await sleep(this.options.pollIntervalMs ?? 200, ctx.signal);
    }
  }
}

/** An id column's value as a Map key: as it is, bytes as (tagged) hex text. */
function idValue(v: unknown): unknown {
  return v instanceof Uint8Array ? `\u0000blob:${Buffer.from(v).toString('hex')}` : v;
}

/** A Map key for the id columns `row[0..k)`: one value as it is (bytes as hex), several as unambiguous text. */
function rowId(row: readonly unknown[], k: number): unknown {
  if (k === 1) return idValue(row[0]);
  let s = '';
  for (let i = 0; i < k; i++) {
    const v = idValue(row[i]);
    if (v === null) s += 'n;';
    else {
      const text = String(v);
      s += `${typeof v}:${text.length}:${text};`;
    }
  }
  return s;
}

/** How a position names the row with id columns `row[0..k)`: `key [a, b]`, or `rowid n`. */
function keyText(row: readonly unknown[], k: number, byKey: boolean): string {
  const key = row.slice(0, k).map((v) => (v === null ? 'NULL' : String(v)));
  return byKey ? `key [${key.join(', ')}]` : `rowid ${key[0]!}`;
}

/** The reason reported for a row whose id columns `row[0..k)` repeat a row already read. */
function duplicateKey(row: readonly unknown[], k: number, table: string): string {
  return (
    `duplicate primary ${keyText(row, k, true)} in SQLite object "${table}": several rows share it ` +
    '(a view, or NULLs in a UNIQUE column); only the first is read'
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Reads an SQLite table (Pathway's `pw.io.sqlite.read`): static, or streaming by polling.
 *
 * @example
 * const pets = cw.io.sqlite.read({ path: 'pets.db', tableName: 'pets', schema: Pet, changeColumn: 'version' });
 */
export function read<TRow extends Row>(options: SqliteReadOptions<TRow>): Table<TRow> {
  checkTableOrQuery(options);
  const name = options.name ?? defaultName(options);
  return readSource(() => new SqliteSource(options), options.schema, { ...options, name });
}

function checkTableOrQuery(o: SqliteReadOptions<any>): void {
  if ((o.tableName === undefined) === (o.query === undefined))
    throw new ConnectorError(
      'sqlite',
      'read',
      'needs exactly one of tableName and query',
      "set tableName: 'pets', or query (static mode)",
    );
}

function defaultName(o: SqliteReadOptions<any>): string {
  return `sqlite(${o.path}:${o.tableName ?? 'query'})`;
}
