// Tables written as markdown, like Pathway's `table_from_markdown`: optional row labels or an `id` column (ids),
// `__time__` / `__diff__` columns for update streams (a `__shard__` column is checked and dropped), values parsed
// per column, an optional schema.

import { keyFromString, keyFromValue, keyFromValues, type Key } from '../engine/key.js';
import type { ColumnInfo } from '../table/columns.js';
import type { Schema } from '../table/schema.js';
import type { Row, Table } from '../table/table.js';
import { CellTypeError, cellKind, cellToDtype, inferDtype, parseCell } from './markdown-cells.js';
import { checkTimeAndDiff, resolveUpdates, type PendingUpdate } from '../table/static-source.js';
import { testTable } from './test-table.js';

export { parseCell } from './markdown-cells.js';

/** Options of `tableFromMarkdown`. */
export interface MarkdownOptions<TRow = Row> {
  /** Column types and primary key; cells are converted to these types (dates, durations, JSON included). */
  schema?: Schema<TRow & Row>;
  /** Columns whose values make each row's id (like Pathway's `id_from`); overrides the schema's primary key. */
  idFrom?: readonly string[];
  /** A name for debugging output. */
  name?: string;
}

/** One data row of a markdown table, as text. */
export interface MarkdownRow {
  /** 1-based line number in the text. */
  readonly line: number;
  /** The line as written, trimmed. */
  readonly text: string;
  /** The row label or `id` cell, when the table has one. */
  readonly label: string | undefined;
  /** Cell texts by column name (`__time__`, `__diff__` and `__shard__` included). */
  readonly cells: Record<string, string>;
}

/** The parsed content of a markdown table. */
export interface ParsedMarkdown {
  /** Column names, without the label/`id` column and without `__time__` / `__diff__` / `__shard__`. */
  readonly columns: string[];
  /** True when the header has `__time__` or `__diff__`. */
  readonly isStream: boolean;
  /** True when rows carry labels (an empty first header cell or an `id` column). */
  readonly hasLabels: boolean;
  readonly rows: MarkdownRow[];
}

const SEPARATOR_RE = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$/;
// Pathway's PANDAS_PSEUDOCOLUMNS: read for times, diffs and (multi-worker) shards, never data columns.
const SPECIAL = new Set(['__time__', '__diff__', '__shard__']);
const STREAM = new Set(['__time__', '__diff__']);

function splitCells(line: string, gfm: boolean, keepTrailing = false): string[] {
  let l = line.trim();
  if (!l.includes('|')) return l.split(/\s+/);
  if (gfm && l.startsWith('|')) l = l.slice(1);
  if (l.endsWith('|') && (gfm || !keepTrailing)) l = l.slice(0, -1);
  return l.split('|').map((c) => c.trim());
}

/**
 * Fits a data row's cells to `n` columns: a trailing `|` either closes the row (`a | b |`) or ends an empty last
 * cell meaning None (`4 | x |` under three columns), as Pathway's markdown tables use both.
 */
function fitCells(cells: string[], n: number): string[] {
  if (cells.length === n + 1 && cells[cells.length - 1] === '') return cells.slice(0, -1);
  return cells;
}

/**
 * Parses markdown text into columns and text rows. Cells are separated by `|` (or by spaces when a line has no
 * `|`); separator lines (`---|---`) and blank lines are skipped. A header starting with an empty cell or holding an
 * `id` column gives row labels. GitHub-style tables with outer pipes (`| a | b |`) work too.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  const lines = text.split('\n').map((l, i) => ({ line: i + 1, text: l.trim() }));
  const content = lines.filter((l) => l.text !== '' && !SEPARATOR_RE.test(l.text));
  const headerLine = content[0];
  if (headerLine === undefined) {
    throw new Error(
      'tableFromMarkdown: the table is empty; write a header line with column names, e.g. "a | b"',
    );
  }
  // Outer pipes on every line mean a GitHub-style table, not an empty label column.
  const gfm = content.every((l) => l.text.startsWith('|') && l.text.endsWith('|') && l.text.length > 1);
  const header = splitCells(headerLine.text, gfm);
  const labelIndex = header.findIndex((h) => h === '' || h === 'id');
  header.forEach((h, i) => {
    if (h === '' && i !== labelIndex) {
      throw new Error(
        `tableFromMarkdown: the header (line ${headerLine.line}: "${headerLine.text}") has an empty column name at position ${i + 1}; name every column`,
      );
    }
    if (/^[-+]?\d+(\.\d*)?$/.test(h)) {
      throw new Error(
        `tableFromMarkdown: the header (line ${headerLine.line}: "${headerLine.text}") looks like data ("${h}"); the first line must name the columns`,
      );
    }
  });
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h))
      throw new Error(
        `tableFromMarkdown: column "${h}" appears twice in the header (line ${headerLine.line})`,
      );
    seen.add(h);
  }
  // Rows one cell longer than the header (and no label column named) carry their id in the first cell, as a
  // pandas index does in Pathway's examples: `  | pet` over `1 | dog` and also `pet` over `1 | dog`.
  const raw = content.slice(1).map((l) => splitCells(l.text, gfm, true));
  if (
    labelIndex < 0 &&
    raw.length > 0 &&
    raw.every((c) => fitCells(c, header.length).length === header.length + 1)
  ) {
    header.unshift('');
  }
  const labelAt = header.indexOf('') >= 0 ? header.indexOf('') : labelIndex;
  const rows: MarkdownRow[] = content.slice(1).map((l, li) => {
    const cells = fitCells(raw[li]!, header.length);
    if (cells.length !== header.length) {
      throw new Error(
        `tableFromMarkdown: line ${l.line} ("${l.text}") has ${cells.length} cells but the header has ${header.length} (${header.map((h) => (h === '' ? '<label>' : h)).join(', ')}); ` +
          'give every row one cell per column (write None for a missing value)',
      );
    }
    const byName: Record<string, string> = {};
    header.forEach((h, i) => {
      if (i !== labelAt) byName[h] = cells[i]!;
    });
    return {
      line: l.line,
      text: l.text,
      label: labelAt >= 0 ? cells[labelAt] : undefined,
      cells: byName,
    };
  });
  const names = header.filter((_, i) => i !== labelAt);
  return {
    columns: names.filter((n) => !SPECIAL.has(n)),
    isStream: names.some((n) => STREAM.has(n)),
    hasLabels: labelAt >= 0,
    rows,
  };
}

function labelKey(label: string): Key {
  const s = label.trim();
  if (/^\^[0-9A-Za-z]{26}$/.test(s)) return keyFromString(s);
  return keyFromValue(parseCell(s));
}

function where(r: MarkdownRow): string {
  return `line ${r.line} ("${r.text}")`;
}

function columnsOf(parsed: ParsedMarkdown, schema: Schema | undefined): ColumnInfo[] {
  if (schema === undefined) {
    return parsed.columns.map((name) => ({
      name,
      dtype: inferDtype(parsed.rows.map((r) => cellKind(r.cells[name]!))),
    }));
  }
  const extra = parsed.columns.filter((c) => !schema.names.includes(c));
  if (extra.length > 0) {
    throw new Error(
      `tableFromMarkdown: column(s) ${extra.join(', ')} are not in the schema (${schema.names.join(', ')}); add them to the schema or remove them from the table`,
    );
  }
  for (const c of schema.columns) {
    if (!parsed.columns.includes(c.name) && !c.hasDefault && !c.dtype.isOptional) {
      throw new Error(
        `tableFromMarkdown: the table has no column "${c.name}" and the schema gives it no default; add the column or a defaultValue`,
      );
    }
  }
  return schema.columns.map((c) => ({ name: c.name, dtype: c.dtype }));
}

function rowValues(
  parsed: ParsedMarkdown,
  r: MarkdownRow,
  columns: readonly ColumnInfo[],
  schema: Schema | undefined,
): unknown[] {
  return columns.map((c) => {
    const text = r.cells[c.name];
    if (text === undefined) {
      const sc = schema?.columns.find((x) => x.name === c.name);
      return sc?.hasDefault ? sc.defaultValue : null;
    }
    if (schema === undefined) {
      // Without a schema the column's inferred type decides: a STR column keeps "1" as a string.
      const t = c.dtype.unoptional().name;
      if (t === 'STR') return cellToDtype(text, c.dtype.optional());
      return parseCell(text);
    }
    try {
      return cellToDtype(text, c.dtype);
    } catch (e) {
      if (e instanceof CellTypeError)
        throw new Error(`tableFromMarkdown: ${where(r)}, column "${c.name}": ${e.message}`);
      throw e;
    }
  });
}

function specialValue(r: MarkdownRow, name: string, fallback: number): number {
  const text = r.cells[name];
  if (text === undefined) return fallback;
  const v = parseCell(text);
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new Error(`tableFromMarkdown: ${where(r)} has ${name} "${text}"; it must be an integer`);
  return v;
}

/**
 * A table from markdown:
 * ```
 * tableFromMarkdown(`
 *     | pet | owner | __time__ | __diff__
 *   1 | dog | Ana   | 2        | 1
 *   1 | dog | Ana   | 4        | -1`)
 * ```
 * Ids: `idFrom` / the schema's primary key (even when rows have labels, as Pathway), else row labels or an `id`
 * column (hashed like `t.pointerFrom(label)`, or `^...` pointers as printed), else the row's position
 * (`pointerFrom(0)`, `pointerFrom(1)`, ... as in Pathway, so two unlabelled tables of equal length have equal ids).
 * A `__diff__ -1` row without an id retracts the live row with equal values. Tables with the same ids share a
 * universe.
 */
export function tableFromMarkdown<TRow extends Row = Row>(
  text: string,
  options: MarkdownOptions<TRow> = {},
): Table<TRow> {
  return tableFromParsedMarkdown<TRow>(parseMarkdown(text), options);
}

/** A table from the output of `parseMarkdown` (for helpers that rewrite columns first, like `StreamGenerator`). */
export function tableFromParsedMarkdown<TRow extends Row = Row>(
  parsed: ParsedMarkdown,
  options: MarkdownOptions<TRow> = {},
): Table<TRow> {
  const schema = options.schema as Schema | undefined;
  const columns = columnsOf(parsed, schema);
  const names = columns.map((c) => c.name);
  const idFrom = options.idFrom ?? schema?.primaryKey ?? [];
  for (const n of idFrom) {
    if (!names.includes(n))
      throw new Error(
        `tableFromMarkdown: idFrom names column "${n}", which the table lacks; columns are: ${names.join(', ')}`,
      );
  }
  const idIdx = idFrom.map((n) => names.indexOf(n));
  const pending: PendingUpdate[] = parsed.rows.map((r, i) => {
    const row = rowValues(parsed, r, columns, schema);
    const time = specialValue(r, '__time__', 0);
    const diff = specialValue(r, '__diff__', 1);
    checkTimeAndDiff('tableFromMarkdown', where(r), time, diff);
    // A shard only places rows on workers in Pathway; one worker here, so it is checked and dropped.
    specialValue(r, '__shard__', 0);
    let key: Key | undefined;
    // idFrom (or the schema's primary key) wins over row labels, as in Pathway's ids_from_pandas.
    if (idIdx.length > 0) key = keyFromValues(idIdx.map((j) => row[j]));
    else if (r.label !== undefined && r.label !== '') key = labelKey(r.label);
    else if (diff === 1) key = keyFromValue(i);
    return { key, row, time, diff, where: where(r) };
  });
  if (parsed.hasLabels) {
    const unlabelled = parsed.rows.find((r) => r.label === '');
    if (unlabelled !== undefined && idIdx.length === 0) {
      throw new Error(
        `tableFromMarkdown: ${where(unlabelled)} has no label while other rows have; label every row or none`,
      );
    }
  }
  // Times without diffs describe an append-only stream of events (Pathway's update streams): an id may repeat.
  const first = parsed.rows[0]?.cells;
  const events = first !== undefined && '__time__' in first && !('__diff__' in first);
  return testTable<TRow>(columns, resolveUpdates('tableFromMarkdown', pending, events), options.name);
}
