// Runs a user-defined function over a batch of rows (Pathway's `pw.udf` executors): sync or async calls, batched
// calls, bounded concurrency, timeouts, retries and caching. A failure becomes an ErrorValue for its row only.
//
// Algorithm: per `run`, (1) settle rows without calling: an ErrorValue argument propagates, a null argument gives
// null under `propagateNone`, a cache hit gives the cached value, and a row whose argument key is already
// pending shares that call; (2) call the function for the remaining rows, one call per row or one per chunk of
// `maxBatchSize` rows, at most `capacity` in flight, each attempt bounded by `timeoutMs` and retried by the
// retry strategy; (3) store successful results in the cache and flush it.
// Invariants: results come back in input order; one row's failure never changes another row's result (except
// rows of the same batched call, which fail together); `fn` is never called for a row settled in step (1).

import { ErrorValue, isError } from '../values/error-value.js';
import type { CacheStrategy } from './cache-strategy.js';
import { cacheKeyOf } from './cache-strategy.js';
import { CapacityLimiter } from './capacity-limiter.js';
import type { RetryStrategy } from './retry-strategy.js';
import { NoRetryStrategy, RetriesExhausted, describeCause, withRetries } from './retry-strategy.js';

/** Options of a user-defined function (the arguments of Pathway's `pw.udf` and its executors). */
export interface UdfOptions {
  /** Name used in error messages; `fn.name` by default. */
  name?: string;
  /** `true`: results may be Promises; `false`: a Promise result is an error; unset: detected per call. */
  async?: boolean;
  /** When set, `fn` receives one array per argument (columns of up to this many rows) and returns an array. */
  maxBatchSize?: number;
  /** Most calls in flight at once (unbounded by default). */
  capacity?: number;
  /** Each attempt of an async call fails after this many milliseconds. */
  timeoutMs?: number;
  /** How failed calls are retried; no retries by default. */
  retryStrategy?: RetryStrategy;
  /** Where results are cached by argument values; no cache by default. */
  cacheStrategy?: CacheStrategy;
  /** When true, a row with any null argument gets null without calling `fn`. */
  propagateNone?: boolean;
  /** False (Pathway's default) means results are remembered per row so retractions never call `fn` again. */
  deterministic?: boolean;
}

/** Computes a UDF column for a batch of rows; made by `createUdfRunner`. */
export interface UdfRunner {
  /** The function's name, as used in error messages. */
  readonly name: string;
  /** Whether the table layer may recompute a row's result on retraction instead of remembering it. */
  readonly deterministic: boolean;
  /** True while `runSync` may be used: not async, not batched, no cache, retries or timeout. */
  readonly canRunSync: boolean;
  /** Results for each row's arguments, in order; failures are ErrorValues. */
  run(argsPerRow: readonly (readonly unknown[])[]): Promise<unknown[]>;
  /** `run` without a Promise when `canRunSync`; a call returning a Promise gives an ErrorValue for that row. */
  runSync(argsPerRow: readonly (readonly unknown[])[]): unknown[];
  /** The recommended entry point: an array when every call returned synchronously, else a Promise of it. */
  runMaybeSync(argsPerRow: readonly (readonly unknown[])[]): unknown[] | Promise<unknown[]>;
}

/** Any function; the table layer checks argument counts and types. */
export type UdfFunction = (...args: any[]) => unknown;

/**
 * Wraps `fn` into a runner. Example: `createUdfRunner(async (url) => fetchTitle(url), { capacity: 8,
 * retryStrategy: new ExponentialBackoffRetryStrategy(), cacheStrategy: new InMemoryCache() })`.
 */
export function createUdfRunner(fn: UdfFunction, options: UdfOptions = {}): UdfRunner {
  return new BatchUdfRunner(fn, options);
}

// Marks a row still needing a call after the settle step.
const PENDING: unique symbol = Symbol('pending');

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function positiveInteger(value: number | undefined, what: string, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`udf '${name}': ${what} must be a positive integer, got ${value}`);
  }
  return value;
}

class BatchUdfRunner implements UdfRunner {
  readonly name: string;
  readonly deterministic: boolean;
  private readonly isAsync: boolean | undefined;
  private readonly maxBatchSize: number | undefined;
  private readonly timeoutMs: number | undefined;
  private readonly retry: RetryStrategy | undefined;
  private readonly cache: CacheStrategy | undefined;
  private readonly propagateNone: boolean;
  private readonly limiter: CapacityLimiter;
  // Set once a call returned a Promise, so later epochs take the async path.
  private seenPromise = false;

  constructor(
    private readonly fn: UdfFunction,
    options: UdfOptions,
  ) {
    if (typeof fn !== 'function') throw new TypeError(`udf: expected a function, got ${typeof fn}`);
    this.name = options.name ?? (fn.name === '' ? 'anonymous' : fn.name);
    this.deterministic = options.deterministic ?? false;
    this.isAsync = options.async;
    this.maxBatchSize = positiveInteger(options.maxBatchSize, 'maxBatchSize', this.name);
    this.limiter = new CapacityLimiter(positiveInteger(options.capacity, 'capacity', this.name) ?? Infinity);
    const timeoutMs = options.timeoutMs;
    if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs < Infinity)) {
      throw new RangeError(`udf '${this.name}': timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
    this.retry = options.retryStrategy instanceof NoRetryStrategy ? undefined : options.retryStrategy;
    this.cache = options.cacheStrategy;
    this.propagateNone = options.propagateNone ?? false;
  }

  get canRunSync(): boolean {
    return (
      this.isAsync !== true &&
      !this.seenPromise &&
      this.maxBatchSize === undefined &&
      this.cache === undefined &&
      this.retry === undefined &&
      this.timeoutMs === undefined
    );
  }

  async run(argsPerRow: readonly (readonly unknown[])[]): Promise<unknown[]> {
    const n = argsPerRow.length;
    const out = new Array<unknown>(n);
    const pending: number[] = [];
    const cache = this.cache;
    const keys = cache === undefined ? undefined : new Array<string>(n);
    const firstWithKey = cache === undefined ? undefined : new Map<string, number>();
    const sharers: number[] = []; // pairs (row, row whose call it shares)
    for (let i = 0; i < n; i++) {
      const args = argsPerRow[i]!;
      const settled = this.settleWithoutCall(args);
      if (settled !== PENDING) {
        out[i] = settled;
        continue;
      }
      if (cache !== undefined) {
        const key = cacheKeyOf(args);
        const hit = cache.get(key);
        if (hit !== undefined) {
          out[i] = hit;
          continue;
        }
        const first = firstWithKey!.get(key);
        if (first !== undefined) {
          sharers.push(i, first);
          continue;
        }
        firstWithKey!.set(key, i);
        keys![i] = key;
      }
      pending.push(i);
    }

    if (pending.length > 0) {
      if (this.maxBatchSize === undefined) {
        await Promise.all(pending.map((i) => this.limiter.run(() => this.callRow(argsPerRow, i, out))));
      } else {
        const calls: Promise<void>[] = [];
        for (let start = 0; start < pending.length; start += this.maxBatchSize) {
          const rows = pending.slice(start, start + this.maxBatchSize);
          calls.push(this.limiter.run(() => this.callBatch(argsPerRow, rows, out)));
        }
        await Promise.all(calls);
      }
    }

    for (let s = 0; s < sharers.length; s += 2) out[sharers[s]!] = out[sharers[s + 1]!];
    if (cache !== undefined) {
      for (let p = 0; p < pending.length; p++) {
        const i = pending[p]!;
        if (!isError(out[i])) cache.set(keys![i]!, out[i]);
      }
      cache.flush?.();
    }
    return out;
  }

  runSync(argsPerRow: readonly (readonly unknown[])[]): unknown[] {
    this.assertCanRunSync();
    return this.syncLoop(argsPerRow, undefined);
  }

  runMaybeSync(argsPerRow: readonly (readonly unknown[])[]): unknown[] | Promise<unknown[]> {
    if (!this.canRunSync) return this.run(argsPerRow);
    const promised: number[] = [];
    const out = this.syncLoop(argsPerRow, promised);
    if (promised.length === 0) return out;
    return Promise.all(
      promised.map(async (i) => {
        try {
          out[i] = this.normalize(await out[i]);
        } catch (cause) {
          out[i] = this.failure(cause);
        }
      }),
    ).then(() => out);
  }

  // Calls fn synchronously per row; Promise results stay in `out` and are listed in `promised`, or become
  // errors when `promised` is undefined (strict runSync).
  private syncLoop(argsPerRow: readonly (readonly unknown[])[], promised: number[] | undefined): unknown[] {
    const n = argsPerRow.length;
    const out = new Array<unknown>(n);
    const fn = this.fn;
    for (let i = 0; i < n; i++) {
      const args = argsPerRow[i]!;
      const settled = this.settleWithoutCall(args);
      if (settled !== PENDING) {
        out[i] = settled;
        continue;
      }
      let result: unknown;
      try {
        result = fn(...args);
      } catch (cause) {
        out[i] = this.failure(cause);
        continue;
      }
      if (isThenable(result)) {
        this.seenPromise = true;
        if (this.isAsync === false || promised === undefined) {
          // Observe the rejection so it is not reported as unhandled; the row already holds an error.
          Promise.resolve(result).catch(noop);
          out[i] = this.promiseInSyncPath();
          continue;
        }
        promised.push(i);
        out[i] = result;
        continue;
      }
      out[i] = result === undefined ? null : result;
    }
    return out;
  }

  private settleWithoutCall(args: readonly unknown[]): unknown {
    const propagateNone = this.propagateNone;
    for (let j = 0; j < args.length; j++) {
      const a = args[j];
      if (a instanceof ErrorValue) return a;
      if (propagateNone && (a === null || a === undefined)) return null;
    }
    return PENDING;
  }

  private async callRow(
    argsPerRow: readonly (readonly unknown[])[],
    i: number,
    out: unknown[],
  ): Promise<void> {
    const args = argsPerRow[i]!;
    try {
      out[i] = this.normalize(await this.attemptWithRetries(() => this.attempt(args)));
    } catch (cause) {
      out[i] = this.failure(cause);
    }
  }

  private async callBatch(
    argsPerRow: readonly (readonly unknown[])[],
    rows: readonly number[],
    out: unknown[],
  ): Promise<void> {
    const m = rows.length;
    const arity = argsPerRow[rows[0]!]!.length;
    const columns = new Array<unknown[]>(arity);
    for (let j = 0; j < arity; j++) {
      const column = new Array<unknown>(m);
      for (let k = 0; k < m; k++) column[k] = argsPerRow[rows[k]!]![j];
      columns[j] = column;
    }
    try {
      const results = await this.attemptWithRetries(async () => {
        const r = await this.attempt(columns);
        if (!Array.isArray(r) || r.length !== m) {
          const got = Array.isArray(r) ? `an array of ${r.length}` : typeof r;
          throw new TypeError(
            `a batched udf (maxBatchSize set) must return an array with one result per row: got ${got} for ${m} rows`,
          );
        }
        return r as unknown[];
      });
      for (let k = 0; k < m; k++) out[rows[k]!] = this.normalize(results[k]);
    } catch (cause) {
      const error = this.failure(cause);
      for (let k = 0; k < m; k++) out[rows[k]!] = error;
    }
  }

  private attemptWithRetries<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.retry === undefined) return attempt();
    return withRetries(attempt, this.retry).then((r) => r.value);
  }

  // One call of fn; a sync throw becomes a rejection, a Promise result is awaited within timeoutMs.
  private async attempt(args: readonly unknown[]): Promise<unknown> {
    const result = this.fn(...args);
    if (!isThenable(result)) return result;
    this.seenPromise = true;
    if (this.isAsync === false) {
      Promise.resolve(result).catch(noop);
      throw new UdfPromiseInSyncError();
    }
    const timeoutMs = this.timeoutMs;
    if (timeoutMs === undefined) return result;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UdfTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      // The losing call keeps running (Promises cannot be cancelled) but no longer holds a capacity slot.
      return await Promise.race([result, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private normalize(result: unknown): unknown {
    return result === undefined ? null : result;
  }

  private failure(cause: unknown): ErrorValue {
    if (cause instanceof RetriesExhausted) {
      return new ErrorValue(
        `udf '${this.name}' failed after ${cause.attempts} attempts: ${describeCause(cause.cause)}`,
      );
    }
    return new ErrorValue(`udf '${this.name}' failed: ${describeCause(cause)}`);
  }

  private promiseInSyncPath(): ErrorValue {
    return this.failure(new UdfPromiseInSyncError());
  }

  private assertCanRunSync(): void {
    if (!this.canRunSync) {
      throw new Error(
        `udf '${this.name}' cannot run synchronously: it is async, batched, cached, retried or has a timeout; ` +
          'check canRunSync and call run() or runMaybeSync() instead',
      );
    }
  }
}

/** The cause recorded when an attempt exceeds `timeoutMs`. */
export class UdfTimeoutError extends Error {
  /** Creates the error for a limit of `timeoutMs`. */
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms; raise timeoutMs or make the call faster`);
    this.name = 'UdfTimeoutError';
  }
}

/** The cause recorded when a function returns a Promise where a plain value was expected. */
export class UdfPromiseInSyncError extends Error {
  /** Creates the error. */
  constructor() {
    super('returned a Promise but runs synchronously; declare it with async: true');
    this.name = 'UdfPromiseInSyncError';
  }
}

function noop(): void {}
