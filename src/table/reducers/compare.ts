// Total order used by the ordering reducers (min, max, argmin, sortedTuple, ...) and the key order used
// for ties. Local to reducers on purpose: the general comparator lives in src/table/values/compare.ts.

import type { Key } from '../../engine/key.js';

function typeRank(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 0;
    case 'boolean':
      return 1;
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'object':
      if (v === null) return 0;
      if (v instanceof Uint8Array) return 4;
      if (Array.isArray(v)) return 5;
      return 6;
    default:
      return 7;
  }
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // At least one NaN: NaN sorts after every number and equals itself, so the order stays total.
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/** Compares bytes lexicographically, shorter prefix first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares two objects: `compareTo` if they define it, else their primitive `valueOf`, else their string form. */
function compareObjects(a: object, b: object): number {
  const ca = (a as { compareTo?: (o: unknown) => number }).compareTo;
  if (typeof ca === 'function') {
    const c = ca.call(a, b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  const va: unknown = a.valueOf();
  const vb: unknown = b.valueOf();
  if (va !== a && vb !== b) return compareForReducers(va, vb);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Total order over row values: None < booleans < numbers < strings < bytes < tuples < other objects;
 * within a kind the natural order (tuples lexicographically, NaN after all numbers).
 * Returns -1, 0 or 1.
 */
export function compareForReducers(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(Number(a), Number(b));
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 4:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 5: {
      const xa = a as readonly unknown[];
      const xb = b as readonly unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareForReducers(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return xa.length === xb.length ? 0 : xa.length < xb.length ? -1 : 1;
    }
    case 6:
      return compareObjects(a as object, b as object);
    default:
      return 0;
  }
}

/** Orders keys as the unsigned 128-bit numbers they print as (code unit 7 is the most significant). */
export function compareKeys(a: Key, b: Key): number {
  for (let i = 7; i >= 0; i--) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
