// Tables written as markdown, like Pathway's `table_from_markdown`: optional row labels (ids), an `id` column,
// and `__time__` / `__diff__` columns for update streams.

import { keyFromValue, keyFromValues, keyWithIndex, type Key } from '../engine/key.js';
import { inferColumns, staticTable } from '../table/static-source.js';
import type { ColumnInfo } from '../table/columns.js';
import type { Schema } from '../table/schema.js';
import type { Table, Row } from '../table/table.js';
import type { TimedUpdate } from '../table/plan.js';

/** Options of `tableFromMarkdown`. */
export interface MarkdownOptions<TRow = Row> {
  /** Column types (and primary key); inferred from values when omitted. */
  schema?: Schema<TRow & Row>;
  /** Columns whose values make each row's id. */
  idFrom?: readonly string[];
  /** A name for debugging output. */
  name?: string;
}

/** Parses one markdown cell as Pathway does: ints, floats, True/False, None, quoted or bare strings. */
export function parseCell(text: string): unknown {
  const s = text.trim();
  if (s === 'None' || s === '') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(s) || /^[-+]?(inf|nan)$/i.test(s)) {
    if (/inf/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/nan/i.test(s)) return NaN;
    return Number(s);
  }
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

function splitRow(line: string): string[] {
  let l = line.trim();
  if (l.endsWith('|')) l = l.slice(0, -1);
  return l.split('|').map((c) => c.trim());
}

/** The parsed content of a markdown table. */
export interface ParsedMarkdown {
  readonly columns: string[];
  readonly rows: { label: string | undefined; values: Record<string, unknown>; time: number; diff: number }[];
}

/** Parses markdown text into columns and rows (special columns `__time__`, `__diff__` are taken out). */
export function parseMarkdown(text: string): ParsedMarkdown {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !/^\s*\|?[\s:|-]+\|?\s*$/.test(l.trim() === '' ? 'x' : l));
  if (lines.length === 0) throw new Error('tableFromMarkdown: the table is empty (it needs a header line)');
  const header = splitRow(lines[0]!);
  const labelled = header[0] === '';
  const names = labelled ? header.slice(1) : header;
  for (const n of names) if (n === '') throw new Error('tableFromMarkdown: a column has no name');
  const columns = names.filter((n) => n !== '__time__' && n !== '__diff__');
  const rows = lines.slice(1).map((line, li) => {
    const cells = splitRow(line);
    const label = labelled ? cells[0] : undefined;
    const vals = labelled ? cells.slice(1) : cells;
    if (vals.length !== names.length) {
      throw new Error(`tableFromMarkdown: row ${li + 1} has ${vals.length} cells but the header has ${names.length}: "${line.trim()}"`);
    }
    const values: Record<string, unknown> = {};
    let time = 0;
    let diff = 1;
    names.forEach((n, i) => {
      const v = parseCell(vals[i]!);
      if (n === '__time__') time = Number(v);
      else if (n === '__diff__') diff = Number(v);
      else values[n] = v;
    });
    return { label, values, time, diff };
  });
  return { columns, rows };
}

let markdownCounter = 0;

/**
 * A table from markdown:
 * ```
 * tableFromMarkdown(`
 *   pet | owner | __time__ | __diff__
 *   dog | Ana   | 2        | 1`)
 * ```
 * Ids: an `id` column or row labels (hashed like Pathway's `ref_scalar`), else `idFrom` / the schema's primary key,
 * else the row values for update streams (so a `__diff__ = -1` row retracts its equal insertion), else the position.
 */
export function tableFromMarkdown<TRow extends Row = Row>(text: string, options: MarkdownOptions<TRow> = {}): Table<TRow> {
  const parsed = parseMarkdown(text);
  const hasId = parsed.columns.includes('id');
  const columnNames = parsed.columns.filter((c) => c !== 'id');
  const seed = keyFromValue(`markdown-${++markdownCounter}`);
  const isStream = /__diff__/.test(text);
  const pk = options.idFrom ?? options.schema?.primaryKey ?? [];
  const cols: ColumnInfo[] = options.schema
    ? options.schema.columns.map((c) => ({ name: c.name, dtype: c.dtype }))
    : inferColumns(columnNames, parsed.rows.map((r) => r.values));
  const updates: TimedUpdate[] = parsed.rows.map((r, i) => {
    let key: Key;
    if (hasId) key = keyFromValue(r.values['id']);
    else if (r.label !== undefined && r.label !== '') key = keyFromValue(parseCell(r.label));
    else if (pk.length > 0) key = keyFromValues(pk.map((n) => r.values[n]));
    else if (isStream) key = keyFromValues(columnNames.map((n) => r.values[n]));
    else key = keyWithIndex(seed, i);
    const row = cols.map((c) => {
      const v = r.values[c.name];
      return v === undefined ? null : coerce(v, c);
    });
    return { time: r.time, key, row, diff: r.diff };
  });
  return staticTable<TRow>(cols, updates, options.name);
}

function coerce(v: unknown, c: ColumnInfo): unknown {
  const t = c.dtype.unoptional().name;
  if (t === 'STR' && typeof v !== 'string' && v !== null) return String(v);
  if (t === 'FLOAT' && typeof v === 'number') return v;
  return v;
}
