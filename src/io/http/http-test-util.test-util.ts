// Test helpers of the HTTP connectors: a small request client and a local server whose behaviour a test scripts.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response read whole. */
export interface SimpleResponse {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json(): any;
}

/** Sends a request and reads the whole response (no keep-alive, so servers close promptly). */
export function send(
  url: string,
  options: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: { connection: 'close', ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** POSTs a JSON value. */
export function postJson(url: string, body: unknown): Promise<SimpleResponse> {
  return send(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

/** A local server on a free port; `handler` decides every answer. */
export class LocalServer {
  private server: Server | undefined;
  /** Base URL after `start()`. */
  url = '';
  /** Requests seen, with their bodies. */
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
    [];
  private readonly open = new Set<ServerResponse>();

  /** Creates a server answering with `handler` (the body is read before it is called). */
  constructor(private readonly handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {}

  /** Listens on 127.0.0.1, any free port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        this.open.add(res);
        res.on('close', () => this.open.delete(res));
        this.handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Responses still open (streams). */
  get openResponses(): ServerResponse[] {
    return [...this.open];
  }

  /** Stops the server, cutting open streams. */
  async close(): Promise<void> {
    for (const r of this.open) r.destroy();
    const s = this.server;
    if (s === undefined) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }
}

/** Resolves once `check()` holds (polled every 5 ms); rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 15_000, what = 'a condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
