import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown } from '../../testing/index.js';
import { sinkContract } from '../testing/connector-contract.test-util.js';
import * as http from './index.js';
import { LocalServer } from './http-test-util.test-util.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  cw.clearGraph();
});

const stream = () =>
  tableFromMarkdown<{ name: string; n: number }>(`
    name | n | __time__ | __diff__
    a    | 1 | 2        | 1
    b    | 2 | 2        | 1
    a    | 1 | 4        | -1`);

const ok = () => new LocalServer((_req, res) => res.end('ok'));

describe('http.write', () => {
  it('POSTs each change as a JSON object with time and diff', async () => {
    server = await ok().start();
    http.write(stream(), `${server.url}/in`, { headers: { 'x-api-key': 'k' } });
    await cw.run();
    expect(
      server.requests.map((r) => [r.method, r.url, r.headers['content-type'], r.headers['x-api-key']]),
    ).toEqual(Array(3).fill(['POST', '/in', 'application/json', 'k']));
    const bodies = server.requests.map((r) => JSON.parse(r.body));
    expect(bodies.slice(0, 2).sort((x, y) => (x.name < y.name ? -1 : 1))).toEqual([
      { name: 'a', n: 1, time: 2, diff: 1 },
      { name: 'b', n: 2, time: 2, diff: 1 },
    ]);
    expect(bodies[2]).toEqual({ name: 'a', n: 1, time: 4, diff: -1 });
  });

  it('sends one JSON array per epoch with batchSize: Infinity, and chunks of batchSize otherwise', async () => {
    server = await ok().start();
    http.write(stream(), `${server.url}/all`, { batchSize: Infinity });
    http.write(stream(), `${server.url}/one`, { batchSize: 1, method: 'PUT' });
    await cw.run();
    const all = server.requests.filter((r) => r.url === '/all').map((r) => JSON.parse(r.body));
    expect(all.map((b: unknown[]) => b.length)).toEqual([2, 1]);
    expect(all[1]).toEqual([{ name: 'a', n: 1, time: 4, diff: -1 }]);
    const one = server.requests.filter((r) => r.url === '/one');
    expect(one.map((r) => [r.method, (JSON.parse(r.body) as unknown[]).length])).toEqual(
      Array(3).fill(['PUT', 1]),
    );
  });

  it('formats a custom payload from the template', async () => {
    server = await ok().start();
    http.write(stream(), `${server.url}/t`, {
      format: 'custom',
      requestPayloadTemplate: '{table.name}={table.n} at {time} ({diff})',
    });
    await cw.run();
    expect(server.requests.map((r) => r.body).sort()).toEqual([
      'a=1 at 2 (1)',
      'a=1 at 4 (-1)',
      'b=2 at 2 (1)',
    ]);
    expect(server.requests[0]!.headers['content-type']).toBe('text/plain; charset=utf-8');
    cw.clearGraph();
    http.write(stream(), `${server.url}/t`, { format: 'custom', requestPayloadTemplate: '{table.nope}' });
    await expect(cw.run()).rejects.toThrow(
      /the payload template names column "nope", which the table does not have/,
    );
  });

  it('puts in the change for {time} / {diff} and a column so named for {table.time}', async () => {
    server = await ok().start();
    const t = tableFromMarkdown<{ time: number }>(`
      time | __time__ | __diff__
      7    | 2        | 1`);
    http.write(t, `${server.url}/t`, {
      format: 'custom',
      requestPayloadTemplate: '{table.time} {time} {diff}',
    });
    await cw.run();
    expect(server.requests.map((r) => r.body)).toEqual(['7 2 1']);
  });

  it("puts each change's values into the URL and headers, and {table.time} / {table.diff} into the payload (Pathway)", async () => {
    server = await ok().start();
    http.write(stream(), `${server.url}/event?owner={table.name}&n={table.n}`, {
      format: 'custom',
      requestPayloadTemplate: 'owner={table.name}\ttime={table.time}\tdiff={table.diff}',
      headers: { 'x-owner': '{table.name}' },
    });
    await cw.run();
    expect(server.requests.map((r) => [r.url, r.headers['x-owner'], r.body]).sort()).toEqual([
      ['/event?owner=a&n=1', 'a', 'owner=a\ttime=2\tdiff=1'],
      ['/event?owner=a&n=1', 'a', 'owner=a\ttime=4\tdiff=-1'],
      ['/event?owner=b&n=2', 'b', 'owner=b\ttime=2\tdiff=1'],
    ]);
    cw.clearGraph();
    http.write(stream(), `${server.url}/e?x={table.nope}`);
    await expect(cw.run()).rejects.toThrow(/the URL names column "nope"/);
    cw.clearGraph();
    expect(() => http.write(stream(), `${server!.url}/e?x={table.n}`, { batchSize: 10 })).toThrow(
      /batchSize cannot be set/,
    );
  });

  it('retries after 503 answers and network errors with growing delays, losing and repeating nothing', async () => {
    let n = 0;
    server = await new LocalServer((_req, res) => {
      n++;
      if (n === 1 || n === 2) res.writeHead(503).end();
      else if (n === 3) res.destroy();
      else res.end();
    }).start();
    const t0 = Date.now();
    http.write(stream(), `${server.url}/r`, {
      batchSize: Infinity,
      retries: { maxRetries: 5, initialDelayMs: 30 },
    });
    await cw.run();
    const elapsed = Date.now() - t0;
    // Epoch 1: 503, 503, reset, then success; epoch 2: success.
    expect(server.requests).toHaveLength(5);
    const bodies = server.requests.map((r) => JSON.parse(r.body) as unknown[]);
    expect(bodies.map((b) => b.length)).toEqual([2, 2, 2, 2, 1]);
    // Backoff 30 + 60 + 120 ms (±10 %) before the fourth attempt.
    expect(elapsed).toBeGreaterThanOrEqual(180);
  });

  it('fails with a ConnectorError naming the URL without credentials or query secrets after the last retry', async () => {
    server = await new LocalServer((_req, res) => res.writeHead(503, 'Service Unavailable').end()).start();
    const url = server.url.replace('http://', 'http://bot:hunter2@') + '/hook?token=s3cret';
    http.write(stream(), url, { retries: { maxRetries: 2, initialDelayMs: 5 } });
    const error = await cw.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(cw.io.ConnectorError);
    expect(error?.message).toBe(
      `http: POST ${server.url}/hook?token=***: failed after 3 attempts: answered 503 Service Unavailable ` +
        '(check that the server is up, or raise retries.maxRetries)',
    );
    expect(error?.message).not.toMatch(/hunter2|s3cret/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx answer, and shows the start of its body', async () => {
    server = await new LocalServer((_req, res) =>
      res.writeHead(422, 'Unprocessable').end('{"error":"n<0"}'),
    ).start();
    http.write(stream(), `${server.url}/x`);
    await expect(cw.run()).rejects.toThrow(
      `http: POST ${server.url}/x: answered 422 Unprocessable: {"error":"n<0"} (check the URL, the headers and the payload format)`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('fails after retries when nothing listens, naming the URL', async () => {
    server = await ok().start();
    const url = server.url;
    await server.close();
    server = undefined;
    http.write(stream(), `${url}/gone`, { retries: { maxRetries: 1, initialDelayMs: 5 } });
    await expect(cw.run()).rejects.toThrow(
      new RegExp(`^http: POST ${url.replace(/\./g, '\\.')}/gone: failed after 2 attempts: .*ECONNREFUSED`),
    );
  });
});

sinkContract({
  name: 'http.write json',
  mode: 'changeStream',
  async setup() {
    const srv = await ok().start();
    return {
      write: (table) => http.write(table, `${srv.url}/changes`),
      readBack: async () => srv.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>),
      cleanup: () => srv.close(),
    };
  },
});

// The contract again with one request per epoch.
sinkContract({
  name: 'http.write json batched per epoch',
  mode: 'changeStream',
  async setup() {
    const srv = await ok().start();
    return {
      write: (table) => http.write(table, `${srv.url}/changes`, { batchSize: Infinity }),
      readBack: async () => srv.requests.flatMap((r) => JSON.parse(r.body) as Record<string, unknown>[]),
      cleanup: () => srv.close(),
    };
  },
});
