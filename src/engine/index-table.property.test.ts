// Property test of IndexTable against a Map: random sets, deletes and lookups of integer keys (crowded into few home
// slots, negative, at the 32-bit edges) and other keys (strings, non-integer numbers, -0, booleans, null) agree with
// a Map after every operation, and iteration yields exactly the Map's entries.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexKey } from './arrangement.js';
import { IndexTable } from './index-table.js';
import { PROPERTY_RUNS } from './testing-helpers.test-util.js';

const keyArb: fc.Arbitrary<IndexKey> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -40, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1.5, -0, Number.NaN) },
  { weight: 1, arbitrary: fc.constantFrom('a', '1', true, false, null) },
);
const opArb = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  fc.record({ op: fc.constant('delete' as const), key: keyArb }),
  fc.record({ op: fc.constant('get' as const), key: keyArb }),
);

describe('IndexTable (property)', () => {
  it('agrees with a Map under random sets, deletes and lookups', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const t = new IndexTable<number>();
        const m = new Map<IndexKey, number>();
        for (const o of ops) {
          if (o.op === 'set') {
            t.set(o.key, o.value);
            m.set(o.key, o.value);
          } else if (o.op === 'delete') {
            expect(t.delete(o.key)).toBe(m.delete(o.key));
          }
          expect(t.get(o.key)).toBe(m.get(o.key));
          expect(t.size).toBe(m.size);
        }
        for (const k of m.keys()) expect(t.get(k)).toBe(m.get(k));
        const sorted = (es: Iterable<[IndexKey, number]>) =>
          [...es].map(([k, v]) => `${typeof k}:${String(k)}=${v}`).sort();
        expect(sorted(t.entries())).toEqual(sorted(m.entries()));
      }),
      PROPERTY_RUNS,
    );
  });

  it('keeps every key through growth and deletion of most of them', () => {
    const t = new IndexTable<number>();
    for (let k = 0; k < 5000; k++) t.set(k * 7919, k);
    for (let k = 0; k < 5000; k += 3) expect(t.delete(k * 7919)).toBe(true);
    for (let k = 0; k < 5000; k++) expect(t.get(k * 7919)).toBe(k % 3 === 0 ? undefined : k);
    expect(t.size).toBe(5000 - Math.ceil(5000 / 3));
  });
});
