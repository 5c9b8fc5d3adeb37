// Redis connector bench: rows/s from a Redis Stream (consumer group) into a pipeline that counts per key and keeps the
// counts as hashes, against the raw client reading the same entries (XREADGROUP + XACK per batch, both fields read,
// count in a Map).
// Run: npx tsx bench/redis.ts [--messages N] [--keys K] (needs Redis at REDIS_URL, default redis://127.0.0.1:6379).

import { Redis } from 'ioredis';
import * as cw from '../src/index.js';
import * as redis from '../src/io/redis/index.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('messages', 200_000);
const K = arg('keys', 1_000);
const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const r = new Redis(URL);
const prefix = `cw:bench:${Date.now().toString(36)}:`;
const stream = `${prefix}in`;
try {
  for (let i = 0; i < N; i += 10_000) {
    const p = r.pipeline();
    for (let j = i; j < Math.min(N, i + 10_000); j++) p.xadd(stream, '*', 'key', `k${j % K}`, 'n', String(j));
    await p.exec();
  }

  // Raw client: XREADGROUP in batches, XACK each batch, count per key, write the counts as hashes.
  await r.xgroup('CREATE', stream, 'raw', '0');
  let t0 = performance.now();
  const counts = new Map<string, number>();
  let seen = 0;
  let sum = 0;
  while (seen < N) {
    const reply = (await r.xreadgroup('GROUP', 'raw', 'c', 'COUNT', 1_000, 'STREAMS', stream, '>')) as
      [string, [string, string[]][]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    const ids: string[] = [];
    for (const [id, f] of entries) {
      const key = f[1]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      sum += Number(f[3]);
      ids.push(id);
    }
    if (ids.length > 0) await r.xack(stream, 'raw', ...ids);
    seen += entries.length;
  }
  const m = r.multi();
  for (const [key, count] of counts) m.hset(`${prefix}raw:${key}`, 'key', key, 'count', String(count));
  await m.exec();
  const rawS = (performance.now() - t0) / 1000;
  if (sum !== (N * (N - 1)) / 2) throw new Error('raw client: wrong data');

  // Causeway: redis.read → groupBy(key).count → redis.write (hash snapshot).
  const table = redis.read({
    url: URL,
    stream,
    group: 'causeway',
    schema: cw.schema({ key: cw.STR, n: cw.INT }),
  });
  const totals = table.groupBy('key').reduce({ key: cw.this.key, count: cw.reducers.count() });
  redis.write(totals, { url: URL, keyPrefix: `${prefix}cw:`, keyColumns: ['key'] });
  let total = 0;
  const run: { runtime?: cw.Runtime } = {};
  cw.subscribe(totals, {
    onChange: (_k, row, _t, add) => {
      total += add ? row.count : -row.count;
    },
    onTimeEnd: () => {
      if (total === N) void run.runtime?.stop();
    },
  });
  t0 = performance.now();
  run.runtime = cw.build();
  await run.runtime.run();
  const cwS = (performance.now() - t0) / 1000;

  const fmt = (s: number) => `${Math.round(N / s).toLocaleString('en-US')} rows/s (${s.toFixed(2)} s)`;
  console.log(`redis bench: ${N.toLocaleString('en-US')} entries, ${K} keys`);
  console.log(`  raw client (XREADGROUP + XACK + count): ${fmt(rawS)}`);
  console.log(`  causeway (read → count per key → write): ${fmt(cwS)}`);
  console.log(`  ratio causeway / raw time: ${(cwS / rawS).toFixed(2)}×`);
} finally {
  const keys = await r.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1_000) await r.del(...keys.slice(i, i + 1_000));
  r.disconnect();
}
