// Runtime semantics of expression operators: Pathway's operator table over JavaScript values (Python arithmetic,
// date-time ± duration, duration algebra, string concatenation/repetition, lexicographic tuple order).
// The compiler inlines the number fast paths; these functions are the general paths. Error operands propagate.

import { keyFromValues, type Key } from '../../engine/key.js';
import * as num from '../functions/num.js';
import { parseFloat as parseFloatStr } from '../functions/str-parse.js';
import { toString as printValue } from '../functions/str.js';
import { compareValues, valuesEqual } from '../values/compare.js';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import { ErrorValue } from '../values/error-value.js';
import { Json } from '../values/json.js';
import { makeError } from './error-reporter.js';

type Site = string | undefined;

/** The Python/Pathway name of a value's type, for error messages. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'object') return v.constructor?.name ?? 'object';
  return typeof v;
}

/** The error value of an operator given operands it does not take. */
export function unsupported(op: string, a: unknown, b: unknown, site: Site): ErrorValue {
  return makeError(
    `unsupported operand types for ${op}: ${typeName(a)} and ${typeName(b)}; convert one side (cast, .dt, .str) first`,
    site,
  );
}

function failed(err: unknown, site: Site): ErrorValue {
  return makeError(err instanceof Error ? err.message : String(err), site);
}

const isDateTime = (v: unknown): v is DateTimeNaive | DateTimeUtc =>
  v instanceof DateTimeNaive || v instanceof DateTimeUtc;

function durationMicros(d: Duration): number {
  return Math.round(d.ms * 1000);
}

/** `a + b`: numbers, string concatenation, tuple concatenation, date-time + duration, duration + duration. */
export function add(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (b instanceof Duration) {
    if (a instanceof Duration || isDateTime(a)) return a.plus(b);
  } else if (a instanceof Duration && isDateTime(b)) return b.plus(a);
  return unsupported('+', a, b, site);
}

/** `a - b`: numbers, date-time - duration, date-time - date-time (a duration; kinds must match), durations. */
export function sub(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (b instanceof Duration && (a instanceof Duration || isDateTime(a))) return a.minus(b);
  if (a instanceof DateTimeNaive && b instanceof DateTimeNaive) return a.since(b);
  if (a instanceof DateTimeUtc && b instanceof DateTimeUtc) return a.since(b);
  if (isDateTime(a) && isDateTime(b)) {
    return makeError(
      'cannot subtract a DateTimeNaive and a DateTimeUtc; convert one with .dt.toUtc(timezone) or .dt.toNaiveInTimezone(timezone)',
      site,
    );
  }
  return unsupported('-', a, b, site);
}

function repeat(s: string, n: number, site: Site): unknown {
  if (!Number.isInteger(n)) return makeError(`can't multiply a string by non-int ${typeName(n)} ${n}`, site);
  return n > 0 ? s.repeat(n) : '';
}

/** `a * b`: numbers, string repetition (by an int), duration scaling. */
export function mul(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'string' && typeof b === 'number') return repeat(a, b, site);
  if (typeof b === 'string' && typeof a === 'number') return repeat(b, a, site);
  if (a instanceof Duration && typeof b === 'number') return a.times(b);
  if (b instanceof Duration && typeof a === 'number') return b.times(a);
  return unsupported('*', a, b, site);
}

/** `a / b`: true division (a float for numbers; duration / duration is a float, duration / number a duration). */
export function truediv(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  try {
    if (typeof a === 'number' && typeof b === 'number') return num.truediv(a, b);
    if (a instanceof Duration && b instanceof Duration) return a.ratio(b);
    if (a instanceof Duration && typeof b === 'number') return a.dividedBy(b);
  } catch (err) {
    return failed(err, site);
  }
  return unsupported('/', a, b, site);
}

/** `a // b`: Python floor division (duration // duration is an int, duration // int a duration). */
export function floordiv(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  try {
    if (typeof a === 'number' && typeof b === 'number') return num.floordiv(a, b);
    if (a instanceof Duration && b instanceof Duration) {
      return num.floordiv(durationMicros(a), durationMicros(b));
    }
    if (a instanceof Duration && typeof b === 'number' && Number.isInteger(b)) {
      return Duration.fromMicroseconds(num.floordiv(durationMicros(a), b));
    }
  } catch (err) {
    return failed(err, site);
  }
  return unsupported('//', a, b, site);
}

/** `a % b` with the divisor's sign (Python); duration % duration is a duration. */
export function mod(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  try {
    if (typeof a === 'number' && typeof b === 'number') return num.mod(a, b);
    if (a instanceof Duration && b instanceof Duration) {
      return Duration.fromMicroseconds(num.mod(durationMicros(a), durationMicros(b)));
    }
  } catch (err) {
    return failed(err, site);
  }
  return unsupported('%', a, b, site);
}

/** `a ** b` with Python's rules (0 to a negative power and negative to a fractional power are errors). */
export function pow(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') {
    try {
      return num.pow(a, b);
    } catch (err) {
      return failed(err, site);
    }
  }
  return unsupported('**', a, b, site);
}

/** `-a` (numbers and durations). */
export function neg(a: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (typeof a === 'number') return -a;
  if (a instanceof Duration) return a.negate();
  return makeError(`bad operand type for unary -: ${typeName(a)}`, site);
}

/** Deep equality (errors propagate; 1 == 1.0; tuples element-wise). */
export function eq(a: unknown, b: unknown): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  return valuesEqual(a, b);
}

/** Deep inequality. */
export function ne(a: unknown, b: unknown): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  return !valuesEqual(a, b);
}

/** Whether `a` and `b` may be ordered: same kind of value (numbers, strings, bools, one date-time kind, ...). */
function comparable(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === 'number' || ta === 'string' || ta === 'boolean') return typeof b === ta;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return a.constructor === b.constructor;
}

/**
 * Order used by `<`, `<=`, `>`, `>=`: numbers, strings (by code point), bools, date-times of one kind, durations,
 * JSON, and tuples lexicographically (element by element, then by length). Mixed kinds and None are errors.
 */
export function compare(a: unknown, b: unknown, site: Site): number | ErrorValue {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compare(a[i], b[i], site);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (!comparable(a, b)) return unsupported('comparison', a, b, site);
  return compareValues(a, b);
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** `a & b`, `a | b` or `a ^ b` on two ints, in 64-bit two's complement (exact for |x| <= 2^53, as INT is). */
function bitwise(op: '&' | '|' | '^', a: number, b: number): number {
  if (a >= INT32_MIN && a <= INT32_MAX && b >= INT32_MIN && b <= INT32_MAX) {
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  return Number(op === '&' ? x & y : op === '|' ? x | y : x ^ y);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Pathway's `&`: logical and of bools, bitwise and of ints. */
export function and(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a && b;
  if (isInt(a) && isInt(b)) return bitwise('&', a, b);
  return unsupported('&', a, b, site);
}

/** Pathway's `|`: logical or of bools, bitwise or of ints. */
export function or(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a || b;
  if (isInt(a) && isInt(b)) return bitwise('|', a, b);
  return unsupported('|', a, b, site);
}

/** Pathway's `^`: logical xor of bools, bitwise xor of ints. */
export function xor(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a !== b;
  if (isInt(a) && isInt(b)) return bitwise('^', a, b);
  return unsupported('^', a, b, site);
}

/** Logical not. */
export function not(a: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (typeof a === 'boolean') return !a;
  return makeError(`bad operand type for ~: ${typeName(a)}`, site);
}

function jsonChild(j: Json, i: unknown): Json | undefined {
  const v = j.value;
  if (typeof i === 'number') {
    if (!Array.isArray(v) || !Number.isInteger(i) || i < 0 || i >= v.length) return undefined;
    return Json.ofPlain(v[i]!);
  }
  if (typeof i !== 'string' || v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.prototype.hasOwnProperty.call(v, i) ? Json.ofPlain(v[i]!) : undefined;
}

/**
 * Indexing. Tuples/lists/strings by integer (negative counts from the end); `checked` (`expr.at(i)`, Python's
 * `[i]`) makes a missing element an error, otherwise it is `dflt`. JSON by key or index: a missing member is
 * `dflt` for `get` and JSON null for `[i]`, as Pathway.
 */
export function getItem(a: unknown, i: unknown, dflt: unknown, checked: boolean, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (i instanceof ErrorValue) return i;
  if (a instanceof Json) {
    if (typeof i !== 'string' && typeof i !== 'number') {
      return makeError(`JSON index must be a string or an integer, got ${typeName(i)}`, site);
    }
    return jsonChild(a, i) ?? (checked ? Json.NULL : dflt);
  }
  if ((Array.isArray(a) || typeof a === 'string') && typeof i === 'number' && Number.isInteger(i)) {
    const idx = i < 0 ? a.length + i : i;
    if (idx >= 0 && idx < a.length) return a[idx];
    return checked
      ? makeError(`index ${i} out of range for ${typeName(a)} of length ${a.length}`, site)
      : dflt;
  }
  if (a === null && !checked) return dflt;
  return makeError(`cannot index ${typeName(a)} with ${typeName(i)}`, site);
}

const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

/** Prints a number for `cast(STR, x)` as Pathway's engine does (`2.0` prints as `2`, infinities as `inf`). */
function numberText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}

// 2^63: floats at or beyond it (and -2^63 - 1 and below) are outside i64, where Rust's `as i64` would saturate to
// i64::MAX / i64::MIN. A JS number cannot hold i64::MAX, so such a cast is an error value instead.
const I64_LIMIT = 9223372036854775808;

/** FLOAT -> INT as Pathway (truncation toward zero, NaN is 0); outside the i64 range an error value. */
function floatToInt(x: number, site: Site): number | ErrorValue {
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x) || 0;
  if (t >= I64_LIMIT || t < -I64_LIMIT) {
    return makeError(`cannot cast float ${numberText(x)} to INT: outside the 64-bit integer range`, site);
  }
  return t;
}

/** STR -> INT of integer text; text outside the i64 range is an error value (Rust's parse fails there). */
function textToInt(text: string, site: Site): number | ErrorValue {
  const n = Number(text) || 0;
  if (Math.abs(n) < 2 ** 53) return n;
  const big = BigInt(text);
  if (big >= BigInt(I64_LIMIT) || big < -BigInt(I64_LIMIT)) {
    return makeError(`cannot cast ${JSON.stringify(text)} to INT: outside the 64-bit integer range`, site);
  }
  return n;
}

/** Whether `a` already is a value of the dtype named `to` (a no-op cast of an untyped operand). */
function alreadyOf(a: unknown, to: string): boolean {
  switch (to) {
    case 'DATE_TIME_NAIVE':
      return a instanceof DateTimeNaive;
    case 'DATE_TIME_UTC':
      return a instanceof DateTimeUtc;
    case 'DURATION':
      return a instanceof Duration;
    case 'JSON':
      return a instanceof Json;
    case 'BYTES':
      return a instanceof Uint8Array;
    case 'List':
    case 'Tuple':
      return Array.isArray(a);
    case 'POINTER':
      return typeof a === 'string' && a.length === 8; // a packed key (see engine/key.ts)
    default:
      return false;
  }
}

/**
 * `cast(to, a)` with Pathway's engine rules: INT from float truncates (an error outside the i64 range), from bool
 * is 0/1, from string parses the trimmed text; FLOAT likewise; BOOL is `!= 0` for numbers and non-empty for
 * strings; STR prints the value (True/False for bools). None stays None; a failing conversion is an error value.
 */
export function castTo(a: unknown, to: string, site: Site): unknown {
  if (a instanceof ErrorValue || a === null || a === undefined) return a ?? null;
  switch (to) {
    case 'INT':
      if (typeof a === 'number') return floatToInt(a, site);
      if (typeof a === 'boolean') return a ? 1 : 0;
      if (typeof a === 'string' && /^[+-]?\d+$/.test(a.trim())) return textToInt(a.trim(), site);
      break;
    case 'FLOAT':
      if (typeof a === 'number') return a;
      if (typeof a === 'boolean') return a ? 1 : 0;
      if (typeof a === 'string' && FLOAT_TEXT.test(a.trim())) return parseFloatStr(a);
      break;
    case 'STR':
      if (typeof a === 'string') return a;
      if (typeof a === 'number') return numberText(a);
      return printValue(a);
    case 'BOOL':
      if (typeof a === 'boolean') return a;
      if (typeof a === 'number') return a !== 0;
      if (typeof a === 'string') return a.length > 0;
      break;
    case 'ANY':
    case 'NONE':
      return a;
    default:
      // Other targets are refused at build time unless the operand is untyped (ANY): a value already of the target
      // kind passes (the cast is a no-op, as in Pathway); any other is an error, never a value with a wrong dtype.
      if (alreadyOf(a, to)) return a;
      if (typeof a === 'string' && (to === 'DATE_TIME_NAIVE' || to === 'DATE_TIME_UTC')) {
        return makeError(`cannot cast a string to ${to}; parse it with .dt.strptime(format)`, site);
      }
      break;
  }
  const shown = typeof a === 'string' ? JSON.stringify(a) : printValue(a);
  return makeError(`cannot cast ${typeName(a)} ${shown} to ${to}`, site);
}

/** A pointer (row key) computed from values: Pathway's `pointer_from`. */
export function pointerFrom(
  values: unknown[],
  instance?: unknown,
  optional = false,
): Key | ErrorValue | null {
  for (const v of values) if (v instanceof ErrorValue) return v;
  if (instance instanceof ErrorValue) return instance;
  if (optional && values.some((v) => v === null || v === undefined)) return null;
  return instance === undefined ? keyFromValues(values) : keyFromValues([...values, instance]);
}

export { lshift, rshift } from './shift.js';
