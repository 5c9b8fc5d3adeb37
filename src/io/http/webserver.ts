// The HTTP server REST connectors share (Pathway's `PathwayWebserver`): routing, body limits, 404/405/413,
// the OpenAPI document, and its lifecycle: it listens while at least one of its routes' sources runs.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError } from '../connector-error.js';
import { openApiDocument, type RouteDescription } from './openapi.js';

/** Options of `webserver`. */
export interface WebserverOptions {
  /** Interface to listen on (default `127.0.0.1`; `0.0.0.0` for every interface). */
  host?: string;
  /** Port (default 0: any free port; see `ready()` for the one chosen). */
  port?: number;
  /** Serve the OpenAPI description at `/_schema` and `/openapi.json` (default true). */
  withSchemaEndpoint?: boolean;
  /** Answer CORS preflights and allow any origin (default false). */
  withCors?: boolean;
  /** Largest request body accepted, in bytes (default 1 MiB); a route may set its own. */
  maxBodyBytes?: number;
  /** Title of the OpenAPI document (default `Causeway REST API`). */
  title?: string;
}

/** A request that passed routing and body checks, handed to its route. */
export interface RouteRequest {
  /** The JSON body (POST/PUT/PATCH) or the query parameters (GET/DELETE), not yet checked against the schema. */
  readonly payload: unknown;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/** Handles the requests of one route while its source runs. */
export type RouteHandler = (request: RouteRequest) => void;

/** A route registered on a webserver: a description (for OpenAPI), limits, and the handler of the running source. */
export interface RouteSlot extends RouteDescription {
  maxBodyBytes: number | undefined;
  handler: RouteHandler | undefined;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Sends a JSON response (once; ignored when the response was already sent or the client left). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A route's lookup key: its path without trailing slashes (`/` stays `/`). */
function routeKey(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/** An HTTP server for REST connectors; create it with `http.webserver(...)`. */
export class Webserver {
  readonly host: string;
  private readonly requestedPort: number;
  private readonly withSchemaEndpoint: boolean;
  private readonly withCors: boolean;
  private readonly maxBodyBytes: number;
  private readonly title: string;
  private readonly routes = new Map<string, RouteSlot>();
  private server: Server | undefined;
  private users = 0;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private address: AddressInfo | undefined;
  private readyWaiters: ((url: string) => void)[] = [];

  /** Creates a webserver (it listens only while a run uses one of its routes). */
  constructor(options: WebserverOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.withSchemaEndpoint = options.withSchemaEndpoint ?? true;
    this.withCors = options.withCors ?? false;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.title = options.title ?? 'Causeway REST API';
  }

  /** The port listened on (the chosen one when asked for port 0), or undefined while not listening. */
  get port(): number | undefined {
    return this.address?.port;
  }

  /** The base URL (`http://127.0.0.1:PORT`), or undefined while not listening. */
  get url(): string | undefined {
    if (this.address === undefined) return undefined;
    const h = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host;
    return `http://${h.includes(':') ? `[${h}]` : h}:${this.address.port}`;
  }

  /** Resolves with the base URL once the server listens (now, or when a run starts it). */
  ready(): Promise<string> {
    const url = this.url;
    if (url !== undefined && this.stopping === undefined) return Promise.resolve(url);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** @internal Registers a route at graph-building time; one connector per path. */
  register(description: RouteDescription, maxBodyBytes: number | undefined): RouteSlot {
    if (!description.path.startsWith('/'))
      throw new ConnectorError('http', `route "${description.path}"`, 'must start with "/"');
    if (this.routes.has(routeKey(description.path)) || this.isSchemaPath(description.path))
      throw new ConnectorError(
        'http',
        `route "${description.path}"`,
        'is already served by this webserver',
        'give each restConnector its own route',
      );
    const slot: RouteSlot = { ...description, maxBodyBytes, handler: undefined };
    this.routes.set(routeKey(description.path), slot);
    return slot;
  }

  /** The OpenAPI 3 document of every registered route. */
  openApi(): Record<string, unknown> {
    return openApiDocument([...this.routes.values()], {
      title: this.title,
      version: '1.0.0',
      serverUrl: this.url,
    });
  }

  /** @internal A route's source started: listens if this is the first. */
  async acquire(): Promise<void> {
    if (this.stopping) await this.stopping;
    this.users++;
    if (this.users === 1) this.starting = this.listen();
    try {
      await this.starting;
    } catch (e) {
      this.users--;
      throw e;
    }
  }

  /** @internal A route's source stopped: closes the server (freeing the port) after the last one. */
  async release(): Promise<void> {
    if (--this.users > 0) return;
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    if (server === undefined) return;
    this.stopping = new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await this.stopping;
    this.stopping = undefined;
    this.address = undefined;
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    return new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        const where = `webserver ${this.host}:${this.requestedPort}`;
        reject(
          e.code === 'EADDRINUSE'
            ? new ConnectorError('http', where, 'the port is already in use', 'choose another port', {
                cause: e,
              })
            : new ConnectorError('http', where, `cannot listen: ${e.message}`, undefined, { cause: e }),
        );
      };
      server.once('error', onError);
      server.listen(this.requestedPort, this.host, () => {
        server.off('error', onError);
        this.server = server;
        this.address = server.address() as AddressInfo;
        const url = this.url!;
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        for (const w of waiters) w(url);
        resolve();
      });
    });
  }

  private isSchemaPath(path: string): boolean {
    return path === '/_schema' || path === '/openapi.json';
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // Any request header is allowed (a preflight's list is echoed back), as Pathway's allow_headers="*".
    const asked = req.headers['access-control-request-headers'];
    const cors: Record<string, string> = this.withCors
      ? {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': typeof asked === 'string' && asked !== '' ? asked : '*',
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'access-control-expose-headers': '*',
        }
      : {};
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (this.withSchemaEndpoint && this.isSchemaPath(url.pathname) && method === 'GET') {
      sendJson(res, 200, this.openApi());
      return;
    }
    // `/route/` is `/route` (Pathway strips trailing slashes).
    const slot = this.routes.get(routeKey(url.pathname));
    if (slot === undefined) {
      req.resume();
      sendJson(res, 404, { error: `no route ${url.pathname}`, routes: [...this.routes.keys()] });
      return;
    }
    if (method === 'OPTIONS' && this.withCors) {
      req.resume();
      res.writeHead(204).end();
      return;
    }
    if (!slot.methods.includes(method)) {
      req.resume();
      sendJson(
        res,
        405,
        { error: `method ${method} is not allowed on ${slot.path} (allowed: ${slot.methods.join(', ')})` },
        { allow: slot.methods.join(', ') },
      );
      return;
    }
    if (!BODY_METHODS.has(method)) {
      // A repeated parameter keeps its first value (as Pathway reads request.query).
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
      this.dispatch(slot, query, req, res);
      return;
    }
    this.readBody(slot, req, res);
  }

  private readBody(slot: RouteSlot, req: IncomingMessage, res: ServerResponse): void {
    const limit = slot.maxBodyBytes ?? this.maxBodyBytes;
    const tooLarge = () => {
      sendJson(
        res,
        413,
        { error: `the request body is larger than ${limit} bytes` },
        { connection: 'close' },
      );
    };
    const declared = Number(req.headers['content-length'] ?? NaN);
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    if (over) tooLarge();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        // Drain a little so the client can read the 413, then cut a client that keeps sending.
        if (size > limit * 4 + 1024 * 1024) req.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      let payload: unknown;
      try {
        payload = text.trim() === '' ? {} : JSON.parse(text);
      } catch (e) {
        sendJson(res, 400, { error: `the request body is not valid JSON: ${(e as Error).message}` });
        return;
      }
      this.dispatch(slot, payload, req, res);
    });
  }

  private dispatch(slot: RouteSlot, payload: unknown, req: IncomingMessage, res: ServerResponse): void {
    if (slot.handler === undefined) {
      sendJson(res, 503, { error: `route ${slot.path} is not running (the pipeline is not started)` });
      return;
    }
    slot.handler({ payload, req, res });
  }
}

/** Creates a webserver shared by REST connectors (Pathway's `PathwayWebserver(host, port)`). */
export function webserver(options: WebserverOptions = {}): Webserver {
  return new Webserver(options);
}
