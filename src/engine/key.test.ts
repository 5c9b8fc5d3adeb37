import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  keyFromValues,
  keyToString,
  keyFromString,
  keyFromValue,
  combineKeys,
  combineKeysWithHasher,
} from './key.js';
describe('keyFromValues', () => {
  it('prints as a Pathway pointer and parses back, keeping kinds apart', () => {
    for (const v of [[1], ['a'], [1, 'b', null], [[1, 2]], [true]]) {
      const k = keyFromValues(v);
      const s = keyToString(k);
      expect(s).toMatch(/^\^[0-9A-Z]{26}$/);
      expect(keyFromString(s)).toBe(k);
    }
    expect(keyFromValue(1)).toBe(keyFromValues([1]));
    expect(keyFromValue(1)).not.toBe(keyFromValue('1'));
  });
});

describe('combineKeys', () => {
  it('gives exactly what the generic hasher gives for the same words (the unrolled path)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer(), fc.integer(), (x, y, i, j) => {
        const a = keyFromValues([x, i]);
        const b = keyFromValues([y, j]);
        expect(combineKeys(a, b)).toBe(combineKeysWithHasher(a, b));
        expect(combineKeys(b, a)).toBe(combineKeysWithHasher(b, a));
      }),
    );
  });
});
