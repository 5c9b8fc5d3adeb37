import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown } from '../../testing/index.js';
import { LiveView, runInBackground, type BackgroundRun } from '../testing/live-view.test-util.js';
import * as http from './index.js';
import { postJson, send } from './http-test-util.test-util.js';

let run: BackgroundRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
  cw.clearGraph();
});

const Query = cw.schema({ x: cw.INT, label: cw.STR.optional() });

/** Starts the registered program and returns the server's base URL. */
async function start(server: http.Webserver, options: cw.RunOptions = {}): Promise<string> {
  run = runInBackground(options);
  return server.ready();
}

/**
 * A running route `/q` with a 200 ms timeout whose pipeline answers only x > 100 (the others time out), and a view of
 * its queries table.
 */
async function slowRoute(options: { deleteCompletedQueries?: boolean } = {}) {
  const server = http.webserver();
  const { queries, respond } = http.restConnector({
    webserver: server,
    route: '/q',
    schema: Query,
    timeoutMs: 200,
    ...options,
  });
  respond(queries.filter(cw.this.x.gt(100)).select({ result: cw.this.x }));
  const view = new LiveView(queries);
  return { view, url: await start(server) };
}

describe('http.restConnector', () => {
  it('answers a POST with the result column computed by the pipeline', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/double', schema: Query });
    respond(queries.select({ result: cw.this.x.mul(2) }));
    const url = await start(server);
    const res = await postJson(`${url}/double`, { x: 21 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toBe(42);
  });

  it('answers 500 with the message when the answer is an error value (Pathway: api.ERROR)', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/inv', schema: Query });
    respond(queries.select({ result: cw.lit(100).floordiv(cw.this.x) }));
    const url = await start(server, { terminateOnError: false });
    const bad = await postJson(`${url}/inv`, { x: 0 });
    expect(bad.status).toBe(500);
    expect(bad.json()).toEqual({ error: expect.stringMatching(/division by zero/) });
    const good = await postJson(`${url}/inv`, { x: 7 });
    expect([good.status, good.json()]).toEqual([200, 14]);
  });

  it('answers with the whole row as a JSON object when there is no result column', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/echo', schema: Query });
    respond(queries.select({ x: cw.this.x, label: cw.coalesce(cw.this.label, 'none'), y: cw.this.x.add(1) }));
    const url = await start(server);
    expect((await postJson(`${url}/echo`, { x: 1 })).json()).toEqual({ x: 1, label: 'none', y: 2 });
    expect((await postJson(`${url}/echo`, { x: 2, label: 'b' })).json()).toEqual({ x: 2, label: 'b', y: 3 });
  });

  it('computes the answer with a join and a groupBy against a static table', async () => {
    const docs = tableFromMarkdown<{ topic: string; title: string }>(`
      topic | title
      cats  | Whiskers
      cats  | Purring
      dogs  | Barking`);
    const server = http.webserver();
    const { queries, respond } = http.restConnector({
      webserver: server,
      route: '/v1/search',
      schema: cw.schema({ topic: cw.STR }),
    });
    const hits = queries
      .join(docs, queries.c.topic.eq(docs.c.topic))
      .select({ qid: cw.left.id, title: cw.right.title });
    respond(
      hits
        .groupBy(cw.this.qid, { id: cw.this.qid })
        .reduce({ result: cw.reducers.sortedTuple(cw.this.title) }),
    );
    const url = await start(server);
    const [cats, dogs] = await Promise.all([
      postJson(`${url}/v1/search`, { topic: 'cats' }),
      postJson(`${url}/v1/search`, { topic: 'dogs' }),
    ]);
    expect(cats.json()).toEqual(['Purring', 'Whiskers']);
    expect(dogs.json()).toEqual(['Barking']);
  });

  it('retracts answered queries by default and keeps them with deleteCompletedQueries: false', async () => {
    const server = http.webserver();
    const a = http.restConnector({ webserver: server, route: '/a', schema: Query });
    const b = http.restConnector({
      webserver: server,
      route: '/b',
      schema: Query,
      deleteCompletedQueries: false,
    });
    a.respond(a.queries.select({ result: cw.this.x }));
    b.respond(b.queries.select({ result: cw.this.x }));
    const viewA = new LiveView(a.queries);
    const viewB = new LiveView(b.queries);
    const url = await start(server);
    await postJson(`${url}/a`, { x: 1 });
    await postJson(`${url}/b`, { x: 2 });
    await viewA.waitFor((v) => v.changes.length === 2, 15_000, 'the retraction of the answered query');
    expect(viewA.rows.size).toBe(0);
    expect(viewB.values()).toEqual([{ x: 2, label: null }]);
    expect(a.queries.isAppendOnly).toBe(false);
    expect(b.queries.isAppendOnly).toBe(true);
  });

  it('answers a request equal to an answered one from cacheStrategy, without a query row', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({
      webserver: server,
      route: '/sq',
      schema: Query,
      deleteCompletedQueries: false,
      cacheStrategy: new cw.InMemoryCache(),
    });
    respond(queries.select({ result: cw.this.x.mul(cw.this.x) }));
    const view = new LiveView(queries);
    const url = await start(server);
    expect((await postJson(`${url}/sq`, { x: 3 })).json()).toBe(9);
    expect((await postJson(`${url}/sq`, { x: 3 })).json()).toBe(9);
    expect((await postJson(`${url}/sq`, { x: 3, label: 'other' })).json()).toBe(9);
    expect((await postJson(`${url}/sq`, { x: 4 })).json()).toBe(16);
    await view.waitFor((v) => v.rows.size === 3, 15_000, 'the uncached queries');
    // The second request was answered from the cache: no row for it.
    expect(
      view
        .values()
        .map((r) => `${r.x}${String(r.label)}`)
        .sort(),
    ).toEqual(['3null', '3other', '4null']);
  });

  it('still answers when the cache fails to store, warning once', async () => {
    const server = http.webserver();
    const broken: cw.CacheStrategy = {
      get: () => undefined,
      set: () => {
        throw new Error('disk full');
      },
    };
    const { queries, respond } = http.restConnector({
      webserver: server,
      route: '/c',
      schema: Query,
      cacheStrategy: broken,
    });
    respond(queries.select({ result: cw.this.x.add(1) }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const url = await start(server);
      expect((await postJson(`${url}/c`, { x: 1 })).json()).toBe(2);
      expect((await postJson(`${url}/c`, { x: 2 })).json()).toBe(3);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        'causeway: http.rest(/c): cacheStrategy failed to store an answer: disk full',
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps answers in a DiskCache across runs, and never caches a failed answer', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'cw-rest-cache-'));
    const serve = async (plus: number) => {
      const server = http.webserver();
      const { queries, respond } = http.restConnector({
        webserver: server,
        route: '/f',
        schema: Query,
        cacheStrategy: new cw.DiskCache({ directory, name: 'f' }),
      });
      respond(queries.select({ result: cw.lit(100).floordiv(cw.this.x).add(plus) }));
      return start(server, { terminateOnError: false });
    };
    let url = await serve(0);
    expect((await postJson(`${url}/f`, { x: 4 })).json()).toBe(25);
    expect((await postJson(`${url}/f`, { x: 0 })).status).toBe(500);
    await run!.stop();
    cw.clearGraph();
    // A second program answering differently: x = 4 comes from the cache, x = 0 (failed) is computed again.
    url = await serve(1000);
    expect((await postJson(`${url}/f`, { x: 4 })).json()).toBe(25);
    expect((await postJson(`${url}/f`, { x: 0 })).status).toBe(500);
    expect((await postJson(`${url}/f`, { x: 5 })).json()).toBe(1020);
  });

  it('keeps a timed-out query with deleteCompletedQueries: false (the queries table is append-only)', async () => {
    const { view, url } = await slowRoute({ deleteCompletedQueries: false });
    expect((await postJson(`${url}/q`, { x: 1 })).status).toBe(504);
    expect((await postJson(`${url}/q`, { x: 101 })).json()).toBe(101);
    await view.waitFor((v) => v.rows.size === 2, 15_000, 'both queries');
    expect(view.changes.every((c) => c.diff > 0)).toBe(true);
  });

  it('answers 400 naming the field when the body does not fit the schema, and on invalid JSON', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/q', schema: Query });
    respond(queries.select({ result: cw.this.x }));
    const view = new LiveView(queries);
    const url = await start(server);
    const bad = await postJson(`${url}/q`, { x: 'seven' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({
      error: 'the request does not fit the schema: field "x": expected an integer, got "seven"',
      field: 'x',
    });
    const missing = await postJson(`${url}/q`, { label: 'no x' });
    expect(missing.status).toBe(400);
    expect(missing.json().error).toMatch(/missing field "x"/);
    const notJson = await send(`${url}/q`, { method: 'POST', body: '{"x": 1' });
    expect(notJson.status).toBe(400);
    expect(notJson.json().error).toMatch(/not valid JSON/);
    const array = await postJson(`${url}/q`, [1, 2]);
    expect(array.status).toBe(400);
    expect(array.json().error).toMatch(/expected a JSON object/);
    expect((await postJson(`${url}/q`, { x: 5 })).json()).toBe(5);
    expect(view.changes.filter((c) => c.diff > 0)).toHaveLength(1);
  });

  it('answers 400 with the message of the requestValidator', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({
      webserver: server,
      route: '/q',
      schema: Query,
      requestValidator: (r) => (r.x < 0 ? 'x must not be negative' : r.x === 0 ? '' : undefined),
    });
    respond(queries.select({ result: cw.this.x }));
    const url = await start(server);
    const res = await postJson(`${url}/q`, { x: -1 });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid request: x must not be negative' });
    // Any string refuses the request, the empty one too (Pathway refuses any value but None).
    expect((await postJson(`${url}/q`, { x: 0 })).status).toBe(400);
    expect((await postJson(`${url}/q`, { x: 3 })).json()).toBe(3);
  });

  it('answers 413 for a body larger than maxBodyBytes', async () => {
    const server = http.webserver({ maxBodyBytes: 1000 });
    const { queries, respond } = http.restConnector({ webserver: server, route: '/q', schema: Query });
    const small = http.restConnector({ webserver: server, route: '/small', schema: Query, maxBodyBytes: 10 });
    respond(queries.select({ result: cw.this.x }));
    small.respond(small.queries.select({ result: cw.this.x }));
    const url = await start(server);
    const big = await postJson(`${url}/q`, { x: 1, label: 'y'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error: 'the request body is larger than 1000 bytes' });
    expect((await postJson(`${url}/small`, { x: 1, label: 'twelve chars' })).status).toBe(413);
    // Without a content-length (chunked), the limit holds while reading.
    const chunked = await send(`${url}/q`, {
      method: 'POST',
      body: JSON.stringify({ x: 1, label: 'z'.repeat(3000) }),
      headers: { 'transfer-encoding': 'chunked' },
    });
    expect(chunked.status).toBe(413);
    expect((await postJson(`${url}/q`, { x: 3 })).json()).toBe(3);
  });

  it('answers 404 for an unknown route and 405 for a method the route does not accept', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/q', schema: Query });
    respond(queries.select({ result: cw.this.x }));
    const url = await start(server);
    const missing = await postJson(`${url}/nope`, { x: 1 });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'no route /nope', routes: ['/q'] });
    const wrong = await send(`${url}/q?x=1`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json().error).toBe('method GET is not allowed on /q (allowed: POST)');
  });

  it('accepts GET requests with the fields as query parameters', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({
      webserver: server,
      route: '/q',
      schema: Query,
      methods: ['GET', 'POST'],
    });
    respond(queries.select({ result: cw.this.x.add(100) }));
    const url = await start(server);
    expect((await send(`${url}/q?x=5&label=a`)).json()).toBe(105);
    expect((await postJson(`${url}/q`, { x: 6 })).json()).toBe(106);
    expect((await send(`${url}/q?x=five`)).status).toBe(400);
    // As Pathway: a trailing slash names the same route, and a repeated parameter keeps its first value.
    expect((await postJson(`${url}/q/`, { x: 7 })).json()).toBe(107);
    expect((await send(`${url}/q?x=1&x=2`)).json()).toBe(101);
  });

  it('retracts the query of a client that disconnects before the answer', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/slow', schema: Query });
    // Only queries with x > 100 are ever answered.
    respond(queries.filter(cw.this.x.gt(100)).select({ result: cw.this.x }));
    const view = new LiveView(queries);
    const url = await start(server);
    const req = request(`${url}/slow`, { method: 'POST', agent: false });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ x: 1 }));
    await view.waitFor((v) => v.rows.size === 1, 15_000, 'the query row');
    req.destroy();
    await view.waitFor((v) => v.rows.size === 0, 15_000, 'the retraction of the abandoned query');
    // The server still answers others.
    expect((await postJson(`${url}/slow`, { x: 500 })).json()).toBe(500);
  });

  it('answers 504 when the pipeline does not answer within timeoutMs, and retracts the query', async () => {
    const { view, url } = await slowRoute();
    const res = await postJson(`${url}/q`, { x: 1 });
    expect(res.status).toBe(504);
    expect(res.json()).toEqual({ error: 'the pipeline did not answer within 200 ms' });
    await view.waitFor((v) => v.rows.size === 0 && v.changes.length === 2, 15_000, 'the retraction');
  });

  it('serves several routes on one server, each answered by its own pipeline', async () => {
    const server = http.webserver();
    const add = http.restConnector({
      webserver: server,
      route: '/add',
      schema: cw.schema({ a: cw.INT, b: cw.INT }),
    });
    const up = http.restConnector({ webserver: server, route: '/upper', schema: cw.schema({ s: cw.STR }) });
    add.respond(add.queries.select({ result: cw.this.a.add(cw.this.b) }));
    up.respond(up.queries.select({ result: cw.apply((s: string) => s.toUpperCase(), cw.this.s) }));
    const url = await start(server);
    expect((await postJson(`${url}/add`, { a: 2, b: 3 })).json()).toBe(5);
    expect((await postJson(`${url}/upper`, { s: 'hi' })).json()).toBe('HI');
    expect(() => http.restConnector({ webserver: server, route: '/add', schema: Query })).toThrow(
      'http: route "/add": is already served by this webserver (give each restConnector its own route)',
    );
  });

  it('answers many concurrent requests, each with its own result', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/sq', schema: Query });
    respond(queries.select({ result: cw.this.x.mul(cw.this.x) }));
    const url = await start(server);
    const xs = Array.from({ length: 100 }, (_, i) => i);
    const answers = await Promise.all(xs.map((x) => postJson(`${url}/sq`, { x })));
    expect(answers.map((r) => r.json())).toEqual(xs.map((x) => x * x));
  });

  it('serves an OpenAPI 3 description of the routes at /_schema and /openapi.json', async () => {
    const server = http.webserver({ title: 'Search API' });
    const search = http.restConnector({
      webserver: server,
      route: '/v1/search',
      schema: cw.schema({
        query: cw.STR,
        k: cw.column(cw.INT, { defaultValue: 3, description: 'how many results' }),
        at: cw.DATE_TIME_UTC.optional(),
      }),
      documentation: { summary: 'Search documents', tags: ['search'] },
    });
    const stats = http.restConnector({
      webserver: server,
      route: '/v1/stats',
      schema: cw.schema({ name: cw.STR }),
      methods: ['GET'],
    });
    search.respond(search.queries.select({ result: cw.this.query }));
    stats.respond(stats.queries.select({ result: cw.this.name }));
    const url = await start(server);
    const doc = (await send(`${url}/_schema`)).json();
    expect((await send(`${url}/openapi.json`)).json()).toEqual(doc);
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.title).toBe('Search API');
    const post = doc.paths['/v1/search'].post;
    expect(post.summary).toBe('Search documents');
    expect(post.tags).toEqual(['search']);
    expect(post.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        query: { type: 'string' },
        k: { type: 'integer', default: 3, description: 'how many results' },
        at: { type: 'string', format: 'date-time', nullable: true },
      },
      required: ['query'],
    });
    expect(Object.keys(post.responses)).toEqual(['200', '400', '413', '500', '504']);
    expect(doc.paths['/v1/stats'].get.parameters).toEqual([
      { name: 'name', in: 'query', required: true, schema: { type: 'string' } },
    ]);
  });

  it('listens only while the run lasts and frees the port when it stops', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/q', schema: Query });
    respond(queries.select({ result: cw.this.x }));
    expect(server.url).toBeUndefined();
    const url = await start(server);
    const port = server.port!;
    expect((await postJson(`${url}/q`, { x: 1 })).json()).toBe(1);
    await run!.stop();
    run = undefined;
    expect(server.url).toBeUndefined();
    await expect(postJson(`${url}/q`, { x: 1 })).rejects.toThrow(/ECONNREFUSED/);
    // The same port can be taken again by a new run.
    cw.clearGraph();
    const again = http.webserver({ port });
    const c2 = http.restConnector({ webserver: again, route: '/q', schema: Query });
    c2.respond(c2.queries.select({ result: cw.this.x.add(1) }));
    const url2 = await start(again);
    expect(url2).toBe(url);
    expect((await postJson(`${url2}/q`, { x: 1 })).json()).toBe(2);
  });

  it('stops promptly while keep-alive clients stay connected', async () => {
    const server = http.webserver();
    const { queries, respond } = http.restConnector({ webserver: server, route: '/q', schema: Query });
    respond(queries.select({ result: cw.this.x }));
    const url = await start(server);
    const res = await fetch(`${url}/q`, { method: 'POST', body: JSON.stringify({ x: 4 }) });
    expect(await res.json()).toBe(4);
    await run!.stop();
    run = undefined;
    expect(server.port).toBeUndefined();
  });

  it('answers CORS preflights with withCors, and 503 on a route whose pipeline is not running', async () => {
    const server = http.webserver({ withCors: true });
    const used = http.restConnector({ webserver: server, route: '/used', schema: Query });
    http.restConnector({ webserver: server, route: '/unused', schema: Query });
    used.respond(used.queries.select({ result: cw.this.x }));
    const url = await start(server);
    const pre = await send(`${url}/used`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    // The headers a preflight asks for are allowed (Pathway: allow_headers="*").
    const auth = await send(`${url}/used`, {
      method: 'OPTIONS',
      headers: { 'access-control-request-headers': 'authorization,x-api-key' },
    });
    expect(auth.headers['access-control-allow-headers']).toBe('authorization,x-api-key');
    const answer = await postJson(`${url}/used`, { x: 9 });
    expect([answer.json(), answer.headers['access-control-allow-origin']]).toEqual([9, '*']);
    const idle = await postJson(`${url}/unused`, { x: 1 });
    expect(idle.status).toBe(503);
    expect(idle.json().error).toBe('route /unused is not running (the pipeline is not started)');
  });

  it('fails the run with a clear error when the port is taken', async () => {
    const first = http.webserver();
    const c1 = http.restConnector({ webserver: first, route: '/q', schema: Query });
    c1.respond(c1.queries.select({ result: cw.this.x }));
    await start(first);
    cw.clearGraph();
    const second = http.webserver({ port: first.port! });
    const c2 = http.restConnector({ webserver: second, route: '/q', schema: Query });
    c2.respond(c2.queries.select({ result: cw.this.x }));
    const rt = cw.build();
    await expect(rt.run()).rejects.toThrow(/http: webserver 127\.0\.0\.1:\d+: the port is already in use/);
  });
});
