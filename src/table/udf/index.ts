// Public surface of the UDF runtime: what `cw.udf(fn, options)` and the table layer's UDF operator build on.

export type { CacheStrategy, DiskCacheOptions, InMemoryCacheOptions } from './cache-strategy.js';
export { DiskCache, InMemoryCache, cacheKeyOf, isJsonRoundTrippable } from './cache-strategy.js';
export { CapacityLimiter } from './capacity-limiter.js';
export { evaluateUdfRows } from './evaluate-udf-rows.js';
export type { ExponentialBackoffOptions, FixedDelayOptions, RetryStrategy, Sleep } from './retry-strategy.js';
export {
  ExponentialBackoffRetryStrategy,
  FixedDelayRetryStrategy,
  NoRetryStrategy,
  RetriesExhausted,
  realSleep,
  withRetries,
} from './retry-strategy.js';
export type { ResultMemoSnapshot } from './udf-memo.js';
export { ResultMemo } from './udf-memo.js';
export type { UdfFunction, UdfOptions, UdfRunner } from './udf-runner.js';
export { UdfPromiseInSyncError, UdfTimeoutError, createUdfRunner } from './udf-runner.js';
