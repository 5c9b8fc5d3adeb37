import { describe, expect, it } from 'vitest';
import { Batch } from './batch.js';
import { Collection } from './collection.js';
import { keyFromValue } from './key.js';
import { batchTriples, canonical, canonicalCollection } from './testing-helpers.test-util.js';

const k1 = keyFromValue(1);
const k2 = keyFromValue(2);
const k3 = keyFromValue(3);

function collectionOf<T>(...updates: [string, T, number][]): Collection<T> {
  const c = new Collection<T>();
  for (const [k, r, d] of updates) c.update(k, r, d);
  return c;
}

describe('Collection', () => {
  it('integrates batches, removing a key when its rows cancel', () => {
    const c = new Collection<[string]>();
    const b = new Batch<[string]>();
    b.push(k1, ['a'], 1);
    b.push(k2, ['b'], 1);
    c.apply(b);
    expect(c.size).toBe(2);
    expect(c.get(k1)).toEqual(['a']);
    c.apply(b, -1);
    expect(c.size).toBe(0);
    expect(c.get(k1)).toBeUndefined();
  });

  it('holds several rows under one key and multiplicities above one', () => {
    const c = collectionOf<[string]>([k1, ['a'], 1], [k1, ['b'], 1], [k1, ['a'], 1]);
    expect(c.size).toBe(1);
    expect(canonicalCollection(c)).toEqual(
      canonical([
        [k1, ['a'], 2],
        [k1, ['b'], 1],
      ]),
    );
    c.update(k1, ['a'], -2);
    expect(batchTriples(c.toBatch())).toEqual([[k1, ['b'], 1]]);
  });

  it('ignores zero updates', () => {
    const c = collectionOf<[string]>([k1, ['a'], 0]);
    expect(c.size).toBe(0);
  });

  it('negates with toBatch(-1)', () => {
    const c = collectionOf<[string]>([k1, ['a'], 2]);
    expect(batchTriples(c.toBatch(-1))).toEqual([[k1, ['a'], -2]]);
  });

  it('clears', () => {
    const c = collectionOf<[string]>([k1, ['a'], 1]);
    c.clear();
    expect(c.size).toBe(0);
  });
});

describe('Collection.diffTo', () => {
  it('returns next − this: insertions, deletions, changed rows and changed multiplicities', () => {
    const before = collectionOf<[string]>([k1, ['a'], 1], [k2, ['b'], 1], [k3, ['c'], 1], [k3, ['d'], 2]);
    const after = collectionOf<[string]>(
      [k1, ['a'], 1],
      [k2, ['B'], 1],
      [k3, ['d'], 1],
      [keyFromValue(4), ['e'], 1],
    );
    const delta = before.diffTo(after);
    expect(canonical(batchTriples(delta))).toEqual(
      canonical([
        [k2, ['b'], -1],
        [k2, ['B'], 1],
        [k3, ['c'], -1],
        [k3, ['d'], -1],
        [keyFromValue(4), ['e'], 1],
      ]),
    );
    // Every update appears once (diffTo emits a consolidated batch).
    expect(delta.length).toBe(5);
    before.apply(delta);
    expect(canonicalCollection(before)).toEqual(canonicalCollection(after));
  });

  it('is empty between equal collections and the whole collection from empty', () => {
    const a = collectionOf<[number[]]>([k1, [[1, 2]], 1]);
    const b = collectionOf<[number[]]>([k1, [[1, 2]], 1]);
    expect(a.diffTo(b).length).toBe(0);
    expect(batchTriples(new Collection<[number[]]>().diffTo(a))).toEqual([[k1, [[1, 2]], 1]]);
    expect(batchTriples(a.diffTo(new Collection()))).toEqual([[k1, [[1, 2]], -1]]);
  });
});
