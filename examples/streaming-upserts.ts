// Streaming aggregation with upserts and deletions: a stock feed (a custom source) sends the current quantity of
// each (sku, warehouse) — a primary key, so a new value replaces the old row — and deletes discontinued pairs.
// The pipeline keeps the total stock per sku and a low-stock list up to date, writes the totals' change stream
// (with `time` and `diff`) to a JSON-lines file and prints each low-stock change as it happens.
//
// Run: npx causeway run examples/streaming-upserts.ts [out.jsonl] [--events N]

import * as cw from '../src/index.js';

const args = process.argv.slice(2);
const eventsAt = args.indexOf('--events');
const totalEvents = eventsAt >= 0 ? Number(args[eventsAt + 1]) : 300;
const out = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--events') ?? 'stock-totals.jsonl';

const Stock = cw.schema({
  sku: cw.column(cw.STR, { primaryKey: true }),
  warehouse: cw.column(cw.STR, { primaryKey: true }),
  qty: cw.INT,
});
type StockRow = { sku: string; warehouse: string; qty: number };

/** A seeded feed of stock updates: mostly new quantities, sometimes a pair is discontinued (deleted). */
class StockFeed extends cw.io.custom.ConnectorSubject<StockRow> {
  async run(): Promise<void> {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor(seed / 65_536) % n;
    };
    for (let i = 0; i < totalEvents && !this.signal.aborted; i++) {
      const sku = `sku-${rand(8)}`;
      const warehouse = ['berlin', 'lyon', 'porto'][rand(3)]!;
      if (rand(10) === 0) this.delete({ sku, warehouse });
      else this.next({ sku, warehouse, qty: rand(40) });
      if (i % 10 === 9) {
        await this.commit();
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }
}

const stock = cw.io.custom.read(new StockFeed(), { schema: Stock });
const totals = stock.groupBy('sku').reduce({
  sku: cw.this.sku,
  warehouses: cw.reducers.count(),
  total: cw.reducers.sum(cw.this.qty),
});
const lowStock = totals.filter(cw.this.total.lt(20));

cw.io.jsonlines.write(totals, out);
cw.subscribe(lowStock, {
  onChange(_key, row, time, isAddition) {
    console.log(
      `${time} ${isAddition ? '+ low' : '- was'} ${row.sku}: ${row.total} in ${row.warehouses} warehouse(s)`,
    );
  },
});
const final = new Map<string, number>();
cw.subscribe(totals, {
  onChange: (_k, r, _t, add) => void (add ? final.set(r.sku, r.total) : final.delete(r.sku)),
});

await cw.run();
console.log(`\nfinal totals (change stream in ${out}):`);
for (const [sku, total] of [...final].sort()) console.log(`${sku}  ${String(total).padStart(4)}`);
