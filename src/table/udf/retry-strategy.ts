// Retry strategies for user-defined functions (Pathway's `udfs.*RetryStrategy`): how often and how long to wait
// before calling a failing function again. Sleeping is injectable so tests never wait for real time.

/** Waits `ms` milliseconds; injectable so tests can record delays instead of sleeping. */
export type Sleep = (ms: number) => Promise<void>;

/** The default `Sleep`, backed by `setTimeout`. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decides whether and when a failed call is tried again. */
export interface RetryStrategy {
  /** Delay before the next try after `failures` failed tries (1 after the first), or `undefined` to give up. */
  delayMs(failures: number): number | undefined;
  /** How the runner waits for that delay. */
  readonly sleep: Sleep;
}

/** Options of `ExponentialBackoffRetryStrategy`. */
export interface ExponentialBackoffOptions {
  /** Retries after the first failure (3 by default, so at most 4 calls). */
  maxRetries?: number;
  /** Delay before the first retry (1000 ms by default). */
  initialDelayMs?: number;
  /** Each later delay is the previous one times this factor (2 by default). */
  backoffFactor?: number;
  /** Up to this many random milliseconds are added to each delay (0 by default). */
  jitterMs?: number;
  /** Replaces `setTimeout`-based waiting (tests). */
  sleep?: Sleep;
  /** Source of jitter in [0, 1) (tests); `Math.random` by default. */
  random?: () => number;
}

function checkCount(value: number, what: string, strategy: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${strategy}: ${what} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function checkDelay(value: number, what: string, strategy: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${strategy}: ${what} must be a finite number of milliseconds >= 0, got ${value}`);
  }
  return value;
}

/** Retries with delays `initialDelayMs * backoffFactor^(n-1) + jitter` before retry n. */
export class ExponentialBackoffRetryStrategy implements RetryStrategy {
  /** How the runner waits. */
  readonly sleep: Sleep;
  private readonly maxRetries: number;
  private readonly initialDelayMs: number;
  private readonly backoffFactor: number;
  private readonly jitterMs: number;
  private readonly random: () => number;

  /** Creates the strategy; every option has Pathway's default except `jitterMs` (0 here, 300 in Pathway). */
  constructor(options: ExponentialBackoffOptions = {}) {
    const name = 'ExponentialBackoffRetryStrategy';
    this.maxRetries = checkCount(options.maxRetries ?? 3, 'maxRetries', name);
    this.initialDelayMs = checkDelay(options.initialDelayMs ?? 1000, 'initialDelayMs', name);
    this.backoffFactor = checkDelay(options.backoffFactor ?? 2, 'backoffFactor', name);
    this.jitterMs = checkDelay(options.jitterMs ?? 0, 'jitterMs', name);
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** See `RetryStrategy.delayMs`. */
  delayMs(failures: number): number | undefined {
    if (failures > this.maxRetries) return undefined;
    const base = this.initialDelayMs * this.backoffFactor ** (failures - 1);
    return this.jitterMs > 0 ? base + this.random() * this.jitterMs : base;
  }
}

/** Options of `FixedDelayRetryStrategy`. */
export interface FixedDelayOptions {
  /** Retries after the first failure (3 by default). */
  maxRetries?: number;
  /** Delay before every retry (1000 ms by default). */
  delayMs?: number;
  /** Replaces `setTimeout`-based waiting (tests). */
  sleep?: Sleep;
}

/** Retries up to `maxRetries` times, waiting `delayMs` before each retry. */
export class FixedDelayRetryStrategy implements RetryStrategy {
  /** How the runner waits. */
  readonly sleep: Sleep;
  private readonly maxRetries: number;
  private readonly fixedDelayMs: number;

  /** Creates the strategy with Pathway's defaults (3 retries, 1000 ms apart). */
  constructor(options: FixedDelayOptions = {}) {
    const name = 'FixedDelayRetryStrategy';
    this.maxRetries = checkCount(options.maxRetries ?? 3, 'maxRetries', name);
    this.fixedDelayMs = checkDelay(options.delayMs ?? 1000, 'delayMs', name);
    this.sleep = options.sleep ?? realSleep;
  }

  /** See `RetryStrategy.delayMs`. */
  delayMs(failures: number): number | undefined {
    return failures > this.maxRetries ? undefined : this.fixedDelayMs;
  }
}

/** Never retries: the first failure is final (the default). */
export class NoRetryStrategy implements RetryStrategy {
  /** Never called, present to satisfy the contract. */
  readonly sleep: Sleep = realSleep;

  /** Always gives up. */
  delayMs(_failures: number): number | undefined {
    return undefined;
  }
}

/** Calls `attempt` until it resolves or `strategy` gives up, then rejects with `RetriesExhausted`. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  strategy: RetryStrategy,
): Promise<{ value: T; failures: number }> {
  let failures = 0;
  for (;;) {
    try {
      return { value: await attempt(), failures };
    } catch (cause) {
      failures++;
      const delay = strategy.delayMs(failures);
      if (delay === undefined) throw new RetriesExhausted(cause, failures);
      await strategy.sleep(delay);
    }
  }
}

/** Thrown by `withRetries` when the strategy gives up; `cause` is the last failure. */
export class RetriesExhausted extends Error {
  /** Wraps the last failure after `attempts` failed tries. */
  constructor(
    override readonly cause: unknown,
    readonly attempts: number,
  ) {
    super(`failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeCause(cause)}`);
    this.name = 'RetriesExhausted';
  }
}

/** A short human-readable description of a thrown value. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : `${cause.name}: ${cause.message}`;
  return String(cause);
}
