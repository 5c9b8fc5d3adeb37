// Shared by the connectors (message brokers and SQL servers): reconnection backoff with jitter, an abortable
// delay, masking secrets (passwords in URIs, tokens in error text) before they reach names or messages, and the
// ConnectorError of a failed connection.

import { ConnectorError } from './connector-error.js';

/** Reconnection policy: exponential backoff from `initialDelayMs` to `maxDelayMs`, `maxAttempts` per outage. */
export interface ReconnectOptions {
  /** First delay before retrying (default 100 ms). */
  initialDelayMs?: number;
  /** Longest delay between attempts (default 5,000 ms). */
  maxDelayMs?: number;
  /** Attempts per outage before the run fails (default 20; the first connection of a run counts too). */
  maxAttempts?: number;
}

/** The delay before attempt `attempt` (1-based) of an outage: initial, doubled each time up to the maximum, ±20%. */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}): number {
  const base = Math.min(
    options.maxDelayMs ?? 5_000,
    (options.initialDelayMs ?? 100) * 2 ** Math.min(30, Math.max(0, attempt - 1)),
  );
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A promise resolved after `ms`, or at once when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The uri with its password masked, for names and messages: `amqp://guest:***@host:5672/`. */
export function redactUri(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return uri.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** The URL with its credentials (`user:password@`) removed: `redis://host:6379`. */
export function stripCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** The password of a URL (decoded), if it has one. */
export function uriPassword(uri: string | undefined): string | undefined {
  const m = uri?.match(/\/\/[^:@/]*:([^@/]*)@/);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** `text` with every occurrence of each secret (and of its URI-encoded form) replaced by `***`. */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    out = out.split(s).join('***');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('***');
  }
  return out;
}

/** `message` with the password of `uri` removed (raw and decoded). */
export function scrub(message: string, uri: string): string {
  let raw: string | undefined;
  try {
    raw = new URL(uri).password || undefined;
  } catch {
    return maskSecrets(message, [uriPassword(uri)]);
  }
  return raw === undefined ? message : maskSecrets(message, [raw, uriPassword(uri)]);
}

/** How a client's connection failure is reported by `connectionError`. */
export interface ConnectionFailure {
  /** The connector and the object it reads or writes, as in every ConnectorError. */
  connector: string;
  object: string;
  /** Where it tried to connect, credentials already removed (`stripCredentials`). */
  where: string;
  /** Secrets to mask in the client's message (passwords, tokens). */
  secrets: readonly (string | undefined)[];
  /** Recognises a refused login in the (masked) client message, and how to fix it. */
  auth: RegExp;
  authFix: string;
  /** How to fix any other failure (server down, wrong address). */
  fix: string;
}

/** A failed connection as a ConnectorError: `authentication failed at ...` or `cannot connect to ...`, never a secret. */
export function connectionError(e: unknown, f: ConnectionFailure): ConnectorError {
  const text = maskSecrets(e instanceof Error ? e.message : String(e), f.secrets);
  if (f.auth.test(text))
    return new ConnectorError(
      f.connector,
      f.object,
      `authentication failed at ${f.where} (${text})`,
      f.authFix,
    );
  return new ConnectorError(f.connector, f.object, `cannot connect to ${f.where} (${text})`, f.fix);
}
