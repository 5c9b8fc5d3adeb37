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

/** The HyperLogLog estimate (with linear counting for small cardinalities) from registers. */
export function hllEstimate(registers: Uint8Array): number {
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let j = 0; j < m; j++) {
    const r = registers[j]!;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  // 64-bit hashes make the large-range correction unnecessary.
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}
