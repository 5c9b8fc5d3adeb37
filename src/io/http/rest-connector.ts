// Pathway's `rest_connector`: each HTTP request on a route becomes a row of a `queries` table; the pipeline computes a
// response table keyed by the query ids, and `respond(responses)` answers each request with its row.
//
// State (per run): the pending requests by query id (response object, row handle, timeout timer).
// Invariants: a request is answered once (the first response row for its id, at the end of that epoch); with
// deleteCompletedQueries (the default) a request that is answered, times out (504) or whose client disconnects has its
// row retracted; without it no row is ever retracted (the queries table is append-only, as Pathway's).

import type { ServerResponse } from 'node:http';
import { KeyGenerator, type Key } from '../../engine/key.js';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { ErrorValue } from '../../table/values/error-value.js';
import { cacheKeyOf, type CacheStrategy } from '../../table/udf/cache-strategy.js';
import { jsonFormatter, type ValueFormatter } from '../format-value.js';
import { readSource } from '../read-source.js';
import { RecordParser } from '../record-parser.js';
import { writeSink } from '../sink.js';
import type { RowHandle, SourceContext } from '../source.js';
import type { EndpointDocumentation } from './openapi.js';
import { sendJson, webserver as createWebserver, type RouteRequest, type Webserver } from './webserver.js';

/** HTTP methods a REST route may accept. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Options of `restConnector` (Pathway's `rest_connector` arguments, camelCased). */
export interface RestConnectorOptions<TRow extends Row> {
  /** The server to serve the route on (share one between routes); default: a new one on `host`/`port`. */
  webserver?: Webserver;
  /** Host of the server created when `webserver` is not given (default 127.0.0.1). */
  host?: string;
  /** Port of the server created when `webserver` is not given (default 0: any free port). */
  port?: number;
  /** The route (default `/`). */
  route?: string;
  /** The request schema: a POST body's fields, or a GET's query parameters. */
  schema: Schema<TRow>;
  /** Accepted methods (default `['POST']`). */
  methods?: readonly HttpMethod[];
  /**
   * Retract each query row once answered, timed out or abandoned by its client (default true; Pathway's
   * `delete_completed_queries`). False keeps every query: the queries table is append-only.
   */
  deleteCompletedQueries?: boolean;
  /**
   * Answers a request equal to one answered before (the same values of the schema's fields) from this cache, without
   * a row in the queries table (Pathway's `cache_strategy`): `new cw.InMemoryCache()` or `new cw.DiskCache({...})`.
   * Only successful answers (status 200) are cached.
   */
  cacheStrategy?: CacheStrategy;
  /** Answer 504 when the pipeline has not answered within this many ms (default 30,000). */
  timeoutMs?: number;
  /** Largest accepted body in bytes (default: the webserver's, 1 MiB). */
  maxBodyBytes?: number;
  /** OpenAPI documentation of the route. */
  documentation?: EndpointDocumentation;
  /** Extra check of a request that fits the schema: return (or throw) a message to answer 400 with it. */
  requestValidator?: (request: TRow) => string | undefined | void;
  /** Fallback commit interval in ms (each request is committed at once anyway; default 20). */
  autocommitDurationMs?: number;
  /** Name in error messages (default `http.rest(<route>)`). */
  name?: string;
}

/** What `restConnector` returns: the queries table and the response writer. */
export interface RestConnector<TRow extends Row> {
  /** One row per request in flight, typed by the schema; its id is the query id. */
  readonly queries: Table<TRow>;
  /**
   * Answers requests with the rows of `responses` (keyed by query id): the `result` column when the table has one,
   * else the whole row as a JSON object (Pathway's `response_writer`).
   */
  readonly respond: (responses: Table<any>) => void;
  /** The server the route is served on. */
  readonly webserver: Webserver;
}

interface Pending {
  readonly res: ServerResponse;
  readonly handle: RowHandle;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The request's key in `cacheStrategy` (when there is one). */
  readonly cacheKey: string | undefined;
}

/** The route while one run's source is live. */
class RouteSession<TRow extends Row> {
  readonly pending = new Map<Key, Pending>();
  private readonly parser: RecordParser;
  private readonly ids: KeyGenerator;
  private dirty = false;
  /** Set once storing in `cacheStrategy` failed (reported once). */
  private cacheFailed = false;

  constructor(
    private readonly ctx: SourceContext,
    schema: Schema<TRow>,
    private readonly options: RestConnectorOptions<TRow>,
    private readonly name: string,
  ) {
    this.parser = new RecordParser(schema);
    this.ids = new KeyGenerator(`http:${name}`);
  }

  handle({ payload, res }: RouteRequest): void {
    const values = this.parser.parseObject(payload);
    if (values === undefined) {
      const reason = this.parser.lastError;
      const field = /field "([^"]+)"/.exec(reason)?.[1];
      sendJson(res, 400, {
        error: `the request does not fit the schema: ${reason}`,
        ...(field ? { field } : {}),
      });
      return;
    }
    if (this.options.requestValidator) {
      let problem: string | undefined | void;
      try {
        problem = this.options.requestValidator(payload as TRow);
      } catch (e) {
        problem = (e as Error).message ?? String(e);
      }
      // Any string refuses the request, '' included (Pathway refuses any value but None).
      if (typeof problem === 'string') {
        sendJson(res, 400, { error: `invalid request: ${problem}` });
        return;
      }
    }
    const cache = this.options.cacheStrategy;
    const cacheKey = cache === undefined ? undefined : cacheKeyOf(values);
    if (cacheKey !== undefined) {
      const hit = cache!.get(cacheKey);
      if (hit !== undefined) {
        sendJson(res, 200, hit);
        return;
      }
    }
    const key = this.ids.next();
    const p: Pending = { res, handle: { key, values }, timer: undefined, cacheKey };
    this.pending.set(key, p);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    p.timer = setTimeout(() => {
      if (this.pending.get(key) !== p) return;
      sendJson(res, 504, { error: `the pipeline did not answer within ${timeoutMs} ms` });
      this.drop(key, p, this.deletes);
    }, timeoutMs);
    // The client left before the answer: its query is withdrawn.
    res.on('close', () => {
      if (this.pending.get(key) === p) this.drop(key, p, this.deletes);
    });
    this.ctx.insertParsed(key, values);
    void this.ctx.commit();
  }

  /** Stores an answer in `cacheStrategy`; a cache that fails (a full disk) is reported once and the answer still sent. */
  private remember(cacheKey: string, body: unknown): void {
    const cache = this.options.cacheStrategy!;
    try {
      cache.set(cacheKey, body);
      cache.flush?.();
    } catch (e) {
      if (!this.cacheFailed)
        console.warn(
          `causeway: ${this.name}: cacheStrategy failed to store an answer: ${(e as Error).message}`,
        );
      this.cacheFailed = true;
    }
  }

  /** Whether query rows are retracted once done (`deleteCompletedQueries`). */
  private get deletes(): boolean {
    return this.options.deleteCompletedQueries ?? true;
  }

  /** Forgets a pending request; retracts its row when asked. */
  private drop(key: Key, p: Pending, retract: boolean): void {
    this.pending.delete(key);
    if (p.timer !== undefined) clearTimeout(p.timer);
    if (retract) {
      this.ctx.retract(p.handle);
      this.dirty = true;
      this.commitIfDirty();
    }
  }

  /**
   * Sends the answer to the request with this query id (ignored when it is not pending any more); `status` 500 when
   * the answer could not be computed (an error value), as Pathway answers.
   */
  answer(key: Key, body: unknown, status = 200): void {
    const p = this.pending.get(key);
    if (p === undefined) return;
    sendJson(p.res, status, body);
    if (status === 200 && p.cacheKey !== undefined && body !== undefined) this.remember(p.cacheKey, body);
    if (this.deletes) {
      this.pending.delete(key);
      if (p.timer !== undefined) clearTimeout(p.timer);
      this.ctx.retract(p.handle);
      this.dirty = true;
    } else this.drop(key, p, false);
  }

  /** Commits retractions made since the last commit (never awaited: may run inside an epoch). */
  commitIfDirty(): void {
    if (!this.dirty) return;
    this.dirty = false;
    void this.ctx.commit();
  }

  /** The run stops: requests still waiting get a 503. */
  shutdown(): void {
    for (const [key, p] of [...this.pending]) {
      sendJson(p.res, 503, { error: 'the server is shutting down' });
      this.pending.delete(key);
      if (p.timer !== undefined) clearTimeout(p.timer);
    }
  }
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Serves `route` on a webserver: each request becomes a row of `queries`; `respond(responses)` answers it.
 *
 * @example
 * const server = cw.io.http.webserver({ port: 8080 });
 * const { queries, respond } = cw.io.http.restConnector({ webserver: server, route: '/v1/double',
 *   schema: cw.schema({ x: cw.INT }) });
 * respond(queries.select({ result: cw.this.x.mul(2) }));
 */
export function restConnector<TRow extends Row>(options: RestConnectorOptions<TRow>): RestConnector<TRow> {
  const server =
    options.webserver ?? createWebserver({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const route = options.route ?? '/';
  const methods = (options.methods ?? ['POST']).map((m) => m.toUpperCase());
  const name = options.name ?? `http.rest(${route})`;
  const slot = server.register(
    { path: route, methods, schema: options.schema, documentation: options.documentation ?? {} },
    options.maxBodyBytes,
  );
  const state: { live: RouteSession<TRow> | undefined } = { live: undefined };

  const queries = readSource(
    () => ({
      name,
      async run(ctx) {
        const session = new RouteSession(ctx, options.schema, options, name);
        await server.acquire();
        slot.handler = (r) => session.handle(r);
        state.live = session;
        try {
          await waitForAbort(ctx.signal);
        } finally {
          if (state.live === session) state.live = undefined;
          slot.handler = undefined;
          session.shutdown();
          await server.release();
        }
      },
    }),
    options.schema,
    {
      name,
      mode: 'streaming',
      autocommitDurationMs: options.autocommitDurationMs ?? 20,
      appendOnly: options.deleteCompletedQueries === false,
    },
  );

  let responding = false;
  const respond = (responses: Table<any>): void => {
    if (responding)
      throw new ConnectorError(
        'http',
        `route "${route}"`,
        'respond() was already called',
        'compute one response table per route',
      );
    responding = true;
    let formatters: ValueFormatter[] = [];
    let columns: readonly string[] = [];
    let resultAt = -1;
    const answers = new Map<Key, readonly unknown[]>();
    writeSink(responses, {
      name: `http.respond(${route})`,
      // An answer that failed is still an answer: a 500 with the error's message.
      keepsErrors: true,
      open(cols, dtypes) {
        columns = cols;
        formatters = dtypes.map((d) => jsonFormatter(d));
        resultAt = cols.indexOf('result');
      },
      write({ keys, rows, diffs }) {
        for (let i = 0; i < keys.length; i++) if (diffs[i]! > 0) answers.set(keys[i]!, rows[i]!);
      },
      flush() {
        const live = state.live;
        if (live === undefined || answers.size === 0) {
          answers.clear();
          return;
        }
        for (const [key, row] of answers) {
          if (!live.pending.has(key)) continue;
          let body: unknown;
          // A cell that failed makes the answer a 500 (Pathway: api.ERROR -> status 500), with the error's message.
          const failed = (resultAt >= 0 ? [row[resultAt]] : row).find((v) => v instanceof ErrorValue);
          if (failed !== undefined) body = { error: failed.message };
          else if (resultAt >= 0) body = formatters[resultAt]!(row[resultAt]);
          else {
            const obj: Record<string, unknown> = {};
            for (let c = 0; c < columns.length; c++) obj[columns[c]!] = formatters[c]!(row[c]);
            body = obj;
          }
          live.answer(key, body, failed !== undefined ? 500 : 200);
        }
        answers.clear();
        live.commitIfDirty();
      },
    });
  };

  return { queries, respond, webserver: server };
}
