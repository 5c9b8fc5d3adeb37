// Json value class (Pathway's `pw.Json`): wraps a parsed JSON value so a JSON cell is told apart from a
// string or array cell. Also owns Python-style number and JSON printing shared by `toString` functions.

import type { Hashable, Hasher128 } from '../../engine/hasher.js';

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const JSON_HASH_TAG = 0x750e;

/**
 * Formats a number as Python prints it: integers as `3`, other floats with `repr` (`0.1`, `1e-05`, `1e+16`,
 * `inf`, `nan`). JS cannot tell `3.0` from `3`, so integral values print as integers.
 */
export function formatNumber(x: number): string {
  if (Number.isSafeInteger(x)) return String(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // Shortest round-trip digits, then Python's repr layout: fixed for 1e-4 <= |x| < 1e16, else exponent.
  const exp = x.toExponential();
  const ePos = exp.indexOf('e');
  const e = Number(exp.slice(ePos + 1));
  if (e >= -4 && e < 16) {
    // In this range JS's String() never uses an exponent and already gives the shortest digits.
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const mantissa = exp.slice(0, ePos);
  const sign = e < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
}

/**
 * Quotes a string as Pathway prints JSON (`json.dumps(..., ensure_ascii=False)`): quotes, backslashes and
 * control characters are escaped, other characters (`zolc (any Unicode)`) are kept; lone surrogates become `\udXXX`.
 */
function dumpString(s: string): string {
  return JSON.stringify(s);
}

/** Serializes a JSON value like Python's `json.dumps` (`{"a": 1, "b": [true, null]}`). */
export function dumpJson(v: JsonValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return formatNumber(v);
    case 'string':
      return dumpString(v);
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(dumpJson).join(', ')}]`;
  const parts: string[] = [];
  for (const k of Object.keys(v)) parts.push(`${dumpString(k)}: ${dumpJson(v[k]!)}`);
  return `{${parts.join(', ')}}`;
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonValuesEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonValuesEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !jsonValuesEqual(a[k]!, b[k]!)) return false;
  }
  return true;
}

/** Pathway's name for the JSON type of a value, used in error messages (`int`, `float`, `string`, ...). */
export function jsonTypeName(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** What `new Json(...)` takes: a JSON value whose parts may themselves be Json (they are unwrapped). */
export type JsonInput = JsonValue | Json | JsonInput[] | { [key: string]: JsonInput };

/** Set while `Json.ofPlain` constructs: the value is taken as it is. */
let plainValue = false;

/** `v` with every Json inside it replaced by its value; `v` itself (not a copy) when it holds none. */
function unwrapNested(v: JsonInput): JsonValue {
  if (v instanceof Json) return v.value;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: JsonValue[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      const y = unwrapNested(x);
      if (y !== x) (out ??= v.slice() as JsonValue[])[i] = y;
    }
    return out ?? (v as JsonValue[]);
  }
  let out: { [key: string]: JsonValue } | undefined;
  for (const k of Object.keys(v)) {
    const x = v[k]!;
    const y = unwrapNested(x);
    if (y !== x) (out ??= { ...(v as { [key: string]: JsonValue }) })[k] = y;
  }
  return out ?? (v as { [key: string]: JsonValue });
}

/** A JSON cell (Pathway's `pw.Json`); `.value` is the parsed value. */
export class Json implements Hashable {
  /** The parsed JSON value. */
  readonly value: JsonValue;

  /**
   * Wraps a JSON value; a Json given, whole or inside an array or object, is unwrapped (`new Json(new Json(1))` holds
   * 1 and `new Json([new Json('a')])` holds `['a']`, as Pathway's).
   */
  constructor(value: JsonInput) {
    // Scalars need no walk (and `Json.NULL` is made before the class is complete), nor values known to be plain.
    this.value =
      plainValue || typeof value !== 'object' || value === null ? (value as JsonValue) : unwrapNested(value);
  }

  /**
   * Wraps a value known to hold no Json (a part of another Json's value, a parse result) without walking it: reading a
   * member of a large document stays O(1).
   */
  static ofPlain(value: JsonValue): Json {
    plainValue = true;
    try {
      return new Json(value);
    } finally {
      plainValue = false;
    }
  }

  /** The JSON `null` (distinct from a missing value, which is a plain `null` cell). */
  static readonly NULL = new Json(null);

  /** Parses JSON text; throws with the parser's reason when the text is not JSON. */
  static parse(text: string): Json {
    try {
      return Json.ofPlain(JSON.parse(text) as JsonValue);
    } catch (e) {
      throw new Error(`cannot parse ${JSON.stringify(text.slice(0, 80))} as JSON: ${(e as Error).message}`);
    }
  }

  /** Deep equality with another Json. */
  equals(other: unknown): boolean {
    return other instanceof Json && jsonValuesEqual(this.value, other.value);
  }
  /** Hashes the value (object keys in sorted order, so equal objects hash alike). */
  hashInto(h: Hasher128): void {
    h.word(JSON_HASH_TAG);
    h.value(this.value);
  }
  /** Prints like Pathway (Python's `json.dumps`): `{"a": 1, "b": [1, 2]}`. */
  toString(): string {
    return dumpJson(this.value);
  }
  /** Serializes as the wrapped value. */
  toJSON(): JsonValue {
    return this.value;
  }
}
