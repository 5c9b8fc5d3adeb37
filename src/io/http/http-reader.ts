// `http.read`: a table from an HTTP resource: newline-delimited JSON or server-sent events streamed from a URL, or a
// JSON document (an array of rows) fetched once or polled. Streaming mode reconnects with backoff when the stream
// ends or breaks (SSE resumes with `Last-Event-ID`); static mode reads the response once.

import { StringDecoder } from 'node:string_decoder';
import type { IncomingMessage } from 'node:http';
import type { Schema } from '../../table/schema.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { readSource, type ReadSourceOptions } from '../read-source.js';
import type { RowHandle, Source, SourceContext } from '../source.js';
import { openRequest, readText, retryDelay, safeUrl, sleep, type RetryPolicy } from './http-request.js';
import { LineSplitter, SseParser } from './stream-decoders.js';

/** How the response body holds rows. */
export type HttpReadFormat = 'jsonlines' | 'sse' | 'json';

/** Options of `http.read`. */
export interface HttpReadOptions<TRow extends Row> extends ReadSourceOptions {
  /** The rows' schema (a primary key makes rows upserts: a server replaying its stream does not duplicate rows). */
  schema: Schema<TRow>;
  /** `jsonlines` (default): one JSON object per line; `sse`: server-sent events with JSON data; `json`: one document. */
  format?: HttpReadFormat;
  /** HTTP method (default GET). */
  method?: string;
  /** Request headers (an `Authorization` header is never printed). */
  headers?: Record<string, string>;
  /** Request body: a string, or a value sent as JSON. */
  body?: unknown;
  /** Reconnection after the stream ends or fails (streaming: unlimited retries by default; static: 3). */
  reconnect?: RetryPolicy;
  /** `json` format in streaming mode: fetch the document again this often, replacing the rows (default 5,000 ms). */
  pollIntervalMs?: number;
  /** SSE: only events of these types carry rows (default: every event). */
  sseEvents?: readonly string[];
  /** Give up on a request when no response arrives within this many ms (default 30,000). */
  requestTimeoutMs?: number;
}

/** Statuses that redirect to the `location` header. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A failure that retrying will not fix (a 4xx answer). */
class FatalHttpError extends Error {}

/** Reads rows from a URL (see `read`). */
class HttpReader<TRow extends Row> implements Source {
  readonly name: string;
  private readonly url: URL;
  private readonly shown: string;
  private readonly format: HttpReadFormat;
  private readonly sse = new SseParser();
  /** Rows of the last `json` document (replaced when it changes). */
  private docRows: RowHandle[] = [];
  private docText: string | undefined;
  /** Whether the current connection gave any data (resets the backoff). */
  private received = false;

  constructor(
    url: string,
    private readonly options: HttpReadOptions<TRow>,
  ) {
    this.url = new URL(url);
    this.shown = safeUrl(url);
    this.format = options.format ?? 'jsonlines';
    this.name = options.name ?? `http(${this.shown})`;
  }

  async run(ctx: SourceContext): Promise<void> {
    const policy = this.options.reconnect ?? {};
    const maxRetries = policy.maxRetries ?? (ctx.mode === 'static' ? 3 : Infinity);
    // failures: failed requests in a row (bounded by maxRetries); idle: connections in a row that gave no data.
    let failures = 0;
    let idle = 0;
    for (;;) {
      this.received = false;
      let failed = false;
      try {
        await this.readOnce(ctx);
        if (ctx.mode === 'static') return;
      } catch (e) {
        if (ctx.signal.aborted) return;
        const fatal = e instanceof FatalHttpError;
        // Static mode reads the response once: after rows arrived, a retry would insert them a second time.
        if (ctx.mode === 'static' && this.received) {
          throw new ConnectorError(
            'http',
            `${this.method()} ${this.shown}`,
            `the response broke off after part of it was read (${(e as Error).message})`,
            'static mode reads a response once; retry the run, or read it in streaming mode with a primary key',
            { cause: e },
          );
        }
        if (fatal || failures >= maxRetries) {
          throw new ConnectorError(
            'http',
            `${this.method()} ${this.shown}`,
            fatal ? e.message : `failed after ${failures + 1} attempts: ${(e as Error).message}`,
            fatal ? 'check the URL, the method and the headers' : 'check that the server is up and reachable',
            { cause: e },
          );
        }
        failed = true;
      }
      if (ctx.signal.aborted) return;
      if (this.received) failures = idle = 0;
      if (failed) failures++;
      if (!this.received) idle++;
      const delay =
        this.format === 'json' && !failed
          ? (this.options.pollIntervalMs ?? 5_000)
          : (this.sse.retryMs ?? retryDelay(policy, Math.max(0, idle - 1)));
      await sleep(delay, ctx.signal);
      if (ctx.signal.aborted) return;
    }
  }

  private method(): string {
    return (this.options.method ?? 'GET').toUpperCase();
  }

  /** One request: reads the response to its end. */
  private async readOnce(ctx: SourceContext): Promise<void> {
    const headers: Record<string, string> = {
      accept: this.format === 'sse' ? 'text/event-stream' : 'application/json, application/x-ndjson',
      ...this.options.headers,
    };
    let body: string | undefined;
    if (this.options.body !== undefined) {
      body = typeof this.options.body === 'string' ? this.options.body : JSON.stringify(this.options.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/json';
    }
    if (this.format === 'sse' && this.sse.lastEventId !== undefined)
      headers['last-event-id'] = this.sse.lastEventId;
    // Redirects are followed (up to 5, as a browser or Pathway's requests would); 303 turns the request into a GET,
    // and credentials do not follow a redirect to another origin.
    let url = this.url;
    let method = this.method();
    const send = () =>
      openRequest(url, {
        method,
        headers,
        body,
        signal: ctx.signal,
        timeoutMs: this.options.requestTimeoutMs ?? 30_000,
      });
    let res = await send();
    for (let hops = 0; REDIRECTS.has(res.statusCode ?? 0) && res.headers.location !== undefined; hops++) {
      res.resume();
      if (hops >= 5)
        throw new FatalHttpError(`more than 5 redirects (last to ${safeUrl(res.headers.location)})`);
      const next = new URL(res.headers.location, url);
      if (next.origin !== url.origin) {
        for (const h of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(h)) delete headers[h];
      }
      if (res.statusCode === 303) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      res = await send();
    }
    const status = res.statusCode ?? 0;
    if (status >= 300) {
      res.resume();
      const text = `answered ${status} ${res.statusMessage ?? ''}`.trim();
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new FatalHttpError(text);
      throw new Error(text);
    }
    if (this.format === 'json') await this.readDocument(ctx, res);
    else await this.readStream(ctx, res);
  }

  private async readStream(ctx: SourceContext, res: IncomingMessage): Promise<void> {
    const decoder = new StringDecoder('utf8');
    const lines = new LineSplitter();
    this.sse.reset();
    let lineNo = 0;
    const take = (batch: string[]) => {
      for (const line of batch) {
        lineNo++;
        this.received = true;
        if (this.format === 'sse') {
          const ev = this.sse.feed(line);
          if (ev === undefined) continue;
          const types = this.options.sseEvents;
          if (types !== undefined && !types.includes(ev.event)) continue;
          this.insertJson(ctx, ev.data, `${this.shown} line ${ev.line}`);
        } else if (line.trim() !== '') {
          this.insertJson(ctx, line, `${this.shown} line ${lineNo}`);
        }
      }
    };
    for await (const chunk of res) {
      take(lines.push(decoder.write(chunk as Buffer)));
      const wait = ctx.backpressure();
      if (wait) await wait;
    }
    take(lines.push(decoder.end()));
    take(lines.end());
    // A stream that ends without a final blank line still dispatches its last event.
    if (this.format === 'sse') take(['']);
  }

  private insertJson(ctx: SourceContext, text: string, position: string): RowHandle | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      ctx.error(position, `invalid JSON: ${(e as Error).message}`);
      return undefined;
    }
    if (Array.isArray(value)) {
      ctx.error(position, 'expected a JSON object, got an array');
      return undefined;
    }
    if (value === null || typeof value !== 'object') {
      ctx.error(
        position,
        `expected a JSON object, got ${text.length > 40 ? text.slice(0, 37) + '...' : text}`,
      );
      return undefined;
    }
    return ctx.insert(value, position);
  }

  /** A JSON document (an array of rows, or one row): replaces the rows of the previous one when it changed. */
  private async readDocument(ctx: SourceContext, res: IncomingMessage): Promise<void> {
    const text = await readText(res);
    this.received = true;
    if (text === this.docText) return;
    this.docText = text;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      ctx.error(this.shown, `invalid JSON: ${(e as Error).message}`);
      return;
    }
    const items = Array.isArray(value) ? value : [value];
    ctx.beginUnit();
    for (const h of this.docRows) ctx.retract(h);
    const rows: RowHandle[] = [];
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        ctx.error(`${this.shown} [${i}]`, `expected a JSON object, got ${JSON.stringify(item)}`);
        continue;
      }
      const h = ctx.insert(item, `${this.shown} [${i}]`);
      if (h !== undefined) rows.push(h);
    }
    ctx.endUnit();
    this.docRows = rows;
    await ctx.commit();
  }
}

/**
 * The table of rows served at `url` (Pathway's `pw.io.http.read`).
 *
 * @example
 * const events = cw.io.http.read('http://localhost:8080/events', { schema: Event, format: 'sse' });
 */
export function read<TRow extends Row>(url: string, options: HttpReadOptions<TRow>): Table<TRow> {
  let shown: string;
  try {
    shown = safeUrl(new URL(url));
  } catch {
    throw new ConnectorError(
      'http',
      'read',
      'the URL is not valid',
      'give an absolute http:// or https:// URL',
    );
  }
  const name = options.name ?? `http(${shown})`;
  return readSource(() => new HttpReader(url, { ...options, name }), options.schema, { ...options, name });
}
