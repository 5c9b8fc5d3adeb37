// The Redis Streams reader: a consumer group read with XREADGROUP, entries acknowledged (XACK) only after the epoch
// holding them committed; on start (and after a reconnect) this consumer's pending entries are re-read first.
//
// Algorithm: phase 1 reads this consumer's pending entries list (XREADGROUP ... 0, paging by id), phase 2 blocks on
// new entries (`>`). Each entry is decoded and inserted (a `diff` field of `-1` deletes by primary key) and its id
// kept in `pending`. Acks follow commits in two phases, as in the NATS reader: at each committed epoch the ids kept at
// the previous commit callback are acked (they were all in the batch that just committed). The blocking read has its
// own connection, so stopping cuts it without losing the final XACKs sent on the other one.
// State: `pending` (inserted, not acked), `seen` (ids inserted and not yet confirmed acked: a pending entry re-read
// after a reconnect is skipped), `unacked` (ids whose XACK failed, retried).
// Invariants: an id is acked only after its row committed; acked ids never come back from the pending list, so a
// restart re-reads exactly the entries that were not committed. Malformed entries are reported (stream + entry id)
// and acked at once, so they are never re-read in a loop.

import type { Redis } from 'ioredis';
import { ConnectorError } from '../connector-error.js';
import { decodeMessage, MessageFormatError, type MessageFormat } from '../message-format.js';
import type { Source, SourceContext } from '../source.js';
import { connectRedis, type RedisConnectionOptions } from './redis-connection.js';

/** Entry layout: one field per column (`fields`), or the payload in one field as json / plaintext / raw. */
export type RedisStreamFormat = 'fields' | MessageFormat;

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
  /** json / plaintext / raw: the field holding the payload (default `data`). */
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

  /** Prepares the reader (connects on `run`). */
  constructor(private readonly options: RedisSourceOptions) {
    this.name = `redis(stream ${options.stream})`;
    this.format = options.format ?? 'fields';
    this.field = options.field ?? 'data';
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
    const pending: string[] = [];
    const seen = new Set<string>();
    let unacked: string[] = [];
    let boundary = 0;
    const xack = (ids: string[]) => {
      if (ids.length === 0) return Promise.resolve();
      return cmd.xack(o.stream, group, ...ids).then(
        () => {
          for (const id of ids) seen.delete(id);
        },
        () => {
          unacked = unacked.concat(ids);
        },
      );
    };
    ctx.onCommitted(() => {
      const ids = pending.splice(0, boundary);
      boundary = pending.length;
      const retry = unacked;
      unacked = [];
      void xack(retry.length > 0 ? retry.concat(ids) : ids);
    });
    const stop = () => reader.disconnect();
    ctx.signal.addEventListener('abort', stop, { once: true });
    // Phase 1 (and after each reconnect): this consumer's pending entries, from `cursor` on.
    let cursor: string | undefined = '0';
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
        const entries = reply?.[0]?.[1] ?? [];
        for (const [rawId, fields] of entries) {
          const id = rawId.toString();
          if (cursor !== undefined) cursor = id;
          if (seen.has(id)) continue;
          seen.add(id);
          if (this.apply(ctx, fields, `stream "${o.stream}" entry ${id}`)) pending.push(id);
          else void xack([id]); // malformed: reported, acked so it is not re-read forever
          const wait = ctx.backpressure();
          if (wait) await wait;
        }
        if (reconnects !== before) {
          // A read resent after a reconnect: the first one may have moved entries into our pending list.
          cursor = '0';
        } else if (entries.length === 0) {
          if (cursor !== undefined)
            cursor = undefined; // pending list read: switch to new entries
          else if (ctx.mode === 'static') break;
        }
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
    // Commit what was read, then ack all of it (retrying while the connection comes back).
    await ctx.commit();
    let ids = unacked.concat(pending.splice(0, pending.length));
    for (let attempt = 0; ids.length > 0 && attempt < 50; attempt++) {
      unacked = [];
      await xack(ids);
      ids = unacked;
      if (ids.length > 0) await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Inserts (or, with `diff` = -1, deletes) one entry; false when it was malformed. */
  private apply(ctx: SourceContext, fields: (string | Buffer)[], position: string): boolean {
    let record: Record<string, unknown> = {};
    let diff: string | undefined;
    let payload: string | Buffer | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const k = fields[i]!.toString();
      const v = fields[i + 1]!;
      if (k === 'diff') diff = v.toString();
      if (this.format === 'fields') record[k] = typeof v === 'string' ? v : v.toString();
      else if (k === this.field) payload = v;
    }
    if (this.format !== 'fields') {
      if (payload === undefined) {
        ctx.error(position, `no field "${this.field}" in the entry`);
        return false;
      }
      try {
        record = decodeMessage(
          typeof payload === 'string' ? payload : new Uint8Array(payload),
          this.format,
        ) as Record<string, unknown>;
      } catch (e) {
        if (!(e instanceof MessageFormatError)) throw e;
        ctx.error(position, e.message);
        return false;
      }
    }
    if (diff === '-1') {
      ctx.delete(record, position);
      return true;
    }
    return ctx.insert(record, position) !== undefined;
  }
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
