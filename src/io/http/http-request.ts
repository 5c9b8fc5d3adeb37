// Plain HTTP(S) requests on node:http/node:https for the HTTP reader and writer, retry delays, and URLs safe to
// print (no credentials, no query values).

import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A URL for messages: credentials dropped, query values masked (`?token=***`). */
export function safeUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  const keys = [...u.searchParams.keys()];
  const query = keys.length > 0 ? `?${keys.map((k) => `${k}=***`).join('&')}` : '';
  return `${u.protocol}//${u.host}${u.pathname}${query}`;
}

/** Options of one request. */
export interface RequestOptions {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** Give up when no response header arrives within this many ms. */
  timeoutMs?: number;
}

/** Sends a request; resolves with the response (its body not read yet). Credentials in the URL become Basic auth. */
export function openRequest(url: URL, options: RequestOptions): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      url,
      { method: options.method, headers: options.headers, signal: options.signal },
      (res) => {
        // The timeout bounds the wait for the response head only: a quiet stream afterwards is not an error.
        req.setTimeout(0);
        resolve(res);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(new Error(`no response within ${options.timeoutMs} ms`)),
      );
    }
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** Reads a whole response body as text. */
export async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry delays: exponential from `initialDelayMs`, capped, with a little jitter. */
export interface RetryPolicy {
  /** Attempts after the first one (default depends on the connector). */
  maxRetries?: number;
  /** First delay in ms (default 200). */
  initialDelayMs?: number;
  /** Largest delay in ms (default 10,000). */
  maxDelayMs?: number;
}

/** The delay before retry number `attempt` (0-based). */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const initial = policy.initialDelayMs ?? 200;
  const max = policy.maxDelayMs ?? 10_000;
  const d = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return d * (0.9 + Math.random() * 0.2);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
