// Cache strategies for user-defined functions (Pathway's `udfs.InMemoryCache` / `udfs.DiskCache`): results keyed
// by a stable 128-bit hash of the argument values, in memory (LRU) or on disk (append-only JSON lines).

import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFromValues, keyToString } from '../../engine/key.js';

/**
 * Stores results of one function by argument key. `undefined` means "not cached"; the runner never stores
 * `undefined` or error values. One cache instance belongs to one function: keys do not include its name.
 */
export interface CacheStrategy {
  /** The cached result for `key`, or `undefined`. */
  get(key: string): unknown;
  /** Stores `value` as the result for `key`. */
  set(key: string, value: unknown): void;
  /** Makes pending writes durable; the runner calls it once at the end of each `run`. */
  flush?(): void;
}

/** The cache key of a row's arguments: `keyToString(keyFromValues(args))`, stable across processes. */
export function cacheKeyOf(args: readonly unknown[]): string {
  return keyToString(keyFromValues(args));
}

/** Options of `InMemoryCache`. */
export interface InMemoryCacheOptions {
  /** Most entries kept; the least recently used entry is evicted beyond it (unbounded by default; 0 caches nothing). */
  maxSize?: number;
}

/** A per-process LRU cache. */
export class InMemoryCache implements CacheStrategy {
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used entry first.
  private readonly entries = new Map<string, unknown>();
  private readonly maxSize: number;

  /** Creates an empty cache holding at most `maxSize` entries (0: nothing is kept, as Python's `lru_cache(0)`). */
  constructor(options: InMemoryCacheOptions = {}) {
    const maxSize = options.maxSize ?? Infinity;
    if (!(maxSize === Infinity || (Number.isInteger(maxSize) && maxSize >= 0))) {
      throw new RangeError(`InMemoryCache: maxSize must be a non-negative integer, got ${maxSize}`);
    }
    this.maxSize = maxSize;
  }

  /** Number of cached entries. */
  get size(): number {
    return this.entries.size;
  }

  /** See `CacheStrategy.get`; a hit makes the entry the most recently used. */
  get(key: string): unknown {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** See `CacheStrategy.set`; evicts the least recently used entry when full. */
  set(key: string, value: unknown): void {
    if (value === undefined) return;
    if (this.maxSize === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }
}

/** Options of `DiskCache`. */
export interface DiskCacheOptions {
  /** Folder holding the cache files; created when missing. */
  directory: string;
  /** The function's name; entries live in `<directory>/<name>.jsonl`. */
  name: string;
}

/** True when `value` survives `JSON.parse(JSON.stringify(value))` unchanged. */
export function isJsonRoundTrippable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isJsonRoundTrippable(value[i])) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in value) {
        if (!isJsonRoundTrippable((value as Record<string, unknown>)[k])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * A cache that survives process restarts: one append-only JSON-lines file per function, `[key, value]` per line,
 * read once on first use (later lines win; a torn last line from a crash is skipped).
 *
 * Only JSON values persist: numbers (finite, not -0), strings, booleans, null, arrays and plain objects of them.
 * Other results (bytes, dates, keys' value classes, NaN, ...) are cached in memory for this process only.
 */
export class DiskCache implements CacheStrategy {
  /** The file holding this function's entries. */
  readonly path: string;
  private readonly directory: string;
  private entries: Map<string, unknown> | undefined;
  private pending: string[] = [];
  // Set when the file ends in a torn line, so the next append starts on a fresh line.
  private needsNewline = false;

  /** Opens (lazily) the cache of function `name` under `directory`. */
  constructor(options: DiskCacheOptions) {
    if (options.directory === '')
      throw new Error('DiskCache: directory must not be empty; pass a folder path');
    if (options.name === '') throw new Error('DiskCache: name must not be empty; pass the function name');
    this.directory = options.directory;
    // encodeURIComponent (plus '.' and '*') keeps any function name one safe file name: '/' and '..' cannot escape.
    this.path = join(
      options.directory,
      `${encodeURIComponent(options.name).replace(/[.*]/g, (c) => (c === '.' ? '%2E' : '%2A'))}.jsonl`,
    );
  }

  /** See `CacheStrategy.get`. */
  get(key: string): unknown {
    return this.load().get(key);
  }

  /** See `CacheStrategy.set`; the entry reaches disk at the next `flush`. */
  set(key: string, value: unknown): void {
    if (value === undefined) return;
    this.load().set(key, value);
    if (isJsonRoundTrippable(value)) this.pending.push(JSON.stringify([key, value]));
  }

  /** Appends pending entries to the file with one write. */
  flush(): void {
    if (this.pending.length === 0) return;
    mkdirSync(this.directory, { recursive: true });
    appendFileSync(this.path, (this.needsNewline ? '\n' : '') + this.pending.join('\n') + '\n');
    this.pending = [];
    this.needsNewline = false;
  }

  private load(): Map<string, unknown> {
    if (this.entries !== undefined) return this.entries;
    const entries = new Map<string, unknown>();
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const entry: unknown = JSON.parse(line);
        if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string') {
          entries.set(entry[0], entry[1]);
        }
      } catch {
        // A line torn by a crash mid-append: the entry is simply recomputed.
      }
    }
    this.entries = entries;
    return entries;
  }
}
