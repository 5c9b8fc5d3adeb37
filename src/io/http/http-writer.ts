// `http.write`: sends a table's changes to a URL (Pathway's `pw.io.http.write`): one request per change (the row
// with `time` and `diff`), or JSON arrays of changes per epoch; retries 5xx answers and network errors with backoff.

import type { DType } from '../../table/dtype.js';
import type { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { jsonFormatter, type ValueFormatter } from '../format-value.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';
import { openRequest, readText, retryDelay, safeUrl, sleep, type RetryPolicy } from './http-request.js';

/** Options of `http.write`. */
export interface HttpWriteOptions {
  /** HTTP method (default POST). */
  method?: string;
  /** `json` (default): the row with `time` and `diff` as a JSON object; `custom`: `requestPayloadTemplate`. */
  format?: 'json' | 'custom';
  /**
   * `custom` format: the body, with `{table.<column>}`, `{time}` and `{diff}` placeholders (`{table.time}` and
   * `{table.diff}` too, as Pathway spells them). The URL and the header values may hold the same placeholders (as in
   * Pathway): each change is then sent on its own, with its values put in (URL-encoded in the URL).
   */
  requestPayloadTemplate?: string;
  /** Content type (default `application/json`, `text/plain` for `custom`). */
  contentType?: string;
  /** Extra request headers (never printed in errors). */
  headers?: Record<string, string>;
  /**
   * Send the changes of an epoch as JSON arrays of at most this many (`Infinity`: one request per epoch).
   * Default: one request per change. (`custom` batches join payloads with newlines.)
   */
  batchSize?: number;
  /** Retries of 5xx answers (and 408/429) and network errors (default 3 retries from 200 ms, doubling). */
  retries?: RetryPolicy;
  /** Give up on one attempt when no response arrives within this many ms (default 30,000). */
  requestTimeoutMs?: number;
  /** Name in error messages (default `http(<url>)`). */
  name?: string;
}

const PLACEHOLDER = /\{(table\.[^{}]+|time|diff)\}/g;
/** PLACEHOLDER without the global flag, whose `lastIndex` would make `test` stateful. */
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source);

/** Whether a text has placeholders (a templated URL or header). */
function templated(text: string): boolean {
  return HAS_PLACEHOLDER.test(text);
}

/** The sink behind `http.write`. */
class HttpSink implements Sink {
  readonly name: string;
  private readonly url: URL;
  /** The URL as given when it has placeholders (put in per change), else undefined. */
  private readonly urlTemplate: string | undefined;
  /** Whether a header value has placeholders. */
  private readonly headersTemplated: boolean;
  private readonly shown: string;
  private readonly method: string;
  private readonly headers: Record<string, string>;
  private columns: readonly string[] = [];
  private formatters: ValueFormatter[] = [];
  private columnAt = new Map<string, number>();

  constructor(
    url: string,
    private readonly options: HttpWriteOptions,
  ) {
    this.urlTemplate = templated(url) ? url : undefined;
    try {
      // A templated URL is checked with its placeholders filled.
      this.url = new URL(this.urlTemplate === undefined ? url : url.replace(PLACEHOLDER, 'x'));
    } catch {
      throw new ConnectorError(
        'http',
        'write',
        'the URL is not valid',
        'give an absolute http:// or https:// URL',
      );
    }
    this.shown = safeUrl(this.url);
    this.method = (options.method ?? 'POST').toUpperCase();
    this.name = options.name ?? `http(${this.shown})`;
    const custom = options.format === 'custom';
    if (custom && options.requestPayloadTemplate === undefined)
      throw new ConnectorError(
        'http',
        this.shown,
        'format "custom" needs a requestPayloadTemplate',
        'pass requestPayloadTemplate, e.g. "{table.name}: {table.value}"',
      );
    this.headers = {
      'content-type': options.contentType ?? (custom ? 'text/plain; charset=utf-8' : 'application/json'),
      ...options.headers,
    };
    this.headersTemplated = Object.values(options.headers ?? {}).some(templated);
    if ((this.urlTemplate !== undefined || this.headersTemplated) && options.batchSize !== undefined)
      throw new ConnectorError(
        'http',
        this.shown,
        'a URL or header with placeholders sends each change on its own, so batchSize cannot be set',
        'drop batchSize, or the placeholders',
      );
  }

  open(columns: readonly string[], dtypes: readonly DType[]): void {
    this.columns = columns;
    this.formatters = dtypes.map((d) => jsonFormatter(d));
    this.columnAt = new Map(columns.map((c, i) => [c, i]));
    const templates: [string, string][] = [];
    const body = this.options.requestPayloadTemplate;
    if (this.options.format === 'custom' && body !== undefined) templates.push(['payload template', body]);
    if (this.urlTemplate !== undefined) templates.push(['URL', this.urlTemplate]);
    for (const [k, v] of Object.entries(this.options.headers ?? {})) templates.push([`header "${k}"`, v]);
    for (const [what, template] of templates) {
      for (const m of template.matchAll(PLACEHOLDER)) {
        const name = m[1]!;
        if (name.startsWith('table.') && !this.known(name.slice(6)))
          throw new ConnectorError(
            'http',
            this.shown,
            `the ${what} names column "${name.slice(6)}", which the table does not have`,
            `columns: ${columns.join(', ')} (and time, diff)`,
          );
      }
    }
  }

  /** A column of the table, or `time` / `diff` (Pathway's `{table.time}`, `{table.diff}`). */
  private known(name: string): boolean {
    return this.columnAt.has(name) || name === 'time' || name === 'diff';
  }

  /** `template` with the placeholders of one change put in (`encode`: URL-encode the values). */
  private fill(
    template: string,
    row: readonly unknown[],
    time: number,
    diff: number,
    encode = false,
  ): string {
    return template.replace(PLACEHOLDER, (_, name: string) => {
      // `{time}` / `{diff}` are always the change's; `{table.time}` / `{table.diff}` only where no column is so named.
      const c = name.startsWith('table.') ? this.columnAt.get(name.slice(6)) : undefined;
      let text: string;
      if (c === undefined) text = String(name === 'time' || name === 'table.time' ? time : diff);
      else {
        const v = this.formatters[c]!(row[c]);
        text = typeof v === 'string' ? v : JSON.stringify(v);
      }
      return encode ? encodeURIComponent(text) : text;
    });
  }

  private object(row: readonly unknown[], time: number, diff: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let c = 0; c < this.columns.length; c++) out[this.columns[c]!] = this.formatters[c]!(row[c]);
    out.time = time;
    out.diff = diff;
    return out;
  }

  private custom(row: readonly unknown[], time: number, diff: number): string {
    return this.fill(this.options.requestPayloadTemplate!, row, time, diff);
  }

  async write({ time, rows, diffs }: EpochChanges): Promise<void> {
    const custom = this.options.format === 'custom';
    const perChange = this.urlTemplate !== undefined || this.headersTemplated;
    const items: (Record<string, unknown> | string)[] = [];
    for (let i = 0; i < rows.length; i++) {
      const d = diffs[i]!;
      const sign = d > 0 ? 1 : -1;
      // A consolidated diff of ±n is n changes of ±1 (Pathway's layout).
      for (let k = Math.abs(d); k > 0; k--) {
        const item = custom ? this.custom(rows[i]!, time, sign) : this.object(rows[i]!, time, sign);
        if (!perChange) {
          items.push(item);
          continue;
        }
        // Placeholders in the URL or headers: this change goes to its own URL, with its own headers.
        const url =
          this.urlTemplate === undefined
            ? this.url
            : new URL(this.fill(this.urlTemplate, rows[i]!, time, sign, true));
        let headers = this.headers;
        if (this.headersTemplated) {
          headers = {};
          for (const [h, v] of Object.entries(this.headers)) headers[h] = this.fill(v, rows[i]!, time, sign);
        }
        await this.send(typeof item === 'string' ? item : JSON.stringify(item), url, headers);
      }
    }
    if (perChange) return;
    const size = this.options.batchSize;
    if (size === undefined) {
      for (const item of items) await this.send(typeof item === 'string' ? item : JSON.stringify(item));
      return;
    }
    const step = Math.max(1, Math.min(size, items.length));
    for (let at = 0; at < items.length; at += step) {
      const chunk = items.slice(at, at + step);
      await this.send(custom ? chunk.join('\n') : JSON.stringify(chunk));
    }
  }

  /** Sends one body, retrying 5xx/408/429 answers and network errors; throws a ConnectorError at the end. */
  private async send(body: string, url = this.url, base = this.headers): Promise<void> {
    const policy = this.options.retries ?? {};
    const maxRetries = policy.maxRetries ?? 3;
    const headers = { ...base, 'content-length': String(Buffer.byteLength(body)) };
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      let retryable = true;
      try {
        const res = await openRequest(url, {
          method: this.method,
          headers,
          body,
          timeoutMs: this.options.requestTimeoutMs ?? 30_000,
        });
        const status = res.statusCode ?? 0;
        const text = await readText(res);
        if (status >= 200 && status < 300) return;
        problem = `answered ${status} ${res.statusMessage ?? ''}`.trim();
        if (status < 500 && status !== 408 && status !== 429) {
          retryable = false;
          const shown = text.trim().slice(0, 200);
          if (shown !== '') problem += `: ${shown}`;
        }
      } catch (e) {
        problem = (e as Error).message;
      }
      if (!retryable || attempt >= maxRetries) {
        throw new ConnectorError(
          'http',
          `${this.method} ${this.shown}`,
          retryable ? `failed after ${attempt + 1} attempts: ${problem}` : problem,
          retryable
            ? 'check that the server is up, or raise retries.maxRetries'
            : 'check the URL, the headers and the payload format',
        );
      }
      await sleep(retryDelay(policy, attempt));
    }
  }
}

/**
 * Sends the changes of `table` to `url` (Pathway's `pw.io.http.write`): by default a POST per change with the row,
 * `time` and `diff` as a JSON object.
 *
 * @example
 * cw.io.http.write(alerts, 'https://hooks.example.com/alerts', { batchSize: Infinity, retries: { maxRetries: 5 } });
 */
export function write(table: Table<any>, url: string, options: HttpWriteOptions = {}): void {
  writeSink(table, new HttpSink(url, options));
}
