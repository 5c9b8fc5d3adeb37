// The `countDistinct` and `countDistinctApproximate` reducers.

import { ErrorValue } from '../values/error-value.js';
import { groupError } from './error-tracker.js';
import { hllEstimate, hllHash } from './hyperloglog.js';
import type { ReducerImpl } from './reducer.js';
import { createDistinctAcc, restoreDistinct, snapshotDistinct, updateDistinct } from './unique.js';
import type { DistinctAcc } from './unique.js';

/** `countDistinct(x)`: number of distinct `x` values in the group (None counts as a value). args: `[x]`. */
export function countDistinct(): ReducerImpl<DistinctAcc, number | ErrorValue> {
  return {
    name: 'countDistinct',
    create: createDistinctAcc,
    update(acc, args, _key, diff) {
      updateDistinct(acc, args, diff);
      return acc;
    },
    result: (acc) => groupError(acc) ?? acc.counts.distinct,
    snapshot: snapshotDistinct,
    restore: restoreDistinct,
  };
}

/** Options of `countDistinctApproximate`. */
export interface CountDistinctApproximateOptions {
  /** log2 of the number of HyperLogLog registers, 4..18 (default 12: 4096 registers, ~1.6% error). */
  precision?: number;
}

/** Accumulator of `countDistinctApproximate`. */
export interface ApproxDistinctAcc extends DistinctAcc {
  /** HLL registers; null until first needed or after a value left the group (then rebuilt lazily). */
  registers: Uint8Array | null;
}

/**
 * `countDistinctApproximate(x, { precision })`: HyperLogLog estimate of the number of distinct `x`.
 * args: `[x]`.
 * Algorithm: HLL registers cannot forget a value, so the accumulator also keeps the exact value -> count
 * map. A new distinct value updates the registers in place; a value leaving the group drops them, and
 * they are rebuilt from the map at the next `result`. The answer thus always equals the estimate of a
 * sketch built from scratch over the present values. Memory is that of `countDistinct` plus 2^precision
 * bytes per group; the point is Pathway compatibility of the reported number, not memory savings.
 */
export function countDistinctApproximate(
  options: CountDistinctApproximateOptions = {},
): ReducerImpl<ApproxDistinctAcc, number | ErrorValue> {
  const precision = options.precision ?? 12;
  if (!Number.isInteger(precision) || precision < 4 || precision > 18) {
    throw new RangeError(
      `countDistinctApproximate: precision must be an integer from 4 to 18, got ${precision}; pass e.g. { precision: 12 }`,
    );
  }
  const addToRegisters = (registers: Uint8Array, value: unknown): void => {
    const packed = hllHash(value, precision);
    const index = packed >>> 7;
    const rank = packed & 127;
    if (registers[index]! < rank) registers[index] = rank;
  };
  return {
    name: 'countDistinctApproximate',
    create: () => ({ ...createDistinctAcc(), registers: null }),
    update(acc, args, _key, diff) {
      const change = updateDistinct(acc, args, diff);
      if (acc.registers !== null) {
        if (change > 0) addToRegisters(acc.registers, args[0]);
        else if (change < 0) acc.registers = null;
      }
      return acc;
    },
    result(acc) {
      const err = groupError(acc);
      if (err !== null) return err;
      if (acc.registers === null) {
        const registers = new Uint8Array(1 << precision);
        for (const e of acc.counts.present()) addToRegisters(registers, e.value);
        acc.registers = registers;
      }
      return hllEstimate(acc.registers);
    },
    // The registers are derived from the exact counts: left out, and rebuilt by the next `result`.
    snapshot: snapshotDistinct,
    restore: (saved) => ({ ...restoreDistinct(saved), registers: null }),
  };
}
