// HTTP connectors bench: REST round trips/s through a Causeway pipeline (restConnector → select → respond) against a
// raw node:http server computing the same answer; NDJSON rows/s read by http.read (count per key) against raw parsing.
// Run: npx tsx bench/http.ts [--requests 20000] [--clients 64] [--rows 500000]

import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as cw from '../src/index.js';
import * as http from '../src/io/http/index.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const REQUESTS = arg('requests', 20_000);
const CLIENTS = arg('clients', 64);
const ROWS = arg('rows', 500_000);

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Requests/s of CLIENTS concurrent keep-alive clients sending `n` queries `{ x }` and checking `2x`. */
async function load(url: string, n: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < n) {
        const x = next++;
        const out = await post(url, JSON.stringify({ x }));
        if (Number(out) !== x * 2) throw new Error(`wrong answer ${out} for ${x}`);
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function restPipeline(): Promise<number> {
  cw.clearGraph();
  const server = http.webserver();
  const { queries, respond } = http.restConnector({
    webserver: server,
    route: '/d',
    schema: cw.schema({ x: cw.INT }),
  });
  respond(queries.select({ result: cw.this.x.mul(2) }));
  const rt = cw.build();
  const done = rt.run();
  const url = await server.ready();
  await load(`${url}/d`, Math.min(2000, REQUESTS));
  const rps = await load(`${url}/d`, REQUESTS);
  await rt.stop();
  await done;
  return rps;
}

async function restRaw(): Promise<number> {
  const raw = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(String((JSON.parse(body) as { x: number }).x * 2)));
  });
  const url = await listen(raw);
  await load(`${url}/d`, Math.min(2000, REQUESTS));
  const rps = await load(`${url}/d`, REQUESTS);
  raw.closeAllConnections();
  raw.close();
  return rps;
}

const lines = Array.from({ length: ROWS }, (_, i) => `{"k":"k${i % 1000}","v":${i}}\n`).join('');
const ndjson = createServer((_req, res) => res.end(lines));

async function readerPipeline(url: string): Promise<number> {
  cw.clearGraph();
  const t = http.read(url, { schema: cw.schema({ k: cw.STR, v: cw.INT }), mode: 'static' });
  const counts = t.groupBy(t.c.k).reduce({ k: cw.this.k, n: cw.reducers.count() });
  let total = 0;
  cw.subscribe(counts, {
    onChange: (_k, row, _t, add) => {
      total += add ? row.n : -row.n;
    },
  });
  const t0 = performance.now();
  await cw.run();
  if (total !== ROWS) throw new Error(`counted ${total} rows of ${ROWS}`);
  return ROWS / ((performance.now() - t0) / 1000);
}

async function readerRaw(url: string): Promise<number> {
  const t0 = performance.now();
  const text = await new Promise<string>((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    })
      .on('error', reject)
      .end();
  });
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const r = JSON.parse(line) as { k: string };
    counts.set(r.k, (counts.get(r.k) ?? 0) + 1);
  }
  return ROWS / ((performance.now() - t0) / 1000);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`REST (${REQUESTS} requests, ${CLIENTS} clients)`);
console.log(`  restConnector pipeline: ${fmt(await restPipeline())} req/s`);
console.log(`  raw node:http:          ${fmt(await restRaw())} req/s`);
const base = await listen(ndjson);
console.log(`NDJSON read (${ROWS} rows, 1000 keys, count per key)`);
console.log(`  http.read pipeline:         ${fmt(await readerPipeline(`${base}/rows`))} rows/s`);
console.log(`  raw node:http + JSON.parse: ${fmt(await readerRaw(`${base}/rows`))} rows/s`);
ndjson.close();
agent.destroy();
