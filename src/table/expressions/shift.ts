// `a << b` and `a >> b` of INTs (Pathway's i64 shifts), the general path of the compiled `lshift` / `rshift`.

import { ErrorValue } from '../values/error-value.js';
import { makeError } from './error-reporter.js';
import { unsupported } from './operators.js';

type Site = string | undefined;

/** `a << b` (64-bit INTs, as Pathway's i64: bits shifted past the top are lost). */
export function lshift(a: unknown, b: unknown, site: Site): unknown {
  return shift(a, b, true, site);
}

/** `a >> b` (64-bit INTs, arithmetic: rounds towards -infinity). */
export function rshift(a: unknown, b: unknown, site: Site): unknown {
  return shift(a, b, false, site);
}

function shift(a: unknown, b: unknown, left: boolean, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (!Number.isInteger(a) || !Number.isInteger(b)) return unsupported(left ? '<<' : '>>', a, b, site);
  const x = a as number;
  const n = b as number;
  if (n < 0 || n > 63) return makeError(`shift count ${n} out of range (0..63)`, site);
  const p = 2 ** n;
  if (!left) return Math.floor(x / p); // exact: a division by a power of two, then floor
  const r = x * p;
  if (Number.isSafeInteger(r)) return r;
  // Past 2^53: the 64-bit result (wrapped as an i64), as the nearest double.
  return Number(BigInt.asIntN(64, BigInt(x) << BigInt(n)));
}
