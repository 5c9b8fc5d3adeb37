// Properties checked: compareValues is a total order (reflexive, antisymmetric, transitive, total), and
// valuesEqual(a, b) holds exactly when compareValues(a, b) === 0.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStrings, compareValues, valuesEqual } from './compare.js';
import { DateTimeNaive, DateTimeUtc } from './date-time.js';
import { Duration } from './duration.js';
import { ErrorValue } from './error-value.js';
import { Json, type JsonValue } from './json.js';

const scalar = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(NaN, -0, 0.5, Infinity, -Infinity),
  fc.string({ unit: 'binary', maxLength: 3 }),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }).map((n) => DateTimeNaive.fromMs(n * 1000)),
  fc.integer({ min: -3, max: 3 }).map((n) => DateTimeUtc.fromMs(n * 1000)),
  fc.integer({ min: -3, max: 3 }).map((n) => Duration.fromSeconds(n)),
  fc.uint8Array({ maxLength: 2 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => new Json(v as JsonValue)),
  fc.constant(new ErrorValue('boom')),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }),
);

describe('compareValues', () => {
  it('orders kinds: null, numbers, strings, booleans, dates, durations, arrays', () => {
    const sorted = [
      [1, 2],
      Duration.fromSeconds(1),
      DateTimeUtc.fromMs(0),
      DateTimeNaive.fromMs(0),
      true,
      false,
      'b',
      'a',
      NaN,
      10,
      -1,
      null,
    ].sort(compareValues);
    expect(sorted.map(String)).toEqual([
      'null',
      '-1',
      '10',
      'NaN',
      'a',
      'b',
      'false',
      'true',
      '1970-01-01 00:00:00',
      '1970-01-01 00:00:00+00:00',
      '0 days 00:00:01',
      '1,2',
    ]);
  });

  it('compares arrays lexicographically and strings by code point', () => {
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
    expect(compareValues([1, 2], [1, 2, 0])).toBe(-1);
    expect(compareValues(['b'], ['a', 'z'])).toBe(1);
    // U+FF61 sorts before U+1F600 by code point although its UTF-16 unit is larger.
    expect(compareStrings('\uff61', '\u{1f600}')).toBe(-1);
    expect(compareValues(0, -0)).toBe(0);
  });

  it('is a total order (antisymmetric, transitive, reflexive)', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(compareValues(a, a)).toBe(0);
        const ab = compareValues(a, b);
        expect(compareValues(b, a)).toBe(ab === 0 ? 0 : -ab);
        if (ab <= 0 && compareValues(b, c) <= 0) expect(compareValues(a, c)).toBeLessThanOrEqual(0);
        if (ab === 0) expect(compareValues(a, c)).toBe(compareValues(b, c));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('valuesEqual', () => {
  it('is deep and treats NaN as equal to itself', () => {
    expect(valuesEqual([1, ['a', null]], [1, ['a', null]])).toBe(true);
    expect(valuesEqual(NaN, NaN)).toBe(true);
    expect(valuesEqual(new Json({ a: 1 }), new Json({ a: 1 }))).toBe(true);
    expect(valuesEqual(Duration.fromMs(1), Duration.fromMs(1))).toBe(true);
    expect(valuesEqual(1, '1')).toBe(false);
    expect(valuesEqual(new Uint8Array([1]), new Uint8Array([1]))).toBe(true);
  });

  it('agrees with compareValues', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(valuesEqual(a, b)).toBe(compareValues(a, b) === 0);
      }),
      { numRuns: 2000 },
    );
  });
});
