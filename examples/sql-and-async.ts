// SQL over tables and asynchronous enrichment: `cw.sql` computes the number of customers and their sales per country
// (a join and a GROUP BY, in SQL), and an async transformer looks each country up in a (simulated, slow) remote
// service; the lookups never hold an epoch, their results arrive as they finish and join back by id.
//
// Run: npx causeway run examples/sql-and-async.ts     (or: node --import tsx examples/sql-and-async.ts)

import { fileURLToPath } from 'node:url';
import * as cw from '../src/index.js';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));

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

// Customers and sales per country, in SQL (the same as a join and a groupBy).
const perCountry = cw.sql(
  `SELECT c.country AS country, COUNT(*) AS sales, SUM(s.amount) AS amount
     FROM customers c JOIN sales s ON c.customer_id = s.customer_id
     GROUP BY c.country`,
  { customers, sales },
);

// A slow remote lookup, simulated: each country's name after a short delay (a real one would call an API). It knows
// no "PL": that lookup fails, and the row goes to the transformer's `failed` table instead of `successful`.
const NAMES: Record<string, string> = { DE: 'Germany', ES: 'Spain', FR: 'France', IT: 'Italy' };
class CountryNames extends cw.AsyncTransformer<{ country: string }, { name: string }> {
  async invoke({ country }: { country: string }) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const name = NAMES[country];
    if (name === undefined) throw new Error(`unknown country ${country}`);
    return { name };
  }
}
const countries = perCountry.select({ country: cw.this.country });
const lookups = new CountryNames(countries, cw.schema({ name: cw.STR }), { capacity: 4 });
const names = lookups.successful;

// The lookups share the ids of the rows they were made for: zip them back by id.
const report = perCountry.join(names, perCountry.id.eq(names.id), { id: 'left' }).select({
  country: cw.left.country,
  name: cw.right.name,
  sales: cw.left.sales,
  amount: cw.left.amount,
});

const rows = new Map<string, string>();
cw.subscribe(report, {
  onChange: (_key, r, _time, add) => {
    if (add) rows.set(r.country, `${r.country}  ${r.name.padEnd(14)} ${String(r.sales).padStart(4)} sales`);
    else rows.delete(r.country);
  },
});
const failed = new Set<string>();
cw.subscribe(countries.restrict(lookups.failed), {
  onChange: (_key, r, _time, add) => void (add ? failed.add(r.country) : failed.delete(r.country)),
});
// The sales file holds one malformed line: logged, and the run goes on.
await cw.run({ terminateOnError: false });
for (const line of [...rows.values()].sort()) console.log(line);
console.log(`no name found for: ${[...failed].sort().join(', ')}`);
