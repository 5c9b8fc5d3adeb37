// Output formatting shared by writers: a cell to a JSON value (jsonlines, HTTP, message payloads) or to CSV text.
// Date-times and durations print as Pathway's writers print them; pointers print as `^...`; bytes as base64.

import type { DType } from '../table/dtype.js';
import { keyToString, type Key } from '../engine/key.js';
import { ErrorValue } from '../table/values/error-value.js';
import { Json } from '../table/values/json.js';

/** Converts a cell to a JSON-serializable value. */
export type ValueFormatter = (value: unknown) => unknown;

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return typeof v === 'bigint' ? Number(v) : v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof ErrorValue) return { error: v.message };
  if (Array.isArray(v)) return v.map(plain);
  const j = (v as { toJSON?: () => unknown }).toJSON;
  return typeof j === 'function' ? j.call(v) : v;
}

/** A FLOAT cell's text: an integral value keeps its `.0` (`1.0`, as Pathway writes floats), others as JavaScript prints. */
export function floatText(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

/**
 * The CSV formatter of a column's cells: as JSON's, but a JSON cell stays a `Json` (`csvField` writes its text), and a
 * FLOAT keeps its `.0`.
 */
export function csvFormatter(dtype: DType): ValueFormatter {
  const name = dtype.unoptional().name;
  if (name === 'JSON') return (v) => v;
  if (name === 'FLOAT') return (v) => (typeof v === 'number' && Number.isFinite(v) ? floatText(v) : v);
  return jsonFormatter(dtype);
}

/** The JSON formatter of a column's cells. */
export function jsonFormatter(dtype: DType): ValueFormatter {
  if (dtype.unoptional().name === 'POINTER') return (v) => (v === null ? null : keyToString(v as Key));
  return plain;
}

/** A CSV field: quoted when it holds a separator, a quote or a line break. */
export function csvField(value: unknown, separator = ','): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  // A JSON cell is its JSON text (a JSON string keeps its quotes), so a reader of JSON gets the same value back.
  else if (value instanceof Json) text = JSON.stringify(value.toJSON());
  else {
    const p = plain(value);
    text = typeof p === 'string' ? p : JSON.stringify(p);
  }
  if (text.includes(separator) || text.includes('"') || text.includes('\n') || text.includes('\r'))
    return `"${text.replaceAll('"', '""')}"`;
  return text;
}
