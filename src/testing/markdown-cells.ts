// Cell values of markdown tables: Pathway's (pandas') parsing rules, column type inference, and conversion of
// cell text to a schema's dtype (date-times, durations, JSON, pointers).

import { keyFromString, keyFromValue } from '../engine/key.js';
import { ANY, BOOL, FLOAT, INT, NONE, STR, dtypeOfValue, unifyDtypes, type DType } from '../table/dtype.js';
import { DateTimeNaive, DateTimeUtc } from '../table/values/date-time.js';
import { Duration } from '../table/values/duration.js';
import { Json } from '../table/values/json.js';

/** Texts read as None, as Pathway's `table_from_markdown` does (pandas `na_values`). */
export const NONE_TEXTS: ReadonlySet<string> = new Set(['', 'None', 'NaN', 'nan', 'NA', 'NULL']);

const INT_RE = /^[-+]?\d+$/;
const FLOAT_RE = /^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/;
const INF_RE = /^[-+]?(inf|infinity)$/i;
const TRUE_TEXTS = new Set(['True', 'true', 'TRUE']);
const FALSE_TEXTS = new Set(['False', 'false', 'FALSE']);

/** What one cell's text looks like, before the column's type is decided. */
export type CellKind = 'none' | 'int' | 'float' | 'bool' | 'str';

function isQuoted(s: string): boolean {
  return s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")));
}

/** Classifies one cell's text (quoted text is always a string). */
export function cellKind(text: string): CellKind {
  const s = text.trim();
  if (isQuoted(s)) return 'str';
  if (NONE_TEXTS.has(s)) return 'none';
  if (INT_RE.test(s)) return 'int';
  if (FLOAT_RE.test(s) || INF_RE.test(s)) return 'float';
  if (TRUE_TEXTS.has(s) || FALSE_TEXTS.has(s)) return 'bool';
  return 'str';
}

/** The text of a cell with surrounding quotes removed. */
export function unquote(text: string): string {
  const s = text.trim();
  return isQuoted(s) ? s.slice(1, -1) : s;
}

function parseNumber(s: string): number {
  if (INF_RE.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  return Number(s);
}

/**
 * Parses one cell on its own: None (`None`, `nan`, `NA`, `NULL`, empty), ints, floats, booleans, quoted or bare
 * strings. Inside a table the column decides: a column mixing numbers and words is all strings, as in Pathway.
 */
export function parseCell(text: string): unknown {
  const s = text.trim();
  switch (cellKind(s)) {
    case 'none':
      return null;
    case 'int':
    case 'float':
      return parseNumber(s);
    case 'bool':
      return TRUE_TEXTS.has(s);
    case 'str':
      return unquote(s);
  }
}

/** Infers a column's dtype from its cells' kinds: INT, FLOAT (ints and floats), BOOL, else STR; None makes it optional; ANY with no rows. */
export function inferDtype(kinds: readonly CellKind[]): DType {
  let hasNone = false;
  const seen = new Set<CellKind>();
  for (const k of kinds) {
    if (k === 'none') hasNone = true;
    else seen.add(k);
  }
  let base: DType;
  // No rows: nothing tells the type (Pathway: ANY); only None cells: NONE.
  if (seen.size === 0) return hasNone ? NONE : ANY;
  if (seen.size === 1 && seen.has('int')) base = INT;
  else if ([...seen].every((k) => k === 'int' || k === 'float')) base = FLOAT;
  else if (seen.size === 1 && seen.has('bool')) base = BOOL;
  else base = STR;
  return hasNone ? base.optional() : base;
}

const UTF8 = new TextEncoder();

/** Thrown by `cellToDtype` when a cell's text does not fit the column's dtype; the caller adds where. */
export class CellTypeError extends Error {}

/**
 * Converts a cell's text to a value of `dtype`: numbers, booleans, strings (quotes removed), bytes (UTF-8 of the
 * text), date-times, durations, JSON, pointers (`^...` or a value hashed like `pointerFrom`). None texts give null
 * when the dtype is optional.
 */
export function cellToDtype(text: string, dtype: DType): unknown {
  const s = text.trim();
  const name = dtype.unoptional().name;
  if (!isQuoted(s) && NONE_TEXTS.has(s) && name !== 'STR') {
    if (dtype.isOptional || name === 'ANY') return null;
    throw new CellTypeError(
      `"${s}" is None but the column is ${dtype} (not optional); declare it optional(${dtype})`,
    );
  }
  const raw = unquote(s);
  switch (name) {
    case 'INT': {
      if (!INT_RE.test(raw)) throw new CellTypeError(`"${s}" is not an integer (the column is ${dtype})`);
      return Number(raw);
    }
    case 'FLOAT': {
      if (!FLOAT_RE.test(raw) && !INF_RE.test(raw) && raw !== 'nan') {
        throw new CellTypeError(`"${s}" is not a number (the column is ${dtype})`);
      }
      return raw === 'nan' ? NaN : parseNumber(raw);
    }
    case 'BOOL': {
      if (TRUE_TEXTS.has(raw)) return true;
      if (FALSE_TEXTS.has(raw)) return false;
      throw new CellTypeError(`"${s}" is not True or False (the column is ${dtype})`);
    }
    case 'STR':
      // A non-optional STR column keeps "None" and "nan" as text; an optional one reads them as None, as Pathway does.
      return !isQuoted(s) && NONE_TEXTS.has(s) && dtype.isOptional ? null : raw;
    case 'DATE_TIME_NAIVE':
      return wrap(() => DateTimeNaive.parse(raw));
    case 'DATE_TIME_UTC':
      return wrap(() => DateTimeUtc.parse(raw));
    case 'DURATION':
      return wrap(() => Duration.parse(raw));
    case 'JSON':
      // JSON text keeps its quotes: `"x"` is the JSON string x.
      return wrap(() => Json.parse(s));
    case 'POINTER':
      return raw.startsWith('^') ? wrap(() => keyFromString(raw)) : keyFromValue(parseCell(s));
    case 'BYTES':
      // The text's UTF-8 bytes, as Pathway's markdown reader does (`entry.encode("utf-8")`).
      return UTF8.encode(raw);
    default:
      return parseCell(s);
  }
}

function wrap<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new CellTypeError((e as Error).message);
  }
}

/**
 * Converts a JavaScript value (from a record) to a column's dtype where a string or `Date` stands for it:
 * date-times, durations and JSON given as text, plain objects for JSON columns.
 */
export function valueToDtype(v: unknown, dtype: DType): unknown {
  if (v === null || v === undefined) return null;
  const name = dtype.unoptional().name;
  if (typeof v === 'string' && TEXT_TYPES.has(name)) return cellToDtype(v, dtype);
  if (name === 'JSON' && !(v instanceof Json)) return new Json(v as ConstructorParameters<typeof Json>[0]);
  if (name === 'DATE_TIME_UTC' && v instanceof Date) return DateTimeUtc.fromDate(v);
  return v;
}

const TEXT_TYPES: ReadonlySet<string> = new Set(['DATE_TIME_NAIVE', 'DATE_TIME_UTC', 'DURATION']);

/** The dtype of a column of records' values (used when no schema is given). */
export function inferDtypeOfValues(values: readonly unknown[]): DType {
  let d: DType | undefined;
  for (const v of values) {
    const t = dtypeOfValue(v);
    d = d === undefined ? t : unifyDtypes(d, t);
  }
  return d ?? NONE;
}
