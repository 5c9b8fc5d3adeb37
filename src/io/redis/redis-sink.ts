// The Redis writer: a change log on a stream (XADD with one field per column plus `time` and `diff`), or a snapshot in
// hashes keyed by primary key (HSET on insert/update, DEL on retraction). Each epoch is one MULTI/EXEC transaction.

import type { ChainableCommander, Redis } from 'ioredis';
import { keyToString, type Key } from '../../engine/key.js';
import type { DType } from '../../table/dtype.js';
import { ConnectorError } from '../connector-error.js';
import { jsonFormatter, type ValueFormatter } from '../format-value.js';
import { cellText } from '../message-format.js';
import type { EpochChanges, Sink } from '../sink.js';
import { connectRedis, redisError, type RedisConnectionOptions } from './redis-connection.js';

/** Options of `redis.write`: a `stream` (change log) or a `keyPrefix` (snapshot in hashes). */
export interface RedisSinkOptions extends RedisConnectionOptions {
  /** Change log: the stream every change is appended to. */
  stream?: string;
  /** Change log: trim the stream to about this many entries (XADD MAXLEN ~). */
  maxLen?: number;
  /** Snapshot: each row is the hash `<keyPrefix><primary key>`. */
  keyPrefix?: string;
  /** Snapshot: the columns forming the key (joined with `:`); default the row id. */
  keyColumns?: readonly string[];
  /** Attempts per epoch before the run fails (default 5); a failed transaction is retried whole. */
  attempts?: number;
}

/** A writer of one stream or one set of hashes. */
export class RedisSink implements Sink {
  readonly name: string;
  private client: Redis | undefined;
  private columns: readonly string[] = [];
  private formatters: ValueFormatter[] = [];
  private keyIndex: number[] = [];
  private queued: ((m: ChainableCommander) => void)[] = [];

  /** Prepares the writer (connects on `open`). */
  constructor(private readonly options: RedisSinkOptions) {
    if ((options.stream === undefined) === (options.keyPrefix === undefined))
      throw new ConnectorError(
        'redis',
        'write',
        'set exactly one of stream (change log) and keyPrefix (snapshot)',
      );
    this.name =
      options.stream !== undefined ? `redis(stream ${options.stream})` : `redis(${options.keyPrefix}*)`;
  }

  private get object(): string {
    return this.options.stream !== undefined
      ? `stream "${this.options.stream}"`
      : `keys "${this.options.keyPrefix}*"`;
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.columns = columns;
    this.formatters = dtypes.map((d) => jsonFormatter(d));
    this.keyIndex = (this.options.keyColumns ?? []).map((c) => {
      const i = columns.indexOf(c);
      if (i < 0)
        throw new ConnectorError(
          'redis',
          this.object,
          `key column "${c}" is not a column`,
          `use one of ${columns.join(', ')}`,
        );
      return i;
    });
    this.client = await connectRedis(this.options, this.object);
  }

  write(changes: EpochChanges): void {
    if (this.options.stream !== undefined) this.writeStream(changes, this.options.stream);
    else this.writeHashes(changes, this.options.keyPrefix!);
  }

  private fields(row: readonly unknown[], out: string[]): void {
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) continue;
      out.push(cols[i]!, cellText(v, this.formatters[i]!));
    }
  }

  private writeStream({ time, rows, diffs }: EpochChanges, stream: string): void {
    const t = String(time);
    const trim = this.options.maxLen !== undefined ? ['MAXLEN', '~', String(this.options.maxLen)] : [];
    const entries: string[][] = [];
    for (let i = 0; i < rows.length; i++) {
      const f: string[] = [];
      this.fields(rows[i]!, f);
      f.push('time', t, 'diff', String(diffs[i]));
      entries.push(f);
    }
    this.queued.push((m) => {
      for (const f of entries) m.xadd(stream, ...(trim as []), '*', ...(f as [string, string]));
    });
  }

  private keyOf(key: Key, row: readonly unknown[], prefix: string): string {
    const idx = this.keyIndex;
    if (idx.length === 0) return prefix + keyToString(key);
    let s = prefix;
    for (let j = 0; j < idx.length; j++)
      s += (j > 0 ? ':' : '') + cellText(row[idx[j]!], this.formatters[idx[j]!]!);
    return s;
  }

  private writeHashes({ keys, rows, diffs }: EpochChanges, prefix: string): void {
    // Changes of an epoch come in any order: a key both retracted and inserted is an update, not a deletion.
    const inserted = new Map<string, readonly unknown[]>();
    const retracted = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const k = this.keyOf(keys[i]!, rows[i]!, prefix);
      if (diffs[i]! > 0) inserted.set(k, rows[i]!);
      else retracted.add(k);
    }
    const ops: [string, string[] | undefined][] = [];
    for (const k of retracted) if (!inserted.has(k)) ops.push([k, undefined]);
    for (const [k, row] of inserted) {
      const f: string[] = [];
      this.fields(row, f);
      ops.push([k, f]);
    }
    this.queued.push((m) => {
      for (const [k, f] of ops) {
        // An update replaces the whole hash: fields that became null disappear.
        m.del(k);
        if (f !== undefined && f.length > 0) m.hset(k, ...(f as [string, string]));
      }
    });
  }

  async flush(): Promise<void> {
    if (this.queued.length === 0) return;
    const queued = this.queued;
    this.queued = [];
    const attempts = this.options.attempts ?? 5;
    for (let a = 1; ; a++) {
      const m = this.client!.multi();
      for (const q of queued) q(m);
      try {
        const res = await m.exec();
        const failed = res?.find(([err]) => err !== null);
        if (failed) throw failed[0]!;
        return;
      } catch (e) {
        // A transaction either ran whole or not at all: retrying after a dropped connection is safe for hashes;
        // for a stream a reply lost after EXEC may append the epoch twice (at-least-once).
        if (a >= attempts) throw redisError(e, this.options, this.object);
        await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** a)));
      }
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client?.quit().catch(() => this.client?.disconnect());
    this.client = undefined;
  }
}
