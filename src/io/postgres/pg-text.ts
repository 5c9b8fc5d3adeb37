// PostgreSQL's text output format to typed cells: one decoder per schema column, shared by COPY (snapshots, static
// reads) and logical replication (pgoutput sends text too). Connections run with TimeZone=UTC, DateStyle=ISO and
// IntervalStyle=iso_8601 (see connection.ts), so every value arrives in one spelling.

import type { DType } from '../../table/dtype.js';
import type { Schema } from '../../table/schema.js';
import { DateTimeNaive, DateTimeUtc } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { Json } from '../../table/values/json.js';
import { coercePointer } from '../record-parser.js';

/** Turns one non-null text value into a cell; throws an Error with the reason when it does not fit. */
export type ValueDecoder = (text: string) => unknown;

const INT_RE = /^[+-]?\d+$/;

function bad(what: string, text: string): never {
  const shown = JSON.stringify(text.length > 60 ? text.slice(0, 57) + '...' : text);
  throw new Error(`expected ${what}, got ${shown}`);
}

function decodeInt(t: string): unknown {
  if (!INT_RE.test(t)) {
    // numeric columns print integral values as "12" or "12.000".
    const n = Number(t);
    if (Number.isInteger(n)) return n;
    return bad('an integer', t);
  }
  return Number(t);
}

function decodeFloat(t: string): unknown {
  const n = Number(t);
  if (!Number.isNaN(n) || t === 'NaN') return n;
  return bad('a number', t);
}

function decodeBool(t: string): unknown {
  if (t === 't' || t === 'true') return true;
  if (t === 'f' || t === 'false') return false;
  return bad('a boolean (t/f)', t);
}

function decodeBytes(t: string): unknown {
  if (t.startsWith('\\x')) return new Uint8Array(Buffer.from(t.slice(2), 'hex'));
  // Escape format (bytea_output = escape): octal escapes and doubled backslashes.
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 92 && t[i + 1] === '\\') {
      out.push(92);
      i++;
    } else if (c === 92) {
      out.push(parseInt(t.slice(i + 1, i + 4), 8));
      i += 3;
    } else out.push(c);
  }
  return Uint8Array.from(out);
}

function decodeJson(t: string): unknown {
  return Json.parse(t);
}

function decodeNaive(t: string): unknown {
  return DateTimeNaive.parse(t);
}

function decodeUtc(t: string): unknown {
  return DateTimeUtc.parse(t);
}

const ISO_INTERVAL =
  /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)W)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 interval as PostgreSQL prints it (fields may carry their own sign); a month is 30 days, a year 365.25. */
export function parseInterval(t: string): Duration {
  const m = ISO_INTERVAL.exec(t);
  if (m === null) {
    // Another IntervalStyle ("1 day 02:03:04"): Duration's own parser.
    return Duration.parse(t);
  }
  const n = (g: string | undefined): number => (g === undefined ? 0 : Number(g));
  const days = n(m[1]) * 365.25 + n(m[2]) * 30 + n(m[3]) * 7 + n(m[4]);
  const ms = days * 86_400_000 + n(m[5]) * 3_600_000 + n(m[6]) * 60_000 + n(m[7]) * 1000;
  return Duration.fromMs(Math.round(ms * 1000) / 1000);
}

/**
 * A duration column's value: an integer (BIGINT/INTEGER column) is microseconds, as Pathway writes durations; anything
 * else is an interval.
 */
export function decodeDuration(t: string): Duration {
  return INT_RE.test(t) ? Duration.fromMicroseconds(Number(t)) : parseInterval(t);
}

function decodeAny(t: string): unknown {
  return t;
}

function decodeStr(t: string): unknown {
  return t;
}

/** Splits a one-dimensional array literal `{a,"b c",NULL}` into its elements (null for NULL). */
export function splitArray(t: string): (string | null)[] {
  if (t.length < 2 || t[0] !== '{' || t[t.length - 1] !== '}') bad('an array literal', t);
  const out: (string | null)[] = [];
  let i = 1;
  const end = t.length - 1;
  if (end === 1) return out;
  while (i <= end) {
    let value = '';
    let quoted = false;
    if (t[i] === '"') {
      quoted = true;
      i++;
      while (i < end && t[i] !== '"') {
        if (t[i] === '\\') i++;
        value += t[i++];
      }
      i++;
    } else {
      while (i < end && t[i] !== ',') value += t[i++];
    }
    out.push(!quoted && value === 'NULL' ? null : value);
    i++; // the comma (or the closing brace)
  }
  return out;
}

/** The decoder of a column of `dtype` (optional-ness is handled by the caller). */
export function decoderOf(dtype: DType): ValueDecoder {
  const d = dtype.unoptional();
  switch (d.name) {
    case 'INT':
      return decodeInt;
    case 'FLOAT':
      return decodeFloat;
    case 'BOOL':
      return decodeBool;
    case 'STR':
      return decodeStr;
    case 'BYTES':
      return decodeBytes;
    case 'JSON':
      return decodeJson;
    case 'DATE_TIME_NAIVE':
      return decodeNaive;
    case 'DATE_TIME_UTC':
      return decodeUtc;
    case 'DURATION':
      return decodeDuration;
    case 'POINTER':
      return coercePointer;
    case 'List':
    case 'Tuple': {
      const inner = d.inner.map((x) => decoderOf(x));
      return (t) => {
        // A json/jsonb array, or a PostgreSQL array literal.
        if (t.startsWith('[')) {
          const v = JSON.parse(t) as unknown[];
          return v.map((x, i) => {
            const dec = inner.length === 1 ? inner[0]! : inner[i];
            return dec && x !== null ? dec(typeof x === 'string' ? x : JSON.stringify(x)) : x;
          });
        }
        return splitArray(t).map((x, i) => {
          const dec = inner.length === 1 ? inner[0]! : inner[i];
          return x === null || dec === undefined ? x : dec(x);
        });
      };
    }
    default:
      return decodeAny;
  }
}

/**
 * Decodes rows of text values into cells of `schema`: null (SQL NULL) is allowed in optional columns only, and a
 * value that does not fit throws with `field "x": <reason>`.
 */
export class RowDecoder {
  private readonly decoders: ValueDecoder[];
  private readonly optional: boolean[];
  /** Column names in schema order. */
  readonly names: string[];

  /** Builds the decoders of `schema`'s columns. */
  constructor(schema: Schema<any>) {
    this.names = schema.columns.map((c) => c.name);
    this.decoders = schema.columns.map((c) => decoderOf(c.dtype));
    this.optional = schema.columns.map((c) => c.dtype.isOptional || c.dtype.name === 'ANY');
  }

  /** Decodes the value of column `i` (`null` for SQL NULL). */
  cell(i: number, text: string | null): unknown {
    if (text === null) {
      if (this.optional[i]) return null;
      throw new Error(`field "${this.names[i]}" is null`);
    }
    try {
      return this.decoders[i]!(text);
    } catch (e) {
      throw new Error(`field "${this.names[i]}": ${(e as Error).message}`);
    }
  }
}

/**
 * Incremental parser of COPY ... TO STDOUT text format: feed it chunks, it calls `onRow` with each complete row's
 * fields (null for \N, escapes undone). Invariant: `rest` holds the bytes of the unfinished last line.
 */
export class CopyTextParser {
  private rest = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** Creates a parser calling `onRow(fields)` per row. */
  constructor(private readonly onRow: (fields: (string | null)[]) => void) {}

  /** Parses a chunk of COPY output. */
  push(chunk: Uint8Array): void {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.onRow(splitCopyLine(text, start, nl));
      start = nl + 1;
    }
    this.rest = start === 0 ? text : text.slice(start);
  }

  /** Whether a partial line is left (the stream ended mid-row). */
  get pending(): boolean {
    return this.rest.length > 0;
  }
}

/** The fields of one COPY text line `text[start, end)`. */
function splitCopyLine(text: string, start: number, end: number): (string | null)[] {
  const fields: (string | null)[] = [];
  let s = start;
  for (;;) {
    let tab = text.indexOf('\t', s);
    if (tab === -1 || tab > end) tab = end;
    const raw = text.slice(s, tab);
    fields.push(raw === '\\N' ? null : raw.includes('\\') ? unescapeCopy(raw) : raw);
    if (tab === end) return fields;
    s = tab + 1;
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Undoes COPY text escapes: `\n`, `\t`, `\\`, octal `\123`, hex `\x41`. */
function unescapeCopy(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\' || i + 1 >= raw.length) {
      out += c;
      continue;
    }
    const n = raw[++i]!;
    const e = ESCAPES[n];
    if (e !== undefined) out += e;
    else if (n >= '0' && n <= '7') {
      let digits = n;
      while (digits.length < 3 && raw[i + 1]! >= '0' && raw[i + 1]! <= '7') digits += raw[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (n === 'x' && /[0-9a-fA-F]/.test(raw[i + 1] ?? '')) {
      let digits = raw[++i]!;
      if (/[0-9a-fA-F]/.test(raw[i + 1] ?? '')) digits += raw[++i];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += n;
  }
  return out;
}
