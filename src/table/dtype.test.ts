import { describe, expect, it } from 'vitest';
import { ANY, FLOAT, INT, NONE, STR, isSubtype, list, tuple, unifyDtypes } from './dtype.js';

describe('isSubtype', () => {
  it("follows Pathway's dtype_issubclass", () => {
    expect(isSubtype(INT, FLOAT)).toBe(true);
    expect(isSubtype(FLOAT, INT)).toBe(false);
    expect(isSubtype(STR, STR.optional())).toBe(true);
    expect(isSubtype(STR.optional(), STR)).toBe(false);
    expect(isSubtype(NONE, INT.optional())).toBe(true);
    expect(isSubtype(NONE, INT)).toBe(false);
    expect(isSubtype(STR.optional(), ANY)).toBe(true);
    expect(isSubtype(INT.optional(), FLOAT.optional())).toBe(true);
    expect(isSubtype(tuple(INT, INT), list(FLOAT))).toBe(true);
    expect(isSubtype(tuple(INT, STR), list(INT))).toBe(false);
    expect(isSubtype(tuple(INT, STR), tuple(FLOAT, STR))).toBe(true);
    expect(isSubtype(tuple(INT), tuple(INT, INT))).toBe(false);
    expect(isSubtype(list(INT), tuple(INT))).toBe(false);
  });

  it('agrees with unifyDtypes: each side is a subtype of their union when it is not ANY', () => {
    for (const [a, b] of [
      [INT, FLOAT],
      [STR, NONE],
      [INT.optional(), FLOAT],
    ] as const) {
      const u = unifyDtypes(a, b);
      expect(isSubtype(a, u) && isSubtype(b, u)).toBe(true);
    }
  });
});
