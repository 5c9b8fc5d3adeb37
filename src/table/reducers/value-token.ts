// Canonical identity of a value as a string, so multisets of values can live in a Map.

import { keyFromValue } from '../../engine/key.js';
import type { Key } from '../../engine/key.js';

/**
 * A string equal for equal values and (up to 128-bit hash collisions for composite values) different
 * for different ones. Primitives map without hashing; tuples, bytes and value classes are hashed.
 */
export function valueToken(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      // Number-to-string round-trips, so distinct numbers get distinct tokens (0 and -0 merge, as in Map).
      return 'n' + v;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'undefined':
      return 'z';
    case 'object':
      if (v === null) return 'z';
      return 'h' + keyFromValue(v);
    default:
      return 'h' + keyFromValue(v);
  }
}

/** Identity of a row's (key, value) pair; keys are 8 code units, so the concatenation is unambiguous. */
export function rowToken(key: Key, v: unknown): string {
  return key + valueToken(v);
}
