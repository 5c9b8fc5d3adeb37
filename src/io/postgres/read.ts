// `postgres.read`: a table's rows from PostgreSQL. Static: the current rows (COPY). Streaming: a consistent snapshot,
// then every committed change through logical replication (a pgoutput slot and a publication).
//
// Algorithm (streaming): create the slot with an exported snapshot; read the snapshot with COPY inside a REPEATABLE
// READ transaction that imports it; then stream the slot from its consistent point. The snapshot holds exactly the
// transactions committed before that point and the slot streams exactly those after, so nothing is lost or doubled.
// A slot that already exists (a restart with the same `slotName`) is resumed from its confirmed position, without a
// snapshot. Each transaction is one atomic unit. The flush LSN sent to the server is the end of the last transaction
// whose rows the pipeline has committed (after `ctx.commit()` resolved), so a restart resumes without loss.
// State: handedLsn (commit LSN of the last transaction handed to the context: after a reconnect, transactions up to
// it are skipped, since the server replays from the acknowledged position), ackedLsn (the flush LSN sent).
// Invariants: ackedLsn <= end of the last handed transaction; a transaction is handed whole or not at all.

import type { Client } from 'pg';
import { ConnectorError } from '../connector-error.js';
import { readSource } from '../read-source.js';
import type { CommitOptions, Source, SourceContext } from '../source.js';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import {
  Backoff,
  ConnectionSettings,
  displayName,
  isTransient,
  quoteName,
  type PostgresConnection,
  type ReconnectOptions,
} from './connection.js';
import { copyInto, copySql, RowSink } from './copy-reader.js';
import { ChangeApplier } from './change-applier.js';
import { ReplicationConnection } from './replication-connection.js';
import { parseLsn, type Lsn } from './pgoutput.js';

/** Options of `postgres.read`. */
export interface PostgresReadOptions<TRow extends Row> extends CommitOptions {
  /** The server (a URL or settings); the password never appears in messages. */
  connection: PostgresConnection;
  /** The table, `orders` or `schema.orders` (required for streaming; give it or `query`). */
  tableName?: string;
  /** Static mode only: read the rows of this query instead of a table. */
  query?: string;
  /**
   * The rows' schema; columns are read by name. Streaming needs a primary key in the schema (the table's primary
   * key or replica-identity columns) so updates and deletes find their row, unless the table is `appendOnly`.
   */
  schema: Schema<TRow>;
  /**
   * Streaming: the table only ever gets inserts (Pathway's `is_append_only`; a log of events): no primary key is
   * needed, the table is append-only (`Table.isAppendOnly`), and an update, delete or truncate is a source error
   * (the run fails, or with `terminateOnError: false` the change is skipped and logged). Static reads always are.
   */
  appendOnly?: boolean;
  /**
   * Streaming: the replication slot. An existing slot is resumed (no snapshot: only changes after what a previous
   * run committed). Default: a fresh slot `causeway_<random>`, dropped when the run stops.
   */
  slotName?: string;
  /** Streaming: the publication the slot reads (default `<slotName>_pub`); created for the table if missing. */
  publicationName?: string;
  /** Create the slot and the publication when missing (default true). */
  createIfMissing?: boolean;
  /** Drop the slot (and a publication this reader created) when the run stops (default: true only without `slotName`). */
  dropSlotOnStop?: boolean;
  /** Retries after the connection drops (default 10 attempts, 100 ms doubling to 5 s). */
  reconnect?: ReconnectOptions;
  /** How often committed progress is acknowledged to the server, in ms (default 500). */
  statusIntervalMs?: number;
}

const SLOT_RE = /^[a-z0-9_]{1,63}$/;

/**
 * Reads a PostgreSQL table (Pathway's `pw.io.postgres.read`, with Debezium-style CDC in streaming mode).
 *
 * @example
 * const orders = cw.io.postgres.read({ connection: 'postgres://app@db/shop', tableName: 'orders', schema: Order });
 */
export function read<TRow extends Row>(options: PostgresReadOptions<TRow>): Table<TRow> {
  if ((options.tableName === undefined) === (options.query === undefined))
    throw new ConnectorError(
      'postgres',
      'read',
      'needs exactly one of tableName and query',
      "set tableName: 'public.orders', or query (static mode)",
    );
  const settings = new ConnectionSettings(options.connection);
  const label = options.tableName !== undefined ? displayName(options.tableName) : 'query';
  const name = options.name ?? `postgres(${label})`;
  // A static read is one snapshot of the table: append-only, as Pathway's (`mode == "static"`).
  return readSource(() => new PostgresSource(settings, options, name), options.schema, {
    ...options,
    name,
    appendOnly: options.mode === 'static' || options.appendOnly === true,
  });
}

/** The reader of one run. */
class PostgresSource implements Source {
  private readonly object: string;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly options: PostgresReadOptions<any>,
    readonly name: string,
  ) {
    this.object = options.tableName !== undefined ? `table ${displayName(options.tableName)}` : 'query';
  }

  async run(ctx: SourceContext): Promise<void> {
    if (ctx.mode === 'static') return this.readStatic(ctx);
    const o = this.options;
    if (o.tableName === undefined)
      throw new ConnectorError(
        'postgres',
        this.object,
        'streaming reads a table, not a query',
        "set tableName, or read the query with mode: 'static'",
      );
    if (o.schema.primaryKey.length === 0 && o.appendOnly !== true)
      throw new ConnectorError(
        'postgres',
        this.object,
        'streaming needs a primary key in the schema to apply updates and deletes',
        'mark the primary-key columns with cw.column(dtype, { primaryKey: true }), or read a table that only gets ' +
          'inserts with appendOnly: true',
      );
    if (o.slotName !== undefined && !SLOT_RE.test(o.slotName))
      throw new ConnectorError(
        'postgres',
        `slot "${o.slotName}"`,
        'is not a valid slot name',
        'use [a-z0-9_]',
      );
    return new Streamer(this.settings, o, ctx, this.object).run();
  }

  private async readStatic(ctx: SourceContext): Promise<void> {
    const backoff = new Backoff(this.options.reconnect, ctx.signal);
    for (;;) {
      const sink = new RowSink(ctx, this.options.schema, this.object);
      let client: Client | undefined;
      try {
        client = await this.settings.connect();
        const o = this.options;
        await copyInto(client, copySql(o.schema, { table: o.tableName, query: o.query }), sink, ctx);
        return;
      } catch (e) {
        const err = this.settings.describeError(e, this.object);
        // Rows already handed cannot be taken back: only a failure before the first row is retried.
        if (sink.rows > 0 || ctx.signal.aborted) throw err;
        await backoff.next(err);
      } finally {
        await client?.end().catch(() => undefined);
      }
    }
  }
}

/** The streaming reader: snapshot, then replication with reconnects. */
class Streamer {
  private readonly slot: string;
  private readonly publication: string;
  private readonly dropOnStop: boolean;
  private repl: ReplicationConnection | undefined;
  private readonly applier: ChangeApplier;
  private ackedLsn: Lsn = 0n;
  private acking: Promise<void> | undefined;
  private createdPublication = false;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly o: PostgresReadOptions<any>,
    private readonly ctx: SourceContext,
    private readonly object: string,
  ) {
    const random = Math.random().toString(36).slice(2, 10);
    this.slot = o.slotName ?? `causeway_${random}`;
    this.publication = o.publicationName ?? `${this.slot}_pub`;
    this.dropOnStop = o.dropSlotOnStop ?? o.slotName === undefined;
    this.applier = new ChangeApplier(ctx, o.schema, o.tableName!, this.object, o.appendOnly === true);
  }

  async run(): Promise<void> {
    const ctx = this.ctx;
    const backoff = new Backoff(this.o.reconnect, ctx.signal);
    let admin: Client | undefined;
    let createdSlot = false;
    let snapshotDone = false;
    try {
      // Catalog work and the snapshot, on a regular connection.
      for (;;) {
        try {
          admin = await this.settings.connect();
          await this.checkTable(admin);
          await this.ensurePublication(admin);
          const existing = await admin.query<{ lsn: string }>(
            'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
            [this.slot],
          );
          this.repl = await ReplicationConnection.open(this.settings);
          if (existing.rows.length > 0) {
            this.ackedLsn = parseLsn(existing.rows[0]!.lsn ?? '0/0');
          } else {
            if (this.o.createIfMissing === false)
              throw new ConnectorError('postgres', `slot "${this.slot}"`, 'does not exist', 'create it');
            const { consistentPoint, snapshotName } = await this.repl.createSlot(this.slot);
            createdSlot = true;
            await this.readSnapshot(admin, snapshotName);
            await ctx.commit();
            this.ackedLsn = consistentPoint;
          }
          snapshotDone = true;
          break;
        } catch (e) {
          const err = this.settings.describeError(e, this.object);
          if (ctx.signal.aborted) return;
          // A snapshot cut short cannot be resumed: the run fails and the slot is dropped (a restart reads it again).
          if (createdSlot || this.applier.rows > 0) throw err;
          await this.repl?.close();
          this.repl = undefined;
          await admin?.end().catch(() => undefined);
          admin = undefined;
          await backoff.next(err);
        }
      }
      await admin.end().catch(() => undefined);
      admin = undefined;
      await this.stream(backoff);
    } finally {
      await this.shutdown(admin, createdSlot && !snapshotDone);
    }
  }

  /** Fails early with a clear error when the table is missing or lacks a schema column. */
  private async checkTable(admin: Client): Promise<void> {
    const table = quoteName(this.o.tableName!);
    const res = await admin.query(`SELECT * FROM ${table} LIMIT 0`);
    const have = new Set(res.fields.map((f) => f.name));
    const missing = this.o.schema.names.filter((n) => !have.has(n));
    if (missing.length > 0)
      throw new ConnectorError(
        'postgres',
        this.object,
        `has no column ${missing.map((m) => `"${m}"`).join(', ')}`,
        'fix the schema or the table',
      );
  }

  private async ensurePublication(admin: Client): Promise<void> {
    const res = await admin.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [this.publication]);
    if (res.rows.length > 0) return;
    if (this.o.createIfMissing === false)
      throw new ConnectorError(
        'postgres',
        `publication "${this.publication}"`,
        'does not exist',
        'create it',
      );
    try {
      await admin.query(
        `CREATE PUBLICATION ${quoteName(`"${this.publication}"`)} FOR TABLE ${quoteName(this.o.tableName!)}`,
      );
      this.createdPublication = true;
    } catch (e) {
      // Another reader created it at the same moment.
      if ((e as { code?: string }).code !== '42710') throw e;
    }
  }

  /** Reads the snapshot exported by the slot, in a transaction that imports it. */
  private async readSnapshot(admin: Client, snapshotName: string): Promise<void> {
    await admin.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await admin.query(`SET TRANSACTION SNAPSHOT '${snapshotName.replaceAll("'", "''")}'`);
    await copyInto(
      admin,
      copySql(this.o.schema, { table: this.o.tableName! }),
      this.applier.rowSink,
      this.ctx,
    );
    await admin.query('COMMIT');
  }

  /** Streams changes until the run stops, reconnecting after drops. */
  private async stream(backoff: Backoff): Promise<void> {
    const ctx = this.ctx;
    const interval = this.o.statusIntervalMs ?? 500;
    const timer = setInterval(() => void this.acknowledge(), interval);
    try {
      for (;;) {
        if (ctx.signal.aborted) return;
        const closed = await new Promise<unknown>((resolve) => {
          const repl = this.repl!;
          repl.flushLsn = this.ackedLsn;
          this.applier.attach(repl);
          const onAbort = () => resolve(undefined);
          ctx.signal.addEventListener('abort', onAbort, { once: true });
          repl
            .start(this.slot, this.publication, this.ackedLsn, {
              onData: (payload) => {
                try {
                  this.applier.onMessage(payload);
                } catch (e) {
                  resolve(e);
                }
              },
              onClose: (error) => {
                ctx.signal.removeEventListener('abort', onAbort);
                resolve(error ?? new Error('Connection terminated: replication ended'));
              },
            })
            .catch(resolve);
        });
        if (ctx.signal.aborted) return;
        // A transaction cut short is read again after the reconnect.
        this.applier.abortTransaction();
        await this.repl?.close();
        this.repl = undefined;
        const err = this.settings.describeError(closed, `slot "${this.slot}"`);
        if (!isTransient(closed) && !isTransient(err)) throw err;
        for (;;) {
          await backoff.next(err);
          if (ctx.signal.aborted) return;
          try {
            this.repl = await ReplicationConnection.open(this.settings);
            break;
          } catch (e) {
            if (!isTransient(e)) throw e;
          }
        }
        backoff.reset();
      }
    } finally {
      clearInterval(timer);
    }
  }

  /** Commits what was handed, then reports it as flushed (one acknowledgement at a time). */
  acknowledge(): Promise<void> {
    if (this.acking !== undefined) return this.acking;
    const run = async () => {
      const end = this.applier.handedEndLsn;
      if (end > this.ackedLsn) {
        await this.ctx.commit();
        if (end > this.ackedLsn) this.ackedLsn = end;
      }
      if (this.repl) {
        this.repl.flushLsn = this.ackedLsn;
        this.repl.sendStatus();
      }
    };
    this.acking = run().finally(() => (this.acking = undefined));
    return this.acking;
  }

  private async shutdown(admin: Client | undefined, dropSlot: boolean): Promise<void> {
    try {
      this.applier.abortTransaction();
      // What was handed is committed by the session when the run ends; acknowledge it first.
      await this.acknowledge().catch(() => undefined);
      await this.repl?.close();
      this.repl = undefined;
      if (dropSlot || this.dropOnStop) {
        const c = admin ?? (await this.settings.connect().catch(() => undefined));
        if (c) {
          await dropSlotWhenFree(c, this.slot);
          if (this.createdPublication)
            await c
              .query(`DROP PUBLICATION IF EXISTS ${quoteName(`"${this.publication}"`)}`)
              .catch(() => undefined);
          if (c !== admin) await c.end().catch(() => undefined);
        }
      }
    } finally {
      await admin?.end().catch(() => undefined);
    }
  }
}

/** Drops a slot, waiting (up to 10 s) for the walsender that used it to let go. */
export async function dropSlotWhenFree(client: Client, slot: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.query(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [slot],
      );
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
