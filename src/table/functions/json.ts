// JSON access for Json cells (Pathway's `pw.this.data["key"]`, `.get(...)`, `.as_int()` ...).
// Getters return Json (or the default); `as*` unwrap to plain values, and JSON null unwraps to null (None).

import { Json, jsonTypeName, type JsonValue } from '../values/json.js';

function child(v: JsonValue, key: string | number): JsonValue | undefined {
  if (typeof key === 'number') {
    if (!Array.isArray(v) || !Number.isInteger(key) || key < 0 || key >= v.length) return undefined;
    return v[key];
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

/**
 * The member `key` of an object or element `index` of an array as Json, or `fallback` (null unless given) when
 * it is missing or the value has no such member. A present JSON null is returned as `Json.NULL`.
 */
export function jsonGet<T = null>(json: Json, key: string | number, fallback?: T): Json | T | null {
  const v = child(json.value, key);
  return v === undefined ? (fallback ?? null) : Json.ofPlain(v);
}

/**
 * Element `index` of an array or character of a string, counted from the end when negative: Python's indexing, which
 * Pathway's `Json` follows in a UDF (`a["field"][0]` of "foo" is "f"); undefined when out of range.
 */
function indexed(v: JsonValue, index: number): JsonValue | undefined {
  if (!Number.isInteger(index) || (typeof v !== 'string' && !Array.isArray(v))) return undefined;
  const items: readonly JsonValue[] = typeof v === 'string' ? Array.from(v) : v;
  const i = index < 0 ? items.length + index : index;
  return i >= 0 && i < items.length ? items[i] : undefined;
}

/**
 * Like `jsonGet` but throws when the member is missing (Pathway's `json["key"]` in a UDF); an index also reads a
 * string's characters and counts from the end when negative, as Python's indexing does.
 */
export function jsonItem(json: Json, key: string | number): Json {
  const v = typeof key === 'number' ? indexed(json.value, key) : child(json.value, key);
  if (v === undefined) {
    const what = typeof key === 'number' ? `index ${key}` : `key ${JSON.stringify(key)}`;
    throw new Error(
      `JSON ${jsonTypeName(json.value)} has no ${what}; use jsonGet(json, key, default) to allow it`,
    );
  }
  return Json.ofPlain(v);
}

/** Follows a path of keys and indices (`['a', 0, 'b']`); null when any step is missing. */
export function jsonPath(json: Json, path: readonly (string | number)[]): Json | null {
  let v: JsonValue | undefined = json.value;
  for (let i = 0; i < path.length && v !== undefined; i++) v = child(v, path[i]!);
  return v === undefined ? null : Json.ofPlain(v);
}

function wrongType(expected: string, v: JsonValue): Error {
  return new Error(
    `cannot convert JSON ${jsonTypeName(v)} to ${expected}; check the data or use jsonGet with a default`,
  );
}

/** The integer inside; null for JSON null; throws for floats and other types. */
export function asInt(json: Json): number | null {
  const v = json.value;
  if (v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw wrongType('int', v);
}

/** The number inside (ints included); null for JSON null. */
export function asFloat(json: Json): number | null {
  const v = json.value;
  if (v === null) return null;
  if (typeof v === 'number') return v;
  throw wrongType('float', v);
}

/** The string inside; null for JSON null. */
export function asStr(json: Json): string | null {
  const v = json.value;
  if (v === null) return null;
  if (typeof v === 'string') return v;
  throw wrongType('str', v);
}

/** The boolean inside; null for JSON null. */
export function asBool(json: Json): boolean | null {
  const v = json.value;
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  throw wrongType('bool', v);
}

/** The array inside as a list of Json elements; null for JSON null. */
export function asList(json: Json): Json[] | null {
  const v = json.value;
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => Json.ofPlain(x));
  throw wrongType('list', v);
}

/** The object inside as a record of Json members; null for JSON null. */
export function asDict(json: Json): Record<string, Json> | null {
  const v = json.value;
  if (v === null) return null;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v)) out[k] = Json.ofPlain(v[k]!);
    return out;
  }
  throw wrongType('dict', v);
}
