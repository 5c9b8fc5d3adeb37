// NATS connector bench: rows/s from a JetStream stream into a pipeline that counts per key and publishes the counts
// back to NATS, against the raw client reading the same messages (durable consumer, ack each, count in a Map).
// Run: npx tsx bench/nats.ts [--messages N] [--keys K] (needs NATS with JetStream at NATS_URL, default 127.0.0.1:4222).

import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import * as cw from '../src/index.js';
import * as nats from '../src/io/nats/index.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('messages', 200_000);
const K = arg('keys', 1_000);
const URL = process.env.NATS_URL ?? '127.0.0.1:4222';

const nc = await connect({ servers: URL });
const jsm = await jetstreamManager(nc);
const name = `BENCH_${Date.now().toString(36).toUpperCase()}`;
await jsm.streams.add({ name, subjects: [`${name}.in`, `${name}.out`] });
try {
  // Fill the stream (publish acks awaited in windows).
  const js = jetstream(nc);
  let acks: Promise<unknown>[] = [];
  for (let i = 0; i < N; i++) {
    acks.push(js.publish(`${name}.in`, JSON.stringify({ key: `k${i % K}`, n: i })));
    if (acks.length === 5_000) {
      await Promise.all(acks);
      acks = [];
    }
  }
  await Promise.all(acks);

  // Raw client: durable pull consumer, ack each message, count per key, publish the counts.
  await jsm.consumers.add(name, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, max_ack_pending: -1 });
  let t0 = performance.now();
  const counts = new Map<string, number>();
  const msgs = await (await js.consumers.get(name, 'raw')).consume({ max_messages: 1_000 });
  let seen = 0;
  for await (const m of msgs) {
    const row = JSON.parse(new TextDecoder().decode(m.data)) as { key: string };
    counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
    m.ack();
    if (++seen === N) break;
  }
  for (const [key, count] of counts) nc.publish(`${name}.out`, JSON.stringify({ key, count }));
  await nc.flush();
  const rawS = (performance.now() - t0) / 1000;

  // Causeway: nats.read → groupBy(key).count → nats.write.
  const table = nats.read({
    servers: URL,
    stream: name,
    subject: `${name}.in`,
    durableName: 'causeway',
    schema: cw.schema({ key: cw.STR, n: cw.INT }),
  });
  const totals = table.groupBy('key').reduce({ key: cw.this.key, count: cw.reducers.count() });
  nats.write(totals, { servers: URL, subject: `${name}.out` });
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
  console.log(`nats bench: ${N.toLocaleString('en-US')} messages, ${K} keys`);
  console.log(`  raw client (consume + ack + count): ${fmt(rawS)}`);
  console.log(`  causeway (read → count per key → write): ${fmt(cwS)}`);
  console.log(`  ratio causeway / raw time: ${(cwS / rawS).toFixed(2)}×`);
} finally {
  await jsm.streams.delete(name).catch(() => undefined);
  await nc.close();
}
