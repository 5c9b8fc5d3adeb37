// Errors as data: a cell whose computation failed holds an ErrorValue instead of crashing the pipeline.

import type { Hasher128 } from '../../engine/hasher.js';

/** The value of a cell whose computation failed (Pathway's `pw.Error`). Propagates through expressions. */
export class ErrorValue {
  /** How many error values this process made: while 0, no cell anywhere can hold one (outputs skip their scan). */
  static made = 0;
  /** True once the error was reported to the error log (operators passing it on do not report it again). */
  logged = false;
  /** Creates an error value with a human-readable reason. */
  constructor(readonly message: string) {
    ErrorValue.made++;
  }
  /** Errors with one message are equal (whether or not they were logged), so retractions cancel insertions. */
  equals(other: unknown): boolean {
    return other instanceof ErrorValue && other.message === this.message;
  }
  /** Every error hashes alike, like Pathway's single Error value. */
  hashInto(h: Hasher128): void {
    h.word(0x0e77);
  }
  /** Prints as Pathway does. */
  toString(): string {
    return 'Error';
  }
}

/** True when `v` is an error value. */
export function isError(v: unknown): v is ErrorValue {
  return v instanceof ErrorValue;
}
