// `cw.io.logstash.write` against a local server standing in for Logstash's HTTP input.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown } from '../../testing/index.js';
import { LocalServer } from '../http/http-test-util.test-util.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  cw.clearGraph();
});

describe('io.logstash.write', () => {
  it('POSTs each change as a flat JSON object with time and diff', async () => {
    server = await new LocalServer((_req, res) => res.end('ok')).start();
    const t = tableFromMarkdown<{ host: string; load: number }>(`
      host | load | __time__ | __diff__
      a    | 1    | 2        | 1
      a    | 1    | 4        | -1
    `);
    cw.io.logstash.write(t, server.url);
    await cw.run();
    expect(server.requests.map((r) => [r.method, r.headers['content-type'], JSON.parse(r.body)])).toEqual([
      ['POST', 'application/json', { host: 'a', load: 1, time: 2, diff: 1 }],
      ['POST', 'application/json', { host: 'a', load: 1, time: 4, diff: -1 }],
    ]);
  });
});
