// Prints tables the way Pathway's `compute_and_print` / `compute_and_print_update_stream` do.

import { keyToString, type Key } from '../engine/key.js';
import type { RunOptions } from '../table/runtime.js';
import type { Table } from '../table/table.js';
import type { ColumnInfo } from '../table/columns.js';
import { ErrorValue } from '../table/values/error-value.js';
import { captureTables } from './capture.js';

/** Options of the printing helpers. */
export interface PrintOptions extends RunOptions {
  /** Print the id column (default true). */
  includeId?: boolean;
  /** Shorten ids to `^` + 8 characters + `...` (default true). */
  shortPointers?: boolean;
  /** Where to write (default: console.log). */
  print?: (text: string) => void;
}

/** Formats a value as Pathway prints it (None, True/False, floats with a decimal point, tuples, pointers). */
export function formatValue(v: unknown, column?: ColumnInfo, shortPointers = true): string {
  if (v === null || v === undefined) return 'None';
  if (v instanceof ErrorValue) return 'Error';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const isFloat = column?.dtype.unoptional().name === 'FLOAT';
    return isFloat && Number.isInteger(v) ? `${v}.0` : String(v);
  }
  if (typeof v === 'string') {
    if (column?.dtype.unoptional().name === 'POINTER' && v.length === 8) return formatKey(v, shortPointers);
    return v;
  }
  if (Array.isArray(v)) return `(${v.map((x) => formatValue(x, undefined, shortPointers)).join(', ')}${v.length === 1 ? ',' : ''})`;
  if (v instanceof Uint8Array) return `b'${Buffer.from(v).toString('latin1')}'`;
  return String(v);
}

function formatKey(k: Key, short: boolean): string {
  const s = keyToString(k);
  return short ? `${s.slice(0, 9)}...` : s;
}

function layout(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Renders final table contents as text. */
export async function renderTable(table: Table<any>, options: PrintOptions = {}): Promise<string> {
  const [c] = await captureTables([table], options);
  const includeId = options.includeId !== false;
  const short = options.shortPointers !== false;
  const entries: { key: Key; row: unknown[] }[] = [];
  for (const [key, g] of c!.final.entries) g.rows.forEach((row, i) => {
    for (let d = 0; d < g.diffs[i]!; d++) entries.push({ key, row });
  });
  entries.sort((a, b) => (keyToString(a.key) < keyToString(b.key) ? -1 : 1));
  const header = [...(includeId ? [''] : []), ...table.columnNames()];
  const rows = entries.map((e) => [
    ...(includeId ? [formatKey(e.key, short)] : []),
    ...e.row.map((v, i) => formatValue(v, table.columns[i], short)),
  ]);
  return layout(header, rows);
}

/** Renders the update stream of a table: each change with `__time__` and `__diff__`. */
export async function renderUpdateStream(table: Table<any>, options: PrintOptions = {}): Promise<string> {
  const [c] = await captureTables([table], options);
  const includeId = options.includeId !== false;
  const short = options.shortPointers !== false;
  const ups = c!.updates.slice().sort((a, b) => a.time - b.time || (keyToString(a.key) < keyToString(b.key) ? -1 : 1) || a.diff - b.diff);
  const header = [...(includeId ? [''] : []), ...table.columnNames(), '__time__', '__diff__'];
  const rows = ups.map((u) => [
    ...(includeId ? [formatKey(u.key, short)] : []),
    ...u.row.map((v, i) => formatValue(v, table.columns[i], short)),
    String(u.time),
    String(u.diff),
  ]);
  return layout(header, rows);
}

/** Runs a table and prints its final contents (Pathway's `compute_and_print`). */
export async function computeAndPrint(table: Table<any>, options: PrintOptions = {}): Promise<void> {
  (options.print ?? console.log)(await renderTable(table, options));
}

/** Runs a table and prints every change with its time and diff (Pathway's `compute_and_print_update_stream`). */
export async function computeAndPrintUpdateStream(table: Table<any>, options: PrintOptions = {}): Promise<void> {
  (options.print ?? console.log)(await renderUpdateStream(table, options));
}
