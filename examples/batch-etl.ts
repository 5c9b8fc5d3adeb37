// Batch ETL over CSV: read customers and sales (static mode), convert currencies, join, aggregate revenue per
// country and month, and write the result as CSV. A malformed sale line goes to the error log, not a crash.
//
// Run: npx causeway run examples/batch-etl.ts [out.csv]     (or: node --import tsx examples/batch-etl.ts)

import { fileURLToPath } from 'node:url';
import * as cw from '../src/index.js';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const out = process.argv[2] ?? 'revenue-by-country.csv';

const Customer = cw.schema({
  customer_id: cw.column(cw.STR, { primaryKey: true }),
  name: cw.STR,
  country: cw.STR,
  signup: cw.DATE_TIME_NAIVE,
});
const Sale = cw.schema({
  sale_id: cw.column(cw.STR, { primaryKey: true }),
  customer_id: cw.STR,
  amount: cw.FLOAT,
  currency: cw.STR,
  sold_at: cw.DATE_TIME_NAIVE,
});

const customers = cw.io.csv.read(data('customers.csv'), { schema: Customer, mode: 'static' });
const sales = cw.io.csv.read(data('sales.csv'), { schema: Sale, mode: 'static' });

// Transform: amounts in EUR, the month of each sale.
const eur = sales.select({
  customer_id: cw.this.customer_id,
  month: cw.this.sold_at.dt.strftime('%Y-%m'),
  amount_eur: cw.ifElse(cw.this.currency.eq('USD'), cw.this.amount.mul(0.92), cw.this.amount),
});

// Join with customers (sales of unknown customers drop out of an inner join), then aggregate.
const revenue = eur
  .join(customers, cw.left.customer_id.eq(cw.right.customer_id))
  .select({ country: cw.right.country, month: cw.left.month, amount_eur: cw.left.amount_eur })
  .groupBy('country', 'month')
  .reduce({
    country: cw.this.country,
    month: cw.this.month,
    sales: cw.reducers.count(),
    revenue_eur: cw.reducers.sum(cw.this.amount_eur),
  })
  .select({
    country: cw.this.country,
    month: cw.this.month,
    sales: cw.this.sales,
    revenue_eur: cw.this.revenue_eur.num.round(2),
  });

cw.io.csv.write(revenue, out);
const totals = new Map<string, number>();
cw.subscribe(revenue, {
  onChange: (_k, r, _t, add) =>
    void (add && totals.set(r.country, (totals.get(r.country) ?? 0) + r.revenue_eur)),
});
const errors: string[] = [];
cw.subscribe(cw.globalErrorLog(), { onChange: (_k, r, _t, add) => void (add && errors.push(r.message)) });

await cw.run({ terminateOnError: false });

console.log(`wrote ${out}`);
for (const [country, total] of [...totals].sort())
  console.log(`${country}  ${total.toFixed(2).padStart(10)} EUR`);
for (const e of errors) console.log(`skipped: ${e}`);
