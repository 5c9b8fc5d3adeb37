// The live demo (`npm start`): a feeder replays the bundled order events into a folder of JSON files — one file per
// order: a new order adds a file, a changed quantity rewrites it, a cancellation deletes it. The pipeline watches
// the folder (`cw.io.jsonlines.read`, streaming) and keeps per-region revenue and a product leaderboard up to date
// in the terminal, and writes the region table's change stream to a CSV file.
//
// Run: npm start            (about 15 s; Ctrl-C stops cleanly)
//      npm start -- --fast  (no pauses: the same pipeline as a batch job over the final files)

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cw from '../src/index.js';

const Order = cw.schema({
  id: cw.column(cw.STR, { primaryKey: true }),
  region: cw.STR,
  product: cw.STR,
  qty: cw.INT,
  price: cw.FLOAT,
});

type OrderEvent =
  | { op: 'upsert'; id: string; region: string; product: string; qty: number; price: number }
  | { op: 'delete'; id: string };

const fast = process.argv.includes('--fast');
const eventsPerTick = 12;
const tickMs = 400;

const work = mkdtempSync(join(tmpdir(), 'causeway-demo-'));
const ordersDir = join(work, 'orders');
mkdirSync(ordersDir);
const changesCsv = join(work, 'regions.csv');

const events = readFileSync(fileURLToPath(new URL('./data/orders.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as OrderEvent);

/** Applies one order event to the folder: the file system is the source of truth the pipeline watches. */
function apply(e: OrderEvent): void {
  const file = join(ordersDir, `${e.id}.json`);
  if (e.op === 'delete') rmSync(file, { force: true });
  else writeFileSync(file, JSON.stringify({ ...e, op: undefined }) + '\n');
}

// The pipeline: written once; it runs incrementally, recomputing only the groups an epoch touched.
const orders = cw.io.jsonlines.read(ordersDir, {
  schema: Order,
  mode: fast ? 'static' : 'streaming',
  refreshIntervalMs: 100,
  autocommitDurationMs: 50,
});
const withTotal = orders.withColumns({ total: cw.this.qty.mul(cw.this.price) });
const byRegion = withTotal.groupBy('region').reduce({
  region: cw.this.region,
  orders: cw.reducers.count(),
  units: cw.reducers.sum(cw.this.qty),
  revenue: cw.reducers.sum(cw.this.total),
  biggest: cw.reducers.max(cw.this.total),
});
const byProduct = withTotal.groupBy('product').reduce({
  product: cw.this.product,
  units: cw.reducers.sum(cw.this.qty),
  revenue: cw.reducers.sum(cw.this.total),
});
cw.io.csv.write(byRegion, changesCsv);

// Keep the current state of both views for display.
type RegionRow = { region: string; orders: number; units: number; revenue: number; biggest: number };
const regions = new Map<string, RegionRow>();
const products = new Map<string, { product: string; units: number; revenue: number }>();
let changes = 0;
let epochs = 0;
let lastEpochAt = Date.now();
cw.subscribe(byRegion, {
  onChange(key, row, _time, isAddition) {
    changes++;
    // Within an epoch a group's old row is retracted before its new row is added.
    if (isAddition) regions.set(key, row);
    else regions.delete(key);
  },
  onTimeEnd() {
    epochs++;
    lastEpochAt = Date.now();
    if (tty) process.stdout.write(`\x1b[2J\x1b[H${render()}\n`);
  },
});
cw.subscribe(byProduct, {
  onChange(key, row, _time, isAddition) {
    changes++;
    if (isAddition) products.set(key, row);
    else products.delete(key);
  },
});

const tty = process.stdout.isTTY && !fast;
let applied = 0;
const money = (x: number) => x.toFixed(2).padStart(10);

function render(): string {
  return [
    `Causeway live demo — epoch ${epochs}: ${applied}/${events.length} order events written to ${ordersDir}`,
    `(${changes} result changes so far; the region change stream goes to ${changesCsv})`,
    '',
    'region  | orders | units |    revenue |    biggest',
    ...[...regions.values()]
      .sort((a, b) => a.region.localeCompare(b.region))
      .map(
        (r) =>
          `${r.region.padEnd(7)} | ${String(r.orders).padStart(6)} | ${String(r.units).padStart(5)} | ${money(r.revenue)} | ${money(r.biggest)}`,
      ),
    '',
    'top products | units |    revenue',
    ...[...products.values()]
      .sort((a, b) => b.revenue - a.revenue)
      .map((p) => `${p.product.padEnd(12)} | ${String(p.units).padStart(5)} | ${money(p.revenue)}`),
  ].join('\n');
}

async function main(): Promise<void> {
  if (fast) {
    for (const e of events) apply(e);
    applied = events.length;
  }
  const runtime = cw.build();
  let stopped = false;
  const stop = () => {
    stopped = true;
    void runtime.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const running = runtime.run();
  if (!fast) {
    // The feeder: a tick's worth of events at a time, as if orders kept arriving.
    for (let i = 0; i < events.length && !stopped; i += eventsPerTick) {
      for (const e of events.slice(i, i + eventsPerTick)) apply(e);
      applied = Math.min(i + eventsPerTick, events.length);
      await new Promise((r) => setTimeout(r, tickMs));
    }
    // Let the pipeline catch up with the last files, then stop it.
    while (!stopped && Date.now() - lastEpochAt < 1000) await new Promise((r) => setTimeout(r, 100));
    if (!stopped) await runtime.stop();
  }
  await running;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (!tty) console.log(render());
  console.log(
    stopped
      ? '\nStopped (Ctrl-C): the epoch in flight was completed and the CSV file flushed.'
      : '\nDone: every event applied; the views above are final.',
  );
  // The CSV of region changes stays for the reader (it was named at the top); the replayed order files go.
  rmSync(ordersDir, { recursive: true, force: true });
  console.log(`The region change stream is in ${changesCsv}.`);
}

await main();
