// The live demo (`npm start`): orders stream in from a bundled file — new orders, changed quantities, cancellations —
// and the per-region revenue and the product leaderboard stay up to date, epoch by epoch, in the terminal.
//
// Run: npm start            (about 15 s; Ctrl-C stops cleanly)
//      npm start -- --fast  (no pauses: the same pipeline as a batch job)

import { readFileSync } from 'node:fs';
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
const eventsPerEpoch = 12;
const pauseMs = fast ? 0 : 400;

// The pipeline: written once, it runs incrementally — each epoch only the changed groups are recomputed.
const orders = cw.inputTable(Order);
const withTotal = orders.table.withColumns({ total: cw.this.qty.mul(cw.this.price) });
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

// Keep the current state of both views for display, and count the changes each epoch.
const regions = new Map<
  string,
  { region: string; orders: number; units: number; revenue: number; biggest: number }
>();
const products = new Map<string, { product: string; units: number; revenue: number }>();
let changes = 0;
cw.subscribe(byRegion, {
  onChange(key, row, _time, isAddition) {
    changes++;
    // Within an epoch a group's old row is retracted before its new row is added.
    if (isAddition) regions.set(key, row);
    else regions.delete(key);
  },
});
cw.subscribe(byProduct, {
  onChange(key, row, _time, isAddition) {
    changes++;
    if (isAddition) products.set(key, row);
    else products.delete(key);
  },
});

const money = (x: number) => x.toFixed(2).padStart(10);

function render(epoch: number, applied: number, total: number, last: string): string {
  const lines = [
    `Causeway live demo — epoch ${epoch}, ${applied}/${total} order events applied (${changes} result changes so far)`,
    `last event: ${last}`,
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
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const file = fileURLToPath(new URL('./data/orders.jsonl', import.meta.url));
  const events = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OrderEvent);
  const runtime = cw.build();
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  const tty = process.stdout.isTTY && !fast;
  let epoch = 0;
  for (let i = 0; i < events.length && !stopped; i += eventsPerEpoch) {
    const batch = events.slice(i, i + eventsPerEpoch);
    for (const e of batch) {
      if (e.op === 'upsert')
        orders.upsert({ id: e.id, region: e.region, product: e.product, qty: e.qty, price: e.price });
      else orders.delete({ id: e.id });
    }
    await runtime.step(++epoch);
    const last = batch[batch.length - 1]!;
    const lastText =
      last.op === 'delete'
        ? `cancel ${last.id}`
        : `${last.id}: ${last.qty} × ${last.product} (${last.region})`;
    if (tty)
      process.stdout.write(
        `\x1b[2J\x1b[H${render(epoch, Math.min(i + eventsPerEpoch, events.length), events.length, lastText)}\n`,
      );
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  if (!tty) console.log(render(epoch, events.length, events.length, 'end of the bundled data'));
  console.log(
    stopped
      ? '\nStopped (Ctrl-C): the last epoch was completed.'
      : '\nDone: every event applied; the views above are final.',
  );
}

await main();
