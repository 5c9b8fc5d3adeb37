import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as num from './num.js';

describe('num.round', () => {
  it('rounds half to even with no decimals', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6].map((x) => num.round(x))).toEqual([
      0, 2, 2, 0, -2, -2, 2, 3,
    ]);
    expect(Object.is(num.round(-0.4), 0)).toBe(true);
  });

  it('rounds on the exact binary value with decimals, like Python', () => {
    expect(num.round(2.675, 2)).toBe(2.67); // 2.675 is stored as 2.67499999...
    expect(num.round(0.125, 2)).toBe(0.12); // exact tie -> even
    expect(num.round(0.375, 2)).toBe(0.38);
    expect(num.round(-0.125, 2)).toBe(-0.12);
    expect(num.round(1.005, 2)).toBe(1);
    expect(num.round(3.14159, 3)).toBe(3.142);
    expect(num.round(7, 2)).toBe(7);
  });

  it('rounds to tens with negative decimals', () => {
    expect(num.round(1250, -2)).toBe(1200);
    expect(num.round(1350, -2)).toBe(1400);
    expect(num.round(15, -1)).toBe(20);
    expect(num.round(25, -1)).toBe(20);
    expect(num.round(-25, -1)).toBe(-20);
    expect(num.round(1234.5, -1)).toBe(1230);
  });

  it('passes through non-finite values and rejects fractional decimals', () => {
    expect(num.round(Infinity, 2)).toBe(Infinity);
    expect(num.round(NaN)).toBeNaN();
    expect(() => num.round(1, 0.5)).toThrow(/decimals must be an integer/);
  });

  it('never moves a value by more than half a unit of the last digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        expect(Math.abs(num.round(x, d) - x)).toBeLessThanOrEqual(0.5 * 10 ** -d * (1 + 1e-9) + 1e-9);
      }),
    );
  });
});

describe('num.abs and num.fillNa', () => {
  it('takes absolute values', () => {
    expect(num.abs(-3.5)).toBe(3.5);
  });

  it('replaces null and NaN only', () => {
    expect(num.fillNa(null, 0)).toBe(0);
    expect(num.fillNa(NaN, -1)).toBe(-1);
    expect(num.fillNa(undefined, 7)).toBe(7);
    expect(num.fillNa(0, 7)).toBe(0);
    expect(num.fillNa(Infinity, 7)).toBe(Infinity);
  });
});

describe('num.floordiv and num.mod', () => {
  it('follows Python signs for integers', () => {
    expect(num.floordiv(-7, 2)).toBe(-4);
    expect(num.floordiv(7, -2)).toBe(-4);
    expect(num.floordiv(7, 2)).toBe(3);
    expect(num.mod(-7, 3)).toBe(2);
    expect(num.mod(7, -3)).toBe(-2);
    expect(num.mod(-6, 3)).toBe(0);
    expect(Object.is(num.mod(-6, 3), 0)).toBe(true);
  });

  it('follows Python for floats, including signed zeros', () => {
    expect(num.floordiv(-7.5, 2)).toBe(-4);
    expect(num.mod(-7.5, 2)).toBe(0.5);
    expect(num.mod(5.5, -2)).toBe(-0.5);
    expect(Object.is(num.mod(1.5, -0.5), -0)).toBe(true); // Python: 1.5 % -0.5 == -0.0
    expect(num.floordiv(1, 0.1)).toBe(9); // Python: 1 // 0.1 == 9.0
    expect(num.mod(1, 0.1)).toBeCloseTo(0.09999999999999995, 15);
  });

  it('satisfies a == b * (a // b) + a % b for integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: -1000, max: 1000 }).filter((b) => b !== 0),
        (a, b) => {
          const q = num.floordiv(a, b);
          const r = num.mod(a, b);
          expect(b * q + r).toBe(a);
          expect(r === 0 || Math.sign(r) === Math.sign(b)).toBe(true);
          expect(Math.abs(r)).toBeLessThan(Math.abs(b));
        },
      ),
    );
  });

  it('throws division by zero', () => {
    expect(() => num.floordiv(1, 0)).toThrow(/division by zero/);
    expect(() => num.mod(1, 0)).toThrow(/division by zero/);
  });
});

describe('num.pow and num.truediv', () => {
  it('raises like Python **', () => {
    expect(num.pow(2, 10)).toBe(1024);
    expect(num.pow(2, -1)).toBe(0.5);
    expect(num.pow(4, 0.5)).toBe(2);
    expect(num.pow(1, NaN)).toBe(1);
    expect(num.pow(-1, Infinity)).toBe(1);
    expect(num.pow(NaN, 0)).toBe(1);
    expect(() => num.pow(0, -1)).toThrow(/0 cannot be raised to a negative power/);
    expect(() => num.pow(-8, 1 / 3)).toThrow(/fractional power/);
  });

  it('divides to a float and throws on zero', () => {
    expect(num.truediv(7, 2)).toBe(3.5);
    expect(() => num.truediv(1, 0)).toThrow('division by zero');
  });
});
