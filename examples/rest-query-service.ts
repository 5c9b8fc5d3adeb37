// A small REST query service: a product catalog (CSV, watched for changes) served over HTTP. Each POST becomes a
// row of a query table; the pipeline joins it with the catalog and answers; the answer row is the HTTP response.
//
// Run: npx causeway run examples/rest-query-service.ts [--port 8080]
// Try: curl -s -XPOST localhost:8080/v1/category -d '{"category": "kitchen"}'
//      curl -s -XPOST localhost:8080/v1/in-stock -d '{"maxPrice": 50}'
//      curl -s localhost:8080/_schema        (the OpenAPI description of both routes)

import { fileURLToPath } from 'node:url';
import * as cw from '../src/index.js';

const args = process.argv.slice(2);
const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 8080;

const Product = cw.schema({
  sku: cw.column(cw.STR, { primaryKey: true }),
  name: cw.STR,
  category: cw.STR,
  price: cw.FLOAT,
  stock: cw.INT,
});
// Streaming: edit the CSV while the service runs and the answers follow.
const products = cw.io.csv.read(fileURLToPath(new URL('./data/products.csv', import.meta.url)), {
  schema: Product,
  refreshIntervalMs: 500,
});

const server = cw.io.http.webserver({ port, title: 'Catalog' });

// Route 1: statistics of one category. Queries are keyed by their own id; the answer keeps that id. A left join
// answers an unknown category too (with zero products).
const byCategory = cw.io.http.restConnector({
  webserver: server,
  route: '/v1/category',
  schema: cw.schema({ category: cw.column(cw.STR, { description: 'kitchen, garden or office' }) }),
});
const categoryHits = byCategory.queries
  .joinLeft(products, cw.left.category.eq(cw.right.category))
  .select({ qid: cw.left.id, name: cw.right.name, price: cw.right.price, stock: cw.right.stock });
byCategory.respond(
  categoryHits
    .groupBy(cw.this.qid, { id: cw.this.qid })
    .reduce({
      products: cw.reducers.sum(cw.ifElse(cw.this.name.isNone(), 0, 1)),
      totalPrice: cw.reducers.sum(cw.coalesce(cw.this.price, 0)),
      cheapest: cw.reducers.argmin(cw.coalesce(cw.this.price, 0), cw.this.name),
      units: cw.reducers.sum(cw.coalesce(cw.this.stock, 0)),
    })
    .select({
      products: cw.this.products,
      avgPrice: cw.ifElse(
        cw.this.products.eq(0),
        null,
        cw.this.totalPrice.div(cw.this.products).num.round(2),
      ),
      cheapest: cw.this.cheapest,
      units: cw.this.units,
    }),
);

// Route 2: names of the products in stock under a price, sorted (a cross join filtered per query: fine for a
// small catalog).
const inStock = cw.io.http.restConnector({
  webserver: server,
  route: '/v1/in-stock',
  schema: cw.schema({ maxPrice: cw.FLOAT }),
});
const cheapInStock = inStock.queries
  .join(products)
  .filter(cw.right.price.le(cw.left.maxPrice).and(cw.right.stock.gt(0)))
  .select({ qid: cw.left.id, name: cw.right.name });
inStock.respond(
  cheapInStock
    .groupBy(cw.this.qid, { id: cw.this.qid })
    .reduce({ result: cw.reducers.sortedTuple(cw.this.name) }),
);

void server
  .ready()
  .then((url) => console.log(`listening on ${url} (OpenAPI at ${url}/_schema); Ctrl-C stops`));
await cw.run();
console.log('stopped');
