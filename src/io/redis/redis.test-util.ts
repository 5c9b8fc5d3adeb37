// Test helpers for the Redis connector: unique key names per test, adding stream entries, reading back, cleanup.

import { Redis } from 'ioredis';

/** The test server (REDIS_URL overrides). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique key prefix on the test server; `remove()` deletes every key under it. */
export class TestKeys {
  readonly prefix: string;
  readonly client = new Redis(REDIS_URL);

  /** Creates the prefix `cw:<tag>:<random>:`. */
  constructor(tag: string) {
    this.prefix = `cw:${tag}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  }

  /** The key `<prefix><name>`. */
  key(name: string): string {
    return this.prefix + name;
  }

  /** Appends entries to a stream: objects become fields (values as text). */
  async add(stream: string, entries: readonly Record<string, unknown>[]): Promise<void> {
    const p = this.client.pipeline();
    for (const e of entries)
      p.xadd(
        stream,
        '*',
        ...Object.entries(e).flatMap(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v) : String(v)]),
      );
    await p.exec();
  }

  /** Every entry of a stream as an object of its fields. */
  async entries(stream: string): Promise<Record<string, string>[]> {
    const all = await this.client.xrange(stream, '-', '+');
    return all.map(([, f]) => {
      const o: Record<string, string> = {};
      for (let i = 0; i + 1 < f.length; i += 2) o[f[i]!] = f[i + 1]!;
      return o;
    });
  }

  /** The group's pending count for a stream (entries delivered and not acked). */
  async pendingCount(stream: string, group = 'causeway'): Promise<number> {
    const p = (await this.client.xpending(stream, group)) as [number, ...unknown[]];
    return p[0];
  }

  /** Deletes every key under the prefix and closes the client. */
  async remove(): Promise<void> {
    const keys = await this.client.keys(`${this.prefix}*`);
    if (keys.length > 0) await this.client.del(...keys);
    this.client.disconnect();
  }
}
