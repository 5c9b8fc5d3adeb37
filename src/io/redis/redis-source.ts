// The Redis Streams reader: a consumer group read with XREADGROUP, entries acknowledged (XACK) only after the epoch
// holding them committed; on start (and after a reconnect) this consumer's pending entries are re-read first.
//
// Algorithm: phase 1 reads this consumer's pending entries list (XREADGROUP ... 0, paging by id), phase 2 blocks on
// new entries (`>`). Each entry is decoded and inserted (`RedisEntryDecoder`) and its id kept in `pending`; the
// position is the number of ids inserted. When an epoch commits, its callback acks the ids up to the position the
// commit started at (chunked, pipelined XACKs, not awaited: the next epoch does not wait for them). The blocking read
// has its own connection, so stopping cuts it without losing the final XACKs sent on the other one.
// State: `pending` (inserted, not acked), `lastId` (the last entry inserted: a pending-list re-read after a reconnect
// skips ids up to it, which this run already holds), `unacked` (ids whose XACK failed, retried with the next acks).
// Invariants: an id is acked only after its row committed; acked ids never come back from the pending list, so a
// restart re-reads exactly the entries that were not committed; entries are inserted in id order (the pending list,
// then new entries newer than anything delivered; the reply of a read resent after a reconnect is dropped for a
// pending-list re-read, as the lost first read may have taken earlier entries), so `lastId` separates held entries
// from new ones. Malformed entries are reported (stream + entry id) and acked at once, so they are never re-read in
// a loop.

import type { Redis } from 'ioredis';
import type { Schema } from '../../table/schema.js';
import { ConnectorError } from '../connector-error.js';
import type { Source, SourceContext } from '../source.js';
import { connectRedis, type RedisConnectionOptions } from './redis-connection.js';
import { RedisEntryDecoder, type RedisStreamFormat } from './redis-entry-decoder.js';

export type { RedisStreamFormat } from './redis-entry-decoder.js';

/** Ids per XACK command (larger acks are split and pipelined). */
const ACK_CHUNK = 10_000;

/** What the reader reads (see `redis.read`). */
export interface RedisSourceOptions extends RedisConnectionOptions {
  /** The stream's key. */
  stream: string;
  /** Consumer group (default `causeway`); created when missing unless `createGroup` is false. */
  group?: string;
  /** This reader's consumer name in the group (default `causeway`): keep it stable to resume its pending entries. */
  consumerName?: string;
  /** Create the group when missing (default true), starting at `startId`. */
  createGroup?: boolean;
  /** Where a created group starts: `0` (the whole stream, default) or `$` (new entries only). */
  startId?: string;
  /** Entry layout (default `fields`). */
  format?: RedisStreamFormat;
  /**
   * json / plaintext / raw / debezium: the field holding the payload (default `data`; debezium: `value`, and an
   * entry with a single field, as Debezium Server's compact layout writes, uses that field whatever its name).
   */
  field?: string;
  /** Entries per read (default 1,000). */
  batchSize?: number;
  /** How long one blocking read waits in ms (default 1,000). */
  blockMs?: number;
}

type Entry = [id: string | Buffer, fields: (string | Buffer)[]];
type ReadReply = [stream: string | Buffer, entries: Entry[]][] | null;

function isConnectionError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : '';
  return /Connection is closed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|Stream isn't writeable/i.test(
    m,
  );
}

/** A reader of one stream through a consumer group. */
export class RedisSource implements Source {
  readonly name: string;
  private readonly format: RedisStreamFormat;
  private readonly field: string;

  /** Prepares the reader (connects on `run`); with the schema, entries are parsed on the fast path. */
  constructor(
    private readonly options: RedisSourceOptions,
    private readonly schema?: Schema<any>,
  ) {
    this.name = `redis(stream ${options.stream})`;
    this.format = options.format ?? 'fields';
    this.field = options.field ?? (this.format === 'debezium' ? 'value' : 'data');
  }

  async run(ctx: SourceContext): Promise<void> {
    const o = this.options;
    const object = `stream "${o.stream}"`;
    const cmd = await connectRedis(o, object);
    let reader: Redis | undefined;
    try {
      await this.prepareGroup(cmd);
      reader = await connectRedis(o, object);
      await this.consume(ctx, cmd, reader);
    } finally {
      reader?.disconnect();
      await cmd.quit().catch(() => cmd.disconnect());
    }
  }

  private async prepareGroup(r: Redis): Promise<void> {
    const o = this.options;
    const group = o.group ?? 'causeway';
    if ((await r.exists(o.stream)) === 0)
      throw new ConnectorError(
        'redis',
        `stream "${o.stream}"`,
        'does not exist',
        'create it (XADD or XGROUP CREATE ... MKSTREAM) or fix the stream option',
      );
    if (o.createGroup === false) {
      const groups = (await r.xinfo('GROUPS', o.stream)) as unknown[][];
      if (!groups.some((g) => g[1] === group))
        throw new ConnectorError(
          'redis',
          `group "${group}" of stream "${o.stream}"`,
          'does not exist',
          'create it (XGROUP CREATE), or leave createGroup on',
        );
      return;
    }
    try {
      await r.xgroup('CREATE', o.stream, group, o.startId ?? '0');
    } catch (e) {
      if (!(e instanceof Error && e.message.startsWith('BUSYGROUP'))) throw e;
    }
  }

  private async consume(ctx: SourceContext, cmd: Redis, reader: Redis): Promise<void> {
    const o = this.options;
    const group = o.group ?? 'causeway';
    const consumer = o.consumerName ?? 'causeway';
    const count = o.batchSize ?? 1_000;
    const block = o.blockMs ?? 1_000;
    const raw = this.format === 'raw';
    const decoder = new RedisEntryDecoder(
      o.stream,
      this.format,
      this.field,
      this.schema,
      `source:redis(stream ${o.stream}):${group}:${consumer}`,
    );
    // Inserted ids not yet acked; `pending[0]` is the `ackedUpTo`-th id inserted (the position counts inserted ids).
    const pending: string[] = [];
    let ackedUpTo = 0;
    let inserted = 0;
    let unacked: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const xack = (ids: string[]): void => {
      if (ids.length === 0) return;
      const p = sendAcks(cmd, o.stream, group, ids).catch(() => {
        unacked = unacked.concat(ids);
      });
      inFlight.add(p);
      void p.then(() => inFlight.delete(p));
    };
    ctx.onCommitted((position) => {
      // Every id inserted before the commit started (its position) is in the committed epoch.
      const ids = pending.splice(0, (position as number) - ackedUpTo);
      ackedUpTo = position as number;
      const retry = unacked;
      unacked = [];
      xack(retry.length > 0 ? retry.concat(ids) : ids);
    });
    const stop = () => reader.disconnect();
    ctx.signal.addEventListener('abort', stop, { once: true });
    // Phase 1 (and after each reconnect): this consumer's pending entries, from `cursor` on. Entries up to `lastId`
    // were already inserted (or acked as malformed) by this run: a re-read skips them.
    let cursor: string | undefined = '0';
    let lastId: string | undefined;
    let reconnects = 0;
    reader.on('reconnecting', () => reconnects++);
    try {
      while (!ctx.signal.aborted) {
        const before = reconnects;
        let reply: ReadReply;
        try {
          const args = ['GROUP', group, consumer, 'COUNT', count] as const;
          const tail =
            cursor !== undefined
              ? ['STREAMS', o.stream, cursor]
              : ctx.mode === 'static'
                ? ['STREAMS', o.stream, '>']
                : ['BLOCK', block, 'STREAMS', o.stream, '>'];
          reply = (
            raw
              ? await reader.xreadgroupBuffer(
                  ...(args as unknown as ['GROUP', string, string]),
                  ...(tail as ['STREAMS', string, string]),
                )
              : await reader.xreadgroup(
                  ...(args as unknown as ['GROUP', string, string]),
                  ...(tail as ['STREAMS', string, string]),
                )
          ) as ReadReply;
        } catch (e) {
          if (ctx.signal.aborted) break;
          if (e instanceof Error && e.message.startsWith('NOGROUP'))
            throw new ConnectorError(
              'redis',
              `group "${group}" of stream "${o.stream}"`,
              'no longer exists (the stream or the group was deleted)',
              'recreate it and restart',
            );
          if (!isConnectionError(e)) throw e;
          // The read may have moved entries into our pending list before the reply was lost: re-read it.
          cursor = '0';
          await waitReady(reader, ctx.signal);
          continue;
        }
        if (reconnects !== before) {
          // A read resent after a reconnect: the first one may have moved entries into our pending list, so this
          // reply may skip some. Its entries are in the pending list too: re-read it, in id order, instead.
          cursor = '0';
          continue;
        }
        const entries = reply?.[0]?.[1] ?? [];
        // New entries (`>`) were never delivered before; only a pending-list read can repeat an inserted entry.
        const rereading = cursor !== undefined && lastId !== undefined;
        let malformed: string[] | undefined;
        for (let e = 0; e < entries.length; e++) {
          const entry = entries[e]!;
          const rawId = entry[0];
          const id = typeof rawId === 'string' ? rawId : rawId.toString();
          if (cursor !== undefined) cursor = id;
          if (rereading && !idAfter(id, lastId!)) continue;
          lastId = id;
          if (decoder.apply(ctx, entry[1], id)) {
            pending.push(id);
            ctx.setPosition(++inserted);
          } else (malformed ??= []).push(id); // reported; acked so that it is not re-read forever
        }
        if (malformed !== undefined) xack(malformed);
        const wait = ctx.backpressure();
        if (wait) await wait;
        if (entries.length === 0) {
          if (cursor !== undefined)
            cursor = undefined; // pending list read: switch to new entries
          else if (ctx.mode === 'static') break;
        }
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
    // Commit what was read (its callback acks it), then make sure every ack went through (retrying while the
    // connection comes back).
    await ctx.commit();
    // Ids still in `pending` were not committed (a failed run acknowledges nothing); failed acks are retried.
    for (let attempt = 0; ; attempt++) {
      while (inFlight.size > 0) await Promise.all(inFlight);
      const ids = unacked;
      unacked = [];
      if (ids.length === 0 || attempt >= 50) break;
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100));
      xack(ids);
    }
  }
}

/** Acknowledges `ids` (in chunks, pipelined: a command never carries an unbounded argument list). */
function sendAcks(cmd: Redis, stream: string, group: string, ids: string[]): Promise<void> {
  if (ids.length <= ACK_CHUNK) return cmd.xack(stream, group, ...ids).then(() => undefined);
  const p = cmd.pipeline();
  for (let i = 0; i < ids.length; i += ACK_CHUNK) p.xack(stream, group, ...ids.slice(i, i + ACK_CHUNK));
  return p.exec().then((res) => {
    const failed = res?.find(([err]) => err !== null);
    if (failed) throw failed[0]!;
  });
}

/** Whether stream entry id `a` comes after `b` (ids are `<ms>-<seq>`). */
function idAfter(a: string, b: string): boolean {
  const da = a.indexOf('-');
  const db = b.indexOf('-');
  const msA = Number(a.slice(0, da));
  const msB = Number(b.slice(0, db));
  return msA !== msB ? msA > msB : Number(a.slice(da + 1)) > Number(b.slice(db + 1));
}

/** Resolves when the client is connected again (or the run stops). */
function waitReady(r: Redis, signal: AbortSignal): Promise<void> {
  if (r.status === 'ready' || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      r.off('ready', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    r.once('ready', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
