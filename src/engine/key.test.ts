import { describe, it, expect } from 'vitest';
import { keyFromValues, keyToString, keyFromString, keyFromValue } from './key.js';
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
