// Deep equality and hashing of row values, for consolidation, distinct and output change detection.

import { Hasher128 } from './hasher.js';

/** Values that define their own equality (DateTime, Duration, Json, ...). */
interface Equatable {
  equals(other: unknown): boolean;
}

/** Deep equality of two values: primitives by SameValueZero, arrays element-wise, bytes, `equals` methods, plain objects. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a !== a && b !== b; // NaN equals NaN, as in Maps
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  const eq = (a as Partial<Equatable>).equals;
  if (typeof eq === 'function') return eq.call(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const hasher = new Hasher128();
const words = new Uint32Array(4);

/** A 32-bit hash of a value consistent with `valuesEqual` (equal values hash equally). */
export function valueHash32(v: unknown): number {
  hasher.reset(0x5eed);
  hasher.value(v);
  return hasher.finishWords(words)[0]!;
}

/**
 * Equality of two cells, as `valuesEqual`, calling it only for two objects: primitives (the usual cells) are compared
 * here, NaN equal to NaN, so a row comparison's loop never calls out (nor has the JIT inline `valuesEqual`) for them.
 */
export function cellsEqual(x: unknown, y: unknown): boolean {
  return x === y || (typeof x === 'object' && typeof y === 'object' ? valuesEqual(x, y) : x !== x && y !== y);
}

/** Equality of two rows (arrays of values, or any values): a tight loop for primitives, deep equality otherwise. */
export function rowsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return valuesEqual(a, b);
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (!cellsEqual(a[i], b[i])) return false;
  return true;
}
