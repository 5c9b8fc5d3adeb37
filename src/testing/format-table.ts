// Text layout of tables as Pathway's `compute_and_print` prints them: values printed like Python's `str`, rows
// sorted by values then id, columns joined by ` | ` and padded (the last column is not), ids shortened.

import { keyToString, type Key } from '../engine/key.js';
import type { DType } from '../table/dtype.js';
import { len, repr, toString as pythonStr } from '../table/functions/str.js';
import { compareValues } from '../table/values/compare.js';
import { formatNumber } from '../table/values/json.js';

/** How values are printed. */
export interface FormatOptions {
  /** Shorten pointers to their first 8 characters and `...` (default true, as Pathway). */
  shortPointers?: boolean;
  /** Text of None cells (Pathway: empty when the id or several columns are printed, else `None`). */
  noneAs?: string;
}

/** Prints a key as Pathway prints a pointer: `^` and 26 base32 digits, or its first 8 characters and `...`. */
export function formatKey(key: Key, short = true): string {
  const s = keyToString(key);
  return short && s.length > 8 ? `${s.slice(0, 8)}...` : s;
}

/**
 * Formats a cell as Pathway prints it: `None`, `True`/`False`, floats as Python does (`2.0` in a FLOAT column,
 * `1e-05`, `inf`), tuples as `(1.0, 'a', Pointer("^..."))`, bytes as `b'..'`, pointers as `^...`, date-times,
 * durations and JSON by their own printing, errors as `Error`.
 */
export function formatValue(v: unknown, dtype?: DType, options: FormatOptions = {}): string {
  if (v === null || v === undefined) return options.noneAs ?? 'None';
  // A fully async UDF's column prints its values as its inner type does.
  if (dtype?.unoptional().name === 'Future') dtype = dtype.unoptional().inner[0];
  const name = dtype?.unoptional().name;
  if (typeof v === 'number') return formatFloat(v, name);
  if (typeof v === 'string' && name === 'POINTER' && v.length === 8)
    return formatKey(v, options.shortPointers !== false);
  if (Array.isArray(v)) return formatTuple(v, dtype);
  return pythonStr(v);
}

// JS numbers do not remember `2.0`; the dtype does.
function formatFloat(v: number, name: string | undefined): string {
  const s = formatNumber(v);
  return name === 'FLOAT' && Number.isFinite(v) && !/[.e]/.test(s) ? `${s}.0` : s;
}

// The dtype of element i of a List / Tuple dtype (undefined when unknown, e.g. ANY).
function elementDtype(dtype: DType | undefined, i: number): DType | undefined {
  const d = dtype?.unoptional();
  if (d?.name === 'List') return d.inner[0];
  if (d?.name === 'Tuple') return d.inner[i];
  return undefined;
}

// Python's str of a tuple: elements by their repr (`'a'`, `1.0`, `Pointer("^...")` with the full pointer).
function formatTuple(v: readonly unknown[], dtype: DType | undefined): string {
  const items = v.map((x, i) => reprElement(x, elementDtype(dtype, i)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

function reprElement(v: unknown, dtype: DType | undefined): string {
  if (v === null || v === undefined) return 'None';
  const name = dtype?.unoptional().name;
  if (typeof v === 'number') return formatFloat(v, name);
  if (typeof v === 'string') {
    return name === 'POINTER' && v.length === 8 ? `Pointer("${keyToString(v)}")` : repr(v);
  }
  if (Array.isArray(v)) return formatTuple(v, dtype);
  return pythonStr(v);
}

/** Compares two rows cell by cell in the value order (None first), as Pathway sorts printed rows. */
export function compareRows(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Compares keys in their printed order. */
export function compareKeys(a: Key, b: Key): number {
  const sa = keyToString(a);
  const sb = keyToString(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Lays out a header and rows of cell texts: ` | ` between cells, columns padded but the last (widths in code
 * points, as Python's `len`), lines trimmed.
 */
export function layoutLines(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => {
    let w = len(h);
    for (const r of rows) w = Math.max(w, len(r[i]!));
    return w;
  });
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - len(c))))
      .join(' | ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** One row to print: its id, values and (for update streams) time and diff. */
export interface PrintedRow {
  readonly key: Key;
  readonly row: readonly unknown[];
  readonly time?: number;
  readonly diff?: number;
}

/** Options of `formatTable`. */
export interface FormatTableOptions extends FormatOptions {
  /** Print the id column (default true). */
  includeId?: boolean;
  /** Print at most this many rows (after sorting), like Pathway's `n_rows`. */
  nRows?: number;
  /** Print `__time__` and `__diff__` columns (rows are then sorted by time and diff first). */
  stream?: boolean;
  /** Keep the given order instead of sorting. */
  keepOrder?: boolean;
}

/** Sorts rows as Pathway prints them: (time, diff,) values, id. */
export function sortPrintedRows<T extends PrintedRow>(rows: T[], stream = false): T[] {
  return rows.sort(
    (a, b) =>
      (stream ? (a.time ?? 0) - (b.time ?? 0) || (a.diff ?? 0) - (b.diff ?? 0) : 0) ||
      compareRows(a.row, b.row) ||
      compareKeys(a.key, b.key),
  );
}

/** Formats rows of a table with the given columns in Pathway's layout (no trailing newline). */
export function formatTable(
  columns: readonly { readonly name: string; readonly dtype?: DType }[],
  rows: readonly PrintedRow[],
  options: FormatTableOptions = {},
): string {
  const includeId = options.includeId !== false;
  const stream = options.stream === true;
  const names = [...columns.map((c) => c.name), ...(stream ? ['__time__', '__diff__'] : [])];
  if (names.length === 0 && !includeId) return '';
  const noneAs = options.noneAs ?? (includeId || names.length > 1 ? '' : 'None');
  const fmt: FormatOptions = { shortPointers: options.shortPointers, noneAs };
  const sorted = options.keepOrder ? rows.slice() : sortPrintedRows(rows.slice(), stream);
  const shown = options.nRows === undefined ? sorted : sorted.slice(0, Math.max(0, options.nRows));
  const header = includeId ? [names.length > 0 ? '' : 'id', ...names] : names;
  const lines = shown.map((r) => {
    const cells: string[] = [];
    if (includeId) cells.push(formatKey(r.key, options.shortPointers !== false));
    for (let i = 0; i < columns.length; i++) cells.push(formatValue(r.row[i], columns[i]!.dtype, fmt));
    if (stream) cells.push(String(r.time ?? 0), String(r.diff ?? 1));
    return cells;
  });
  return layoutLines(header, lines).join('\n');
}
