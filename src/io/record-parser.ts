// Parsing input records against a schema: coercion of raw values (JSON values or CSV strings) to typed cells.
// A record that does not fit is rejected with a reason (the caller logs it with the source and position).

import type { DType } from '../table/dtype.js';
import type { Schema } from '../table/schema.js';
import { DateTimeNaive, DateTimeUtc } from '../table/values/date-time.js';
import { Duration } from '../table/values/duration.js';
import { Json, type JsonValue } from '../table/values/json.js';
import { keyFromString } from '../engine/key.js';

/** Coerces one raw value to a cell; throws `CoercionError` with a reason when it cannot. */
type Coercer = (raw: unknown) => unknown;

/** A value that cannot be coerced to its column's dtype. */
export class CoercionError extends Error {}

const INT_RE = /^[+-]?\d+$/;

function fail(what: string, raw: unknown): never {
  const shown = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
  throw new CoercionError(`expected ${what}, got ${shown.length > 60 ? shown.slice(0, 57) + '...' : shown}`);
}

/** The reason an integer beyond INT's exact range is refused (it would be stored rounded). */
const INEXACT = 'an integer within ±(2^53 - 1) (INT is a JavaScript number; declare the column FLOAT or STR)';

function coerceInt(raw: unknown): unknown {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return fail('an integer', raw);
    // A JSON number this large was rounded when it was parsed.
    return Number.isSafeInteger(raw) ? raw : fail(INEXACT, raw);
  }
  if (typeof raw === 'string') {
    const v = plainInt(raw);
    if (v !== undefined) return v;
    const t = raw.trim();
    if (INT_RE.test(t)) {
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : fail(INEXACT, raw);
    }
  }
  if (typeof raw === 'bigint') {
    return raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(raw)
      : fail(INEXACT, raw);
  }
  return fail('an integer', raw);
}

/** The value of `[+-]?digits` (at most 15 digits: exact), else undefined. */
function plainInt(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  const c0 = s.charCodeAt(0);
  const neg = c0 === 45;
  let i = neg || c0 === 43 ? 1 : 0;
  if (i === n || n - i > 15) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

function coerceFloat(raw: unknown): unknown {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string') {
    // Number() trims the same whitespace as trim(); a non-zero result cannot come from a blank field.
    const n = Number(raw);
    if (n !== 0 && !Number.isNaN(n)) return n;
    const t = raw.trim();
    if (t !== '') {
      const n = Number(t);
      if (!Number.isNaN(n) || t === 'NaN' || t === 'nan') return n;
      if (t === 'inf' || t === 'Infinity') return Infinity;
      if (t === '-inf' || t === '-Infinity') return -Infinity;
    }
  }
  return fail('a number', raw);
}

function coerceBool(raw: unknown): unknown {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes' || t === 'on' || t === 't' || t === 'y') return true;
    if (t === 'false' || t === '0' || t === 'no' || t === 'off' || t === 'f' || t === 'n') return false;
  }
  if (raw === 1 || raw === 0) return raw === 1;
  return fail('a boolean', raw);
}

function coerceStr(raw: unknown): unknown {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return fail('a string', raw);
}

function coerceJson(raw: unknown): unknown {
  if (raw instanceof Json) return raw;
  // A CSV field holding JSON text is parsed (`RecordParser.cell` wraps a JSON string value before this).
  if (typeof raw === 'string') {
    try {
      return Json.parse(raw);
    } catch {
      return new Json(raw);
    }
  }
  return new Json(raw as JsonValue);
}

function coerceDateTimeNaive(raw: unknown): unknown {
  if (raw instanceof DateTimeNaive) return raw;
  if (raw instanceof Date) return DateTimeNaive.fromMs(raw.getTime());
  if (typeof raw === 'string') {
    try {
      return DateTimeNaive.parse(raw.trim());
    } catch (e) {
      return fail(`a date-time (${(e as Error).message})`, raw);
    }
  }
  if (typeof raw === 'number') return DateTimeNaive.fromMs(raw);
  return fail('a date-time', raw);
}

function coerceDateTimeUtc(raw: unknown): unknown {
  if (raw instanceof DateTimeUtc) return raw;
  if (raw instanceof Date) return DateTimeUtc.fromDate(raw);
  if (typeof raw === 'string') {
    try {
      return DateTimeUtc.parse(raw.trim());
    } catch (e) {
      return fail(`a date-time with a time zone (${(e as Error).message})`, raw);
    }
  }
  if (typeof raw === 'number') return DateTimeUtc.fromMs(raw);
  return fail('a date-time with a time zone', raw);
}

function coerceDuration(raw: unknown): unknown {
  if (raw instanceof Duration) return raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    // Integer text is a count of nanoseconds, as the writers (and Pathway's) put durations into CSV.
    if (INT_RE.test(text)) return Duration.fromNanoseconds(Number(text));
    try {
      return Duration.parse(text);
    } catch (e) {
      return fail(`a duration (${(e as Error).message})`, raw);
    }
  }
  // A number or bigint (JSON, Parquet INT64) is a count of nanoseconds, as Pathway reads and writes durations.
  if (typeof raw === 'number') return Duration.fromNanoseconds(raw);
  if (typeof raw === 'bigint') return Duration.fromNanoseconds(Number(raw));
  return fail('a duration', raw);
}

/** A printed pointer (`^` and 26 digits, as the writers store one) is that id again; other values pass as they are. */
export function coercePointer(raw: unknown): unknown {
  if (typeof raw === 'string' && raw.length === 27 && raw.startsWith('^')) {
    try {
      return keyFromString(raw);
    } catch {
      return fail('a pointer (^ and 26 base32 digits)', raw);
    }
  }
  return raw;
}

function coerceBytes(raw: unknown): unknown {
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw === 'string') return new Uint8Array(Buffer.from(raw, 'base64'));
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'number')) return Uint8Array.from(raw);
  return fail('bytes (base64 text)', raw);
}

/** The function that coerces a raw value (JSON value or CSV text) to a cell of `dtype`, throwing `CoercionError`. */
export function coercerOf(dtype: DType): Coercer {
  switch (dtype.name) {
    case 'INT':
      return coerceInt;
    case 'FLOAT':
      return coerceFloat;
    case 'BOOL':
      return coerceBool;
    case 'STR':
      return coerceStr;
    case 'JSON':
      return coerceJson;
    case 'DATE_TIME_NAIVE':
      return coerceDateTimeNaive;
    case 'DATE_TIME_UTC':
      return coerceDateTimeUtc;
    case 'DURATION':
      return coerceDuration;
    case 'BYTES':
      return coerceBytes;
    case 'POINTER':
      return coercePointer;
    case 'List':
    case 'Tuple': {
      const inner = dtype.inner.map((d) => coercerOf(d));
      return (raw) => {
        const arr = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
        if (!Array.isArray(arr)) return fail(`a list`, raw);
        return arr.map((x, i) => {
          const c = inner.length === 1 ? inner[0]! : inner[i];
          return c ? c(x) : x;
        });
      };
    }
    default:
      return (raw) => raw;
  }
}

/** Words that are None in an optional column, besides blank text (see `RecordParser.nullText`). */
const NULL_WORDS = new Set(['null', 'none']);

/** How a parser treats a missing or empty field. */
export interface RecordParserOptions {
  /**
   * Text fields (CSV) as Pathway's `parse_with_type` reads them (default true): an empty field takes the column
   * default, else is None in an optional column and an error elsewhere; `null` / `none` (any case, trimmed) are None
   * in an optional column. STR and ANY keep their text ('' stays ''), BYTES reads '' as empty bytes (as the writers
   * write b"") and `null` / `none` as base64, JSON reads exactly `null` as the JSON null. False: text is coerced as is.
   */
  emptyIsNull?: boolean;
  /**
   * Records are JSON documents (JSON lines): a string value of a JSON column is a JSON string, kept as it is, where
   * other sources (database text, CSV fields) hand JSON text that is parsed. Default false.
   */
  jsonDocuments?: boolean;
}

/**
 * Turns raw records into engine rows (values in schema column order), coercing each field to its dtype.
 * Missing fields take the column default, else None for optional columns; an explicit null is None in an optional
 * column (not the default, as Pathway's JSON parsing) and rejects the record elsewhere.
 */
export class RecordParser {
  /** Why the last `parse*` call returned undefined. */
  lastError = '';
  private readonly names: readonly string[];
  private readonly coercers: readonly Coercer[];
  private readonly optional: readonly boolean[];
  private readonly isBytes: readonly boolean[];
  private readonly isJson: readonly boolean[];
  /** STR and ANY: text is the value itself (an empty field is '', never the default). */
  private readonly keepsText: readonly boolean[];
  /** Optional columns where `nullText` may apply (not STR, ANY or BYTES, whose text is always a value). */
  private readonly textCanBeNull: readonly boolean[];
  private readonly defaults: readonly unknown[];
  private readonly hasDefault: readonly boolean[];
  private readonly emptyIsNull: boolean;
  private readonly jsonDocuments: boolean;
  /** Columns whose name is also an Object.prototype member (`constructor`, `toString`...). */
  private readonly inherited: readonly boolean[];

  /** Builds the parser of a schema. */
  constructor(
    readonly schema: Schema<any>,
    options: RecordParserOptions = {},
  ) {
    const cols = schema.columns;
    this.names = cols.map((c) => c.name);
    this.coercers = cols.map((c) => coercerOf(c.dtype.unoptional()));
    this.optional = cols.map((c) => c.dtype.isOptional || c.dtype.name === 'ANY');
    const base = cols.map((c) => c.dtype.unoptional().name);
    this.isBytes = base.map((n) => n === 'BYTES');
    this.isJson = base.map((n) => n === 'JSON');
    this.keepsText = base.map((n) => n === 'STR' || n === 'ANY');
    this.textCanBeNull = cols.map(
      (c, i) => c.dtype.isOptional && base[i] !== 'STR' && base[i] !== 'ANY' && base[i] !== 'BYTES',
    );
    this.defaults = cols.map((c) => c.defaultValue);
    this.hasDefault = cols.map((c) => c.hasDefault);
    this.emptyIsNull = options.emptyIsNull ?? true;
    this.jsonDocuments = options.jsonDocuments ?? false;
    this.inherited = this.names.map((n) => n in Object.prototype);
  }

  /** Column names in row order. */
  get columnNames(): readonly string[] {
    return this.names;
  }

  private cell(i: number, raw: unknown, fromText: boolean): unknown {
    if (raw === undefined) {
      if (this.hasDefault[i]) return this.defaults[i];
      if (this.optional[i]) return null;
      throw new CoercionError(`missing field "${this.names[i]}"`);
    }
    // An explicit null is None, even where the column has a default (Pathway's `values_by_names_from_json`).
    if (raw === null) {
      if (this.optional[i]) return null;
      throw new CoercionError(`field "${this.names[i]}" is null`);
    }
    if (fromText && this.emptyIsNull) {
      if (raw === '' && !this.keepsText[i]) {
        // Pathway's `parse_with_type`: an empty field takes the default, but in STR and ANY columns.
        if (this.hasDefault[i]) return this.defaults[i];
        // An empty BYTES field is empty bytes (base64 of nothing), as the writers write b"".
        if (!this.isBytes[i]) {
          if (this.optional[i]) return null;
          throw new CoercionError(`field "${this.names[i]}" is empty`);
        }
      } else if (this.textCanBeNull[i] && this.nullText(i, raw as string)) return null;
    }
    // In JSON documents a string in a JSON column is that JSON string, not JSON text to parse.
    if (!fromText && this.jsonDocuments && this.isJson[i] && typeof raw === 'string') return new Json(raw);
    try {
      return this.coercers[i]!(raw);
    } catch (e) {
      if (e instanceof CoercionError) throw new CoercionError(`field "${this.names[i]}": ${e.message}`);
      throw new CoercionError(`field "${this.names[i]}": ${(e as Error).message}`);
    }
  }

  /**
   * Whether non-empty text of optional column `i` is None (Pathway's `can_represent_null_value` in
   * `parse_str_with_type`): blank, or `null` / `none` in any case, trimmed; in a JSON column exactly `null` is the JSON
   * null.
   */
  private nullText(i: number, raw: string): boolean {
    if (this.isJson[i] && raw === 'null') return false;
    const t = raw.trim();
    // Most fields are values: only blank or four-letter text is worth lower-casing.
    return t.length === 0 || (t.length === 4 && NULL_WORDS.has(t.toLowerCase()));
  }

  /** Coerces one field of column `i` (throws `CoercionError` with the reason when it does not fit). */
  coerceField(i: number, raw: unknown): unknown {
    return this.cell(i, raw, typeof raw === 'string');
  }

  /** Parses an object (a JSON record); returns undefined (see `lastError`) when a field does not fit. */
  parseObject(record: unknown): unknown[] | undefined {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      this.lastError = `expected a JSON object, got ${Array.isArray(record) ? 'an array' : String(record)}`;
      return undefined;
    }
    const obj = record as Record<string, unknown>;
    const n = this.names.length;
    const row = new Array<unknown>(n);
    const inherited = this.inherited;
    try {
      for (let i = 0; i < n; i++) {
        const name = this.names[i]!;
        // Only the record's own fields: a column named like an Object.prototype member is not read from there.
        const raw = inherited[i] && !Object.hasOwn(obj, name) ? undefined : obj[name];
        row[i] = this.cell(i, raw, false);
      }
    } catch (e) {
      this.lastError = (e as Error).message;
      return undefined;
    }
    return row;
  }

  /**
   * Parses text fields (a CSV record); `index[i]` is the field position of column i (-1 when the file lacks it).
   * Returns undefined (see `lastError`) when a field does not fit.
   */
  parseFields(fields: readonly string[], index: readonly number[]): unknown[] | undefined {
    const n = this.names.length;
    const row = new Array<unknown>(n);
    try {
      for (let i = 0; i < n; i++) {
        const at = index[i]!;
        row[i] = this.cell(i, at < 0 ? undefined : fields[at], true);
      }
    } catch (e) {
      this.lastError = (e as Error).message;
      return undefined;
    }
    return row;
  }

  /** Parses a row of values already in column order (custom sources), checking and coercing each. */
  parseValues(values: readonly unknown[]): unknown[] | undefined {
    const n = this.names.length;
    const row = new Array<unknown>(n);
    try {
      for (let i = 0; i < n; i++) row[i] = this.cell(i, values[i], false);
    } catch (e) {
      this.lastError = (e as Error).message;
      return undefined;
    }
    return row;
  }
}
