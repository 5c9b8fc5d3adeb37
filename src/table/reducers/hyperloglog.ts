// HyperLogLog cardinality estimation over 128-bit value keys (used by countDistinctApproximate).

import { keyFromValue } from '../../engine/key.js';

/**
 * Register index and rank (position of the first 1-bit) of a value for a given precision, packed as
 * `index * 128 + rank` so the hot path allocates nothing.
 */
export function hllHash(value: unknown, precision: number): number {
  const k = keyFromValue(value);
  const w0 = (k.charCodeAt(0) | (k.charCodeAt(1) << 16)) >>> 0;
  const w1 = (k.charCodeAt(2) | (k.charCodeAt(3) << 16)) >>> 0;
  const index = w0 >>> (32 - precision);
  const rest = (w0 << precision) >>> 0;
  // The remaining 64 - p bits: the low 32 - p bits of w0 (shifted to the top), then w1.
  let rank: number;
  if (rest !== 0) rank = Math.clz32(rest) + 1;
  else if (w1 !== 0) rank = 32 - precision + Math.clz32(w1) + 1;
  else rank = 64 - precision + 1;
  return index * 128 + rank;
}

/**
 * The HyperLogLog estimate from registers (precision p = log2 of their number; ranks 1..65-p, 0 for an empty register).
 *
 * Algorithm: Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), from
 * the histogram of register values: empty registers enter through `sigma`, saturated ones through `tau`, the others by
 * halving, then alpha_inf * m^2 / z. One formula over the whole range: no switch between linear counting and the raw
 * estimate, whose bias near the switch (~2.5 m) put whole groups 3-5% high (a set of 10,000 values at p = 12 read
 * 10,550).
 */
export function hllEstimate(registers: Uint8Array): number {
  const m = registers.length;
  const q = 64 - Math.log2(m);
  const counts = new Float64Array(q + 2);
  for (let j = 0; j < m; j++) counts[registers[j]!]!++;
  let z = m * hllTau(1 - counts[q + 1]! / m);
  for (let k = q; k >= 1; k--) z = 0.5 * (z + counts[k]!);
  z += m * hllSigma(counts[0]! / m);
  if (!Number.isFinite(z)) return 0; // every register empty: nothing counted
  return Math.round((m * m) / (2 * Math.LN2 * z));
}

/** Ertl's sigma(x) = x + sum over k >= 1 of x^(2^k) * 2^(k-1), for the empty registers' share x (infinite at 1). */
function hllSigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

/** Ertl's tau(x) = (1 - x - sum over k >= 1 of (1 - x^(2^-k))^2 * 2^-k) / 3, for the unsaturated registers' share x. */
function hllTau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === prev) return z / 3;
  }
}
