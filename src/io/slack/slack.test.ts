// `cw.io.slack.sendAlerts` against a local server standing in for Slack's Web API (the real one needs a workspace).
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

const alerts = () =>
  tableFromMarkdown<{ message: string; level: number }>(`
    message      | level | __time__ | __diff__
    disk & full  | 2     | 2        | 1
    cpu 100%     | 1     | 2        | 1
    disk & full  | 2     | 4        | -1
  `);

describe('io.slack.sendAlerts', () => {
  it('posts each inserted alert form-encoded with the bearer token; retractions send nothing', async () => {
    server = await new LocalServer((_req, res) => res.end('{"ok":true}')).start();
    const t = alerts();
    cw.io.slack.sendAlerts(t.c.message, 'C123', 'xoxb-token', { apiUrl: server.url });
    await cw.run();
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual(
      Array(2).fill(['POST', '/chat.postMessage', 'Bearer xoxb-token']),
    );
    const sent = server.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(sent.map((m) => m.text).sort()).toEqual(['cpu 100%', 'disk & full']);
    expect(sent.every((m) => m.channel === 'C123')).toBe(true);
  });

  it("stops the run with Slack's reason when a message is refused", async () => {
    server = await new LocalServer((_req, res) =>
      res.end('{"ok":false,"error":"channel_not_found"}'),
    ).start();
    const t = alerts();
    cw.io.slack.sendAlerts(t.c.message, 'C404', 'xoxb-token', { apiUrl: `${server.url}/` });
    await expect(cw.run()).rejects.toThrow(/slack: C404: the message was refused: channel_not_found/);
  });

  it('refuses a column of cw.this', () => {
    expect(() => cw.io.slack.sendAlerts(cw.this.message, 'C1', 't')).toThrow(/needs a column of a table/);
  });
});
