import { describe, expect, it } from 'vitest';
import { cellsEqual, rowsEqual, valuesEqual } from './row-equality.js';

const cells: unknown[] = [
  0,
  -0,
  1,
  1.5,
  NaN,
  'a',
  '',
  true,
  false,
  null,
  undefined,
  10n,
  [1, 'a'],
  [1, 'a', null],
  { x: 1 },
  { x: 1, y: [2] },
  Uint8Array.of(1, 2),
  new Date(0),
];

describe('cellsEqual', () => {
  it('agrees with valuesEqual on every pair of primitives and objects, NaN equal to NaN', () => {
    for (const a of cells) {
      for (const b of cells) expect(cellsEqual(a, b)).toBe(valuesEqual(a, b));
    }
    expect(cellsEqual(NaN, NaN)).toBe(true);
    expect(cellsEqual(0, -0)).toBe(true);
    expect(cellsEqual(null, { x: 1 })).toBe(false);
  });

  it('compares objects deeply, fresh copies included', () => {
    expect(cellsEqual({ x: 1, y: [2] }, { x: 1, y: [2] })).toBe(true);
    expect(cellsEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(cellsEqual([1, 'a'], [1, 'b'])).toBe(false);
  });
});

describe('rowsEqual', () => {
  it('is true for rows of equal cells and false when a cell or the width differs', () => {
    expect(rowsEqual([1, NaN, 'a', { x: 1 }], [1, NaN, 'a', { x: 1 }])).toBe(true);
    expect(rowsEqual([1, 2], [1, 3])).toBe(false);
    expect(rowsEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(rowsEqual('a', 'a')).toBe(true);
    expect(rowsEqual([1], 1)).toBe(false);
  });
});
