// Total order and deep equality over cell values; used by sort, min/max/argmin reducers and tests.
// Order of kinds: null < number < string (Keys included) < boolean < DateTimeNaive < DateTimeUtc < Duration
// < bytes < array/tuple < Json < Error < other objects. Within numbers NaN is the greatest and equals itself.

import { DateTimeNaive, DateTimeUtc } from './date-time.js';
import { Duration } from './duration.js';
import { ErrorValue } from './error-value.js';
import { Json, type JsonValue } from './json.js';

const enum Rank {
  Null = 0,
  Number = 1,
  String = 2,
  Boolean = 3,
  DateTimeNaive = 4,
  DateTimeUtc = 5,
  Duration = 6,
  Bytes = 7,
  Array = 8,
  Json = 9,
  Error = 10,
  Other = 11,
}

function rankOf(v: unknown): Rank {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return Rank.Number;
    case 'string':
      return Rank.String;
    case 'boolean':
      return Rank.Boolean;
    case 'undefined':
      return Rank.Null;
    default:
      break;
  }
  if (v === null) return Rank.Null;
  if (Array.isArray(v)) return Rank.Array;
  if (v instanceof DateTimeNaive) return Rank.DateTimeNaive;
  if (v instanceof DateTimeUtc) return Rank.DateTimeUtc;
  if (v instanceof Duration) return Rank.Duration;
  if (v instanceof Uint8Array) return Rank.Bytes;
  if (v instanceof Json) return Rank.Json;
  if (v instanceof ErrorValue) return Rank.Error;
  return Rank.Other;
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0; // also 0 vs -0
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/** Maps a UTF-16 unit so that comparing mapped units orders strings by code point, as Python and Rust do. */
function codePointRank(c: number): number {
  if (c < 0xd800) return c;
  return c >= 0xe000 ? c - 0x800 : c + 0x2000;
}

/** Compares strings by Unicode code points (UTF-16 order differs only around surrogate pairs). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) < codePointRank(cb) ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function jsonRank(v: JsonValue): number {
  if (v === null) return 0;
  if (Array.isArray(v)) return 4;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return 5;
  }
}

/** Total order over JSON values: null < bool < number < string < array < object (objects by sorted entries). */
export function compareJson(a: JsonValue, b: JsonValue): number {
  const ra = jsonRank(a);
  const rb = jsonRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a as number, b as number);
    case 3:
      return compareStrings(a as string, b as string);
    case 4: {
      const xa = a as JsonValue[];
      const xb = b as JsonValue[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareJson(xa[i]!, xb[i]!);
        if (c !== 0) return c;
      }
      return sign(xa.length - xb.length);
    }
    default: {
      const oa = a as Record<string, JsonValue>;
      const ob = b as Record<string, JsonValue>;
      const ka = Object.keys(oa).sort(compareStrings);
      const kb = Object.keys(ob).sort(compareStrings);
      const n = Math.min(ka.length, kb.length);
      for (let i = 0; i < n; i++) {
        const ck = compareStrings(ka[i]!, kb[i]!);
        if (ck !== 0) return ck;
        const cv = compareJson(oa[ka[i]!]!, ob[kb[i]!]!);
        if (cv !== 0) return cv;
      }
      return sign(ka.length - kb.length);
    }
  }
}

function compareOther(a: object, b: object): number {
  const ca = a.constructor?.name ?? '';
  const cb = b.constructor?.name ?? '';
  if (ca !== cb) return compareStrings(ca, cb);
  const cmp = (a as { compareTo?: (o: unknown) => number }).compareTo;
  if (typeof cmp === 'function') return sign(cmp.call(a, b));
  if (ca === 'Object') return compareJson(a as JsonValue, b as JsonValue);
  return compareStrings(String(a), String(b));
}

/**
 * Total order over cell values: negative, zero or positive as `a` sorts before, with or after `b`.
 * Arrays compare lexicographically; keys (8-unit strings) compare as strings; all errors are equal.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case Rank.Null:
    case Rank.Error:
      return 0;
    case Rank.Number:
      return compareNumbers(Number(a), Number(b));
    case Rank.String:
      return compareStrings(a as string, b as string);
    case Rank.Boolean:
      return a ? 1 : -1; // a !== b here
    case Rank.DateTimeNaive:
      return sign((a as DateTimeNaive).compareTo(b as DateTimeNaive));
    case Rank.DateTimeUtc:
      return sign((a as DateTimeUtc).compareTo(b as DateTimeUtc));
    case Rank.Duration:
      return sign((a as Duration).compareTo(b as Duration));
    case Rank.Bytes: {
      const xa = a as Uint8Array;
      const xb = b as Uint8Array;
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) if (xa[i] !== xb[i]) return xa[i]! < xb[i]! ? -1 : 1;
      return sign(xa.length - xb.length);
    }
    case Rank.Array: {
      const xa = a as readonly unknown[];
      const xb = b as readonly unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return sign(xa.length - xb.length);
    }
    case Rank.Json:
      return compareJson((a as Json).value, (b as Json).value);
    default:
      return compareOther(a as object, b as object);
  }
}

/** Deep equality consistent with `compareValues(a, b) === 0` (NaN equals NaN, 0 equals -0, errors are equal). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'number':
      return typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
    case 'string':
    case 'boolean':
      return false;
    case 'undefined':
      return b === null;
    default:
      break;
  }
  if (a === null) return b === undefined;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (typeof b !== 'object' || b === null) return false;
  return compareValues(a, b) === 0;
}
