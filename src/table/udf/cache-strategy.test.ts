import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskCache, InMemoryCache, cacheKeyOf, isJsonRoundTrippable } from './cache-strategy.js';

describe('cacheKeyOf', () => {
  it('is stable and tells apart values of different types', () => {
    expect(cacheKeyOf([1, 'a'])).toBe(cacheKeyOf([1, 'a']));
    expect(cacheKeyOf([1])).not.toBe(cacheKeyOf(['1']));
    expect(cacheKeyOf([{ a: 1, b: 2 }])).toBe(cacheKeyOf([{ b: 2, a: 1 }]));
    expect(cacheKeyOf([1])).toMatch(/^\^[0-9A-Z]{26}$/);
  });
});

describe('InMemoryCache', () => {
  it('returns stored values, including null, and undefined on a miss', () => {
    const c = new InMemoryCache();
    c.set('a', null);
    expect(c.get('a')).toBeNull();
    expect(c.get('b')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxSize', () => {
    const c = new InMemoryCache({ maxSize: 2 });
    c.set('a', 1);
    c.set('b', 2);
    c.get('a'); // 'b' is now the least recently used
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([1, undefined, 3]);
    expect(c.size).toBe(2);
  });

  it('keeps nothing with maxSize 0, as lru_cache(0) (Pathway test_udf_in_memory_cache_with_limit)', () => {
    const c = new InMemoryCache({ maxSize: 0 });
    c.set('a', 1);
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
    expect(() => new InMemoryCache({ maxSize: -1 })).toThrow(/non-negative integer/);
  });
});

describe('isJsonRoundTrippable', () => {
  it('accepts JSON values and rejects others', () => {
    expect(isJsonRoundTrippable({ a: [1, 'x', true, null], b: { c: 2.5 } })).toBe(true);
    for (const v of [NaN, Infinity, -0, new Uint8Array(1), new Date(0), undefined, 1n, [1, NaN]]) {
      expect(isJsonRoundTrippable(v)).toBe(false);
    }
  });
});

describe('DiskCache', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'causeway-udf-cache-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('survives a new instance (a process restart) with values round-tripping', () => {
    const values: unknown[] = [3, -2.5, 'text', true, null, [1, [2, 'x']], { a: { b: [null] } }];
    const first = new DiskCache({ directory, name: 'embed' });
    values.forEach((v, i) => first.set(`k${i}`, v));
    first.flush();
    const second = new DiskCache({ directory, name: 'embed' });
    values.forEach((v, i) => expect(second.get(`k${i}`)).toEqual(v));
    expect(new DiskCache({ directory, name: 'other' }).get('k0')).toBeUndefined();
  });

  it('keeps the latest value of a key and appends instead of rewriting', () => {
    const c = new DiskCache({ directory, name: 'f' });
    c.set('k', 1);
    c.flush();
    c.set('k', 2);
    c.flush();
    expect(readFileSync(c.path, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(new DiskCache({ directory, name: 'f' }).get('k')).toBe(2);
  });

  it('caches non-JSON values in memory only', () => {
    const c = new DiskCache({ directory, name: 'f' });
    const bytes = new Uint8Array([1, 2]);
    c.set('k', bytes);
    c.flush();
    expect(c.get('k')).toBe(bytes);
    expect(new DiskCache({ directory, name: 'f' }).get('k')).toBeUndefined();
  });

  it('skips a line torn by a crash and keeps later appends readable', () => {
    const c = new DiskCache({ directory, name: 'f' });
    c.set('a', 1);
    c.flush();
    appendFileSync(c.path, '["b", 2');
    const reopened = new DiskCache({ directory, name: 'f' });
    expect(reopened.get('b')).toBeUndefined();
    reopened.set('c', 3);
    reopened.flush();
    const third = new DiskCache({ directory, name: 'f' });
    expect([third.get('a'), third.get('c')]).toEqual([1, 3]);
  });

  it('keeps a name with path separators inside the cache directory', () => {
    const c = new DiskCache({ directory, name: '../escape/x' });
    expect(c.path.startsWith(directory)).toBe(true);
    expect(c.path.slice(directory.length + 1)).not.toContain('/');
  });
});
