// NATS connector bench: rows/s from a JetStream stream into a pipeline that counts per key and publishes the counts
// back to NATS, against the raw client reading the same messages (durable consumer, JSON decode, count in a Map,
// acks in batches after counting).
// Run: npx tsx bench/nats.ts [--messages N] [--keys K] (needs NATS with JetStream at NATS_URL, default 127.0.0.1:4222).

import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
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

  // Raw client: durable pull consumer, count per key, ack every 1,000 messages once counted (acking each message as
  // it arrives is 2-3× slower: the stronger baseline is used), publish the counts.
  await jsm.consumers.add(name, { durable_name: 'raw', ack_policy: AckPolicy.Explicit, max_ack_pending: -1 });
  let t0 = performance.now();
  const counts = new Map<string, number>();
  const msgs = await (await js.consumers.get(name, 'raw')).consume({ max_messages: 1_000 });
  const utf8 = new TextDecoder();
  const toAck: JsMsg[] = [];
  let seen = 0;
  let sum = 0;
  for await (const m of msgs) {
    const row = JSON.parse(utf8.decode(m.data)) as { key: string; n: number };
    counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
    sum += row.n;
    toAck.push(m);
    if (toAck.length === 1_000) for (const a of toAck.splice(0)) a.ack();
    if (++seen === N) break;
  }
  for (const a of toAck) a.ack();
  for (const [key, count] of counts) nc.publish(`${name}.out`, JSON.stringify({ key, count }));
  await nc.flush();
  if (sum !== (N * (N - 1)) / 2) throw new Error('raw client: wrong data');
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
  console.log(`  raw client (consume + decode + count + batched ack): ${fmt(rawS)}`);
  console.log(`  causeway (read → count per key → write): ${fmt(cwS)}`);
  console.log(`  ratio causeway / raw time: ${(cwS / rawS).toFixed(2)}×`);
} finally {
  await jsm.streams.delete(name).catch(() => undefined);
  await nc.close();
}
