// Following a table's changes in the MySQL/MariaDB binary log (ROW format) from a recorded position, with zongji:
// inserted rows are inserted, deleted rows deleted, an update retracts the old row and inserts the new one, and
// the rows of one transaction form one atomic unit.
//
// Algorithm: zongji streams events from (file, position) filtered to the table; row events open a unit, the
// transaction's end (XID, or a COMMIT query for non-transactional engines) closes it and advances the resume
// position. After a dropped connection the unit in progress is dropped and the stream restarts, with backoff, at
// the end of the last complete transaction, so no transaction is lost or applied twice.
// State: the resume position, whether a unit is open. Backpressure pauses the binlog connection between transactions.

import type { SourceContext } from '../source.js';
import { ConnectorError } from '../connector-error.js';
import {
  isTransient,
  mysql2Config,
  toConnectorError,
  type ReconnectOptions,
  type ResolvedConnection,
} from './mysql-connection.js';
import { delay } from '../reconnect.js';

/** A place in the binary log. */
export interface BinlogPosition {
  file: string;
  position: number;
}

/** What the follower needs. */
export interface BinlogFollowerOptions {
  readonly conn: ResolvedConnection;
  readonly tableName: string;
  /** Converts a binlog row (by column name) to the record handed to the context (values in schema order). */
  readonly toRecord: (row: Record<string, unknown>) => unknown[];
  readonly reconnect: ReconnectOptions | undefined;
  /** Replication server id of this reader (unique among the server's replicas). */
  readonly serverId: number;
}

interface BinlogEvent {
  getEventName(): string;
  nextPosition: number;
  binlogName?: string;
  position?: number;
  query?: string;
  rows?: (Record<string, unknown> | { before: Record<string, unknown>; after: Record<string, unknown> })[];
}

interface ZongJiLike {
  on(event: string, cb: (arg: never) => void): void;
  start(options: Record<string, unknown>): void;
  stop(): void;
  connection: { pause(): void; resume(): void } | null;
}

// Statements that take the table away (adding columns is harmless); TRUNCATE, which writes no row events, empties it.
const DDL_RE = /^\s*(DROP\s+TABLE|RENAME\s+TABLE|ALTER\s+TABLE\s+\S+\s+RENAME)\b/i;
const TRUNCATE_RE = /^\s*TRUNCATE\b/i;

/** Streams the table's changes from `start` until `ctx.signal` aborts (or a permanent error). */
export async function followBinlog(
  start: BinlogPosition,
  ctx: SourceContext,
  o: BinlogFollowerOptions,
): Promise<void> {
  const { default: ZongJi } = await import('@vlasky/zongji');
  const object = `table "${o.conn.database}.${o.tableName}"`;
  const resume: BinlogPosition = { ...start };
  const maxRetries = (o.reconnect?.maxAttempts ?? 10) - 1;
  let wait = o.reconnect?.initialDelayMs ?? 200;
  let retries = 0;
  const tableRe = new RegExp(
    '`?' + o.tableName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '`?(\\s|;|$|,)',
    'i',
  );

  while (!ctx.signal.aborted) {
    const z = new ZongJi({ ...mysql2Config(o.conn) }) as unknown as ZongJiLike;
    let inUnit = false;
    let position = 0;
    const closeUnit = (): void => {
      if (inUnit) ctx.endUnit();
      inUnit = false;
    };
    const stopped = new Promise<void>((resolve, reject) => {
      const onAbort = (): void => resolve();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const fail = (e: unknown): void => {
        ctx.signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      z.on('error', fail);
      z.on('binlog', (ev: BinlogEvent) => {
        try {
          const name = ev.getEventName();
          if (name === 'rotate') {
            if (ev.binlogName) resume.file = ev.binlogName;
            resume.position = ev.position ?? 4;
            return;
          }
          if (name === 'writerows' || name === 'deleterows' || name === 'updaterows') {
            if (!inUnit) ctx.beginUnit();
            inUnit = true;
            for (const r of ev.rows ?? []) {
              const at = `binlog ${resume.file}:${resume.position} row ${++position}`;
              if (name === 'writerows') ctx.insert(o.toRecord(r), at);
              else if (name === 'deleterows') ctx.delete(o.toRecord(r), at);
              else {
                const u = r as { before: Record<string, unknown>; after: Record<string, unknown> };
                ctx.delete(o.toRecord(u.before), at);
                ctx.insert(o.toRecord(u.after), at);
              }
            }
            return;
          }
          if (name === 'mariadbgtid') {
            // A new event group: the previous one is complete (standalone groups have no commit marker).
            if (inUnit) closeUnit();
            return;
          }
          const text = name === 'query' ? (ev.query ?? '').trim() : '';
          if (name === 'query' && TRUNCATE_RE.test(text) && tableRe.test(text)) {
            // Every row goes, as one change of its own (TRUNCATE commits implicitly).
            closeUnit();
            ctx.beginUnit();
            ctx.deleteAll();
            ctx.endUnit();
          }
          if (name === 'query' && DDL_RE.test(text) && tableRe.test(text))
            throw new ConnectorError(
              'mysql',
              object,
              `changed by \`${text.slice(0, 80)}\` while being followed`,
              'restart the reader: it reads a fresh snapshot',
            );
          const commit = name === 'xid' || /^COMMIT\b/i.test(text);
          // A statement outside a transaction (DDL on another table) is a boundary too; BEGIN is not.
          const standalone = name === 'query' && !inUnit && !/^(BEGIN|XA |SAVEPOINT)/i.test(text);
          if (commit || standalone) {
            closeUnit();
            if (ev.nextPosition > 0) resume.position = ev.nextPosition;
            retries = 0;
            wait = o.reconnect?.initialDelayMs ?? 200;
            const w = ctx.backpressure();
            if (w && z.connection) {
              const c = z.connection;
              c.pause();
              void w.then(() => c.resume());
            }
          }
        } catch (e) {
          fail(e);
        }
      });
    });
    z.start({
      serverId: o.serverId,
      filename: resume.file,
      position: resume.position,
      includeEvents: [
        'rotate',
        'tablemap',
        'writerows',
        'updaterows',
        'deleterows',
        'xid',
        'query',
        'mariadbgtid',
      ],
      includeSchema: { [o.conn.database]: [o.tableName] },
    });
    try {
      await stopped;
      return;
    } catch (e) {
      // The transaction in progress is read again from the resume position.
      if (inUnit) ctx.abortUnit();
      if (!isTransient(e) || retries >= maxRetries || ctx.signal.aborted) {
        if (ctx.signal.aborted) return;
        throw binlogError(e, o.conn, object);
      }
      retries++;
      await delay(wait, ctx.signal);
      wait = Math.min(o.reconnect?.maxDelayMs ?? 10_000, wait * 2);
    } finally {
      z.stop();
    }
  }
}

function binlogError(e: unknown, conn: ResolvedConnection, object: string): ConnectorError {
  const err = e as { errno?: number; message?: string };
  if (err.errno === 1236)
    return new ConnectorError(
      'mysql',
      object,
      `binlog position no longer available (${err.message ?? ''})`,
      'restart the reader: it reads a fresh snapshot; keep binlogs longer (binlog_expire_logs_seconds)',
      { cause: e },
    );
  return toConnectorError(e, conn, object);
}
