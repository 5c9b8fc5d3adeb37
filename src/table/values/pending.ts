// The value of a fully async UDF's cell whose call has not finished (Pathway's `Pending`).

import type { Hasher128 } from '../../engine/hasher.js';

/** The class of `PENDING`: one value, printed `Pending`. */
export class Pending {
  /** The one instance is `PENDING`; the constructor is not meant for users. */
  constructor() {}
  /** Prints as Pathway does. */
  toString(): string {
    return 'Pending';
  }
  /** Hashes to one fixed value (a pending cell in a key). */
  hashInto(h: Hasher128): void {
    h.word(0x50454e44);
  }
  /** Serializes as a marker. */
  toJSON(): string {
    return 'Pending';
  }
}

/** A fully async UDF's result not there yet (`cw.udf(fn, { fullyAsync: true })`); `t.awaitFutures()` drops its rows. */
export const PENDING = new Pending();

/** True for `PENDING`. */
export function isPending(v: unknown): v is Pending {
  return v === PENDING;
}
