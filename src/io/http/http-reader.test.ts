import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground, type BackgroundRun } from '../testing/live-view.test-util.js';
import * as http from './index.js';
import { LocalServer } from './http-test-util.test-util.js';

const Reading = cw.schema({ sensor: cw.STR, value: cw.FLOAT });

let server: LocalServer | undefined;
let run: BackgroundRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
  await server?.close();
  server = undefined;
  cw.clearGraph();
});

describe('http.read (jsonlines)', () => {
  it('reads newline-delimited JSON once in static mode, whatever the chunking', async () => {
    server = await new LocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"sensor": "a", "val');
      res.write('ue": 1.5}\r');
      res.write('\n\n{"sensor": "b", "value": 2}\n{"sensor": "é", ');
      res.end('"value": 3}');
    }).start();
    const view = new LiveView(http.read(`${server.url}/data`, { schema: Reading, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([
      { sensor: 'a', value: 1.5 },
      { sensor: 'b', value: 2 },
      { sensor: 'é', value: 3 },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('streams rows as the server sends them', async () => {
    server = await new LocalServer((_req, res) => {
      res.writeHead(200);
      res.write('{"sensor": "a", "value": 1}\n');
    }).start();
    const view = new LiveView(http.read(`${server.url}/s`, { schema: Reading, autocommitDurationMs: 5 }));
    run = runInBackground();
    await view.waitFor((v) => v.rows.size === 1, 15_000, 'the first row');
    const stream = server.openResponses[0]!;
    stream.write('{"sensor": "b", "value": 2}\n{"sensor": "c"');
    stream.write(', "value": 3}\n');
    await view.waitFor((v) => v.rows.size === 3, 15_000, 'the streamed rows');
    expect(server.requests).toHaveLength(1);
  });

  it('reconnects with backoff when the stream ends or breaks, and keeps reading', async () => {
    let n = 0;
    server = await new LocalServer((_req, res) => {
      n++;
      if (n === 3) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200);
      if (n === 1) res.end(`{"sensor": "s1", "value": 1}\n`);
      else if (n === 2) {
        res.write(`{"sensor": "s2", "value": 2}\n`);
        setTimeout(() => res.destroy(), 20);
      } else res.write(`{"sensor": "s${n}", "value": ${n}}\n`);
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/s`, {
        schema: Reading,
        autocommitDurationMs: 5,
        reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      }),
    );
    run = runInBackground();
    await view.waitFor((v) => v.rows.size === 3, 15_000, 'rows of three connections');
    expect(view.values().map((r) => r.sensor)).toEqual(['s1', 's2', 's4']);
    expect(server.requests).toHaveLength(4);
  });

  it('keeps a quiet stream open: requestTimeoutMs bounds only the wait for the response head', async () => {
    server = await new LocalServer((_req, res) => {
      res.writeHead(200);
      res.write('{"sensor": "a", "value": 1}\n');
      setTimeout(() => res.write('{"sensor": "b", "value": 2}\n'), 200);
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/s`, { schema: Reading, autocommitDurationMs: 5, requestTimeoutMs: 50 }),
    );
    run = runInBackground();
    await view.waitFor((v) => v.rows.size === 2, 15_000, 'both rows');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a failed request in static mode before reading', async () => {
    let n = 0;
    server = await new LocalServer((_req, res) => {
      if (++n < 3) res.writeHead(502).end();
      else res.end('{"sensor": "a", "value": 1}\n');
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/s`, { schema: Reading, mode: 'static', reconnect: { initialDelayMs: 5 } }),
    );
    await cw.run();
    expect(view.values()).toEqual([{ sensor: 'a', value: 1 }]);
    expect(server.requests).toHaveLength(3);
  });

  it('fails in static mode when the response breaks off after rows arrived, instead of reading them twice', async () => {
    let n = 0;
    server = await new LocalServer((_req, res) => {
      if (++n === 1) {
        res.write('{"sensor": "a", "value": 1}\n{"sensor": "b", "value": 2}\n');
        setTimeout(() => res.destroy(), 20);
      } else
        res.end('{"sensor": "a", "value": 1}\n{"sensor": "b", "value": 2}\n{"sensor": "c", "value": 3}\n');
    }).start();
    cw.io.null.write(
      http.read(`${server.url}/s`, { schema: Reading, mode: 'static', reconnect: { initialDelayMs: 5 } }),
    );
    await expect(cw.run()).rejects.toThrow(
      /http: GET .*\/s: the response broke off after part of it was read/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('follows redirects (Pathway: allow_redirects)', async () => {
    server = await new LocalServer((req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else if (req.url === '/new') res.writeHead(307, { location: `${server!.url}/final` }).end();
      else res.end('{"sensor": "a", "value": 1}\n');
    }).start();
    const view = new LiveView(http.read(`${server.url}/old`, { schema: Reading, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([{ sensor: 'a', value: 1 }]);
    expect(server.requests.map((r) => r.url)).toEqual(['/old', '/new', '/final']);
  });

  it('reports malformed lines to the error log with the URL and the line number', async () => {
    server = await new LocalServer((_req, res) => {
      res.end('{"sensor": "a", "value": 1}\nnot json\n{"sensor": "b", "value": "high"}\n[1]\n7\n');
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/bad?token=secret`, { schema: Reading, mode: 'static', name: 'sensors' }),
    );
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.values()).toEqual([{ sensor: 'a', value: 1 }]);
    const messages = log.changes.map((c) => c.row.message);
    const url = `${server.url}/bad?token=***`;
    expect(messages.sort()).toEqual(
      [
        expect.stringMatching(new RegExp(`^malformed record at ${escape(url)} line 2: invalid JSON: `)),
        `malformed record at ${url} line 3: field "value": expected a number, got "high"`,
        `malformed record at ${url} line 4: expected a JSON object, got an array`,
        `malformed record at ${url} line 5: expected a JSON object, got 7`,
      ].sort(),
    );
    expect(messages.join(' ')).not.toContain('secret');
  });

  it('sends the method, headers and body it is given', async () => {
    server = await new LocalServer((_req, res) => res.end('{"sensor": "a", "value": 1}\n')).start();
    const view = new LiveView(
      http.read(`${server.url}/q`, {
        schema: Reading,
        mode: 'static',
        method: 'POST',
        headers: { 'x-api-key': 'k' },
        body: { since: 3 },
      }),
    );
    await cw.run();
    expect(view.rows.size).toBe(1);
    const req = server.requests[0]!;
    expect([req.method, req.headers['x-api-key'], req.headers['content-type'], req.body]).toEqual([
      'POST',
      'k',
      'application/json',
      '{"since":3}',
    ]);
  });

  it('fails with a ConnectorError naming the URL without its credentials on a 404', async () => {
    server = await new LocalServer((_req, res) => res.writeHead(404, 'Not Found').end()).start();
    const url = server.url.replace('http://', 'http://user:hunter2@') + '/missing?key=topsecret';
    cw.io.null.write(http.read(url, { schema: Reading, mode: 'static' }));
    const error = await cw.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      `http: GET ${server.url}/missing?key=***: answered 404 Not Found (check the URL, the method and the headers)`,
    );
    expect(error?.message).not.toMatch(/hunter2|topsecret/);
    expect(server.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('user:hunter2').toString('base64')}`,
    );
  });
});

describe('http.read (sse)', () => {
  it('reads server-sent events and resumes with Last-Event-ID after a break', async () => {
    const events = [
      { id: '1', data: { sensor: 'a', value: 1 } },
      { id: '2', data: { sensor: 'b', value: 2 } },
      { id: '3', data: { sensor: 'c', value: 3 } },
    ];
    let first: ServerResponse | undefined;
    server = await new LocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const after = Number(req.headers['last-event-id'] ?? 0);
      res.write(': a comment\nretry: 10\n\n');
      for (const e of events.filter((x) => Number(x.id) > after).slice(0, first ? 3 : 2)) {
        res.write(`id: ${e.id}\nevent: reading\ndata: ${JSON.stringify(e.data)}\n\n`);
      }
      res.write('event: heartbeat\ndata: {}\n\n');
      if (!first) {
        first = res;
        setTimeout(() => res.destroy(), 20);
      }
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/events`, {
        schema: Reading,
        format: 'sse',
        sseEvents: ['reading'],
        autocommitDurationMs: 5,
      }),
    );
    run = runInBackground();
    await view.waitFor((v) => v.rows.size === 3, 15_000, 'the three events');
    expect(view.values()).toEqual(events.map((e) => e.data));
    expect(server.requests[0]!.headers.accept).toBe('text/event-stream');
    expect(server.requests[1]!.headers['last-event-id']).toBe('2');
  });

  it('joins multi-line data and reports an event whose data is not JSON', async () => {
    server = await new LocalServer((_req, res) => {
      res.end(
        'data: {"sensor": "a",\ndata:  "value": 1}\n\ndata: oops\n\nevent: x\ndata: {"sensor": "b", "value": 2}',
      );
    }).start();
    const view = new LiveView(
      http.read(`${server.url}/e`, { schema: Reading, format: 'sse', mode: 'static' }),
    );
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.values()).toEqual([
      { sensor: 'a', value: 1 },
      { sensor: 'b', value: 2 },
    ]);
    expect(log.values().map((r) => r.message)).toEqual([
      expect.stringMatching(new RegExp(`^malformed record at ${escape(server.url)}/e line 4: invalid JSON`)),
    ]);
  });
});

describe('http.read (json)', () => {
  it('reads a JSON array once in static mode, and polls it in streaming mode replacing the rows', async () => {
    let doc: unknown = [
      { sensor: 'a', value: 1 },
      { sensor: 'b', value: 2 },
    ];
    server = await new LocalServer((_req, res) => res.end(JSON.stringify(doc))).start();
    const once = new LiveView(
      http.read(`${server.url}/doc`, { schema: Reading, format: 'json', mode: 'static' }),
    );
    await cw.run();
    expect(once.values()).toEqual(doc);
    cw.clearGraph();

    const view = new LiveView(
      http.read(`${server.url}/doc`, { schema: Reading, format: 'json', pollIntervalMs: 20 }),
    );
    run = runInBackground();
    await view.waitFor((v) => v.rows.size === 2, 15_000, 'the first document');
    doc = { sensor: 'c', value: 3 };
    await view.waitFor((v) => v.rows.size === 1 && v.values()[0]!.sensor === 'c', 15_000, 'the new document');
    // An unchanged document is not read again.
    const epochs = view.epochs;
    const seen = server.requests.length;
    while (server.requests.length < seen + 3) await new Promise((r) => setTimeout(r, 10));
    expect(view.epochs).toBe(epochs);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
