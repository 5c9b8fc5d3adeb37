// Runs tables and prints them the way Pathway's `compute_and_print` / `compute_and_print_update_stream` do.

import type { Key } from '../engine/key.js';
import type { RunOptions } from '../table/runtime.js';
import { ErrorValue } from '../table/values/error-value.js';
import { Table } from '../table/table.js';
import { captureTables, type Captured } from './capture.js';
import {
  formatKey,
  formatTable,
  formatValue,
  type FormatTableOptions,
  type PrintedRow,
} from './format-table.js';

/** Options of the printing helpers. */
export interface PrintOptions extends RunOptions, Omit<FormatTableOptions, 'stream' | 'keepOrder'> {
  /** Print final contents (true, `computeAndPrint`) or every change with its time and diff (false). */
  squashUpdates?: boolean;
  /** Where to write (default: console.log). */
  print?: (text: string) => void;
}

/**
 * The final rows of a captured table, one per id, as Pathway's `squash_updates`: an id held by several rows, or
 * by a row with a multiplicity other than 1, throws (naming `context` and the id); with `terminateOnError` false it
 * warns and the id gets one row of errors instead, as Pathway does.
 */
export function finalRows(c: Captured, context = 'computeAndPrint', terminateOnError = true): PrintedRow[] {
  const out: PrintedRow[] = [];
  for (const [key, g] of c.final.entries) {
    if (g.rows.length === 1 && g.diffs[0] === 1) {
      out.push({ key, row: g.rows[0]! });
      continue;
    }
    const msg = duplicateMessage(context, c, key, g.rows, g.diffs);
    if (terminateOnError) throw new Error(msg);
    console.warn(msg);
    out.push({ key, row: c.table.columns.map(() => new ErrorValue(msg)) });
  }
  return out;
}

function duplicateMessage(
  context: string,
  c: Captured,
  key: Key,
  rows: readonly (readonly unknown[])[],
  diffs: readonly number[],
): string {
  const columns = c.table.columns;
  const shown = rows.map((row, i) => {
    const values = row.map((v, j) => formatValue(v, columns[j]?.dtype)).join(', ');
    return `(${values})${diffs[i] === 1 ? '' : ` ×${diffs[i]}`}`;
  });
  const n = diffs.reduce((x, y) => x + y, 0);
  return (
    `${context}: duplicated entries for key ${formatKey(key, false)}: the table holds ${n} row(s) under this id, ` +
    `${shown.join(', ')}; ` +
    'every id must hold one row (check concat / withId / reindexing for colliding ids)'
  );
}

/**
 * Renders a captured table as text (final contents, or its update stream when `squashUpdates` is false). None
 * prints as `None` unless `noneAs` says otherwise (unlike Pathway's empty cell, so test expectations stay readable).
 */
export function renderCaptured(c: Captured, options: PrintOptions = {}): string {
  return render(c, { noneAs: 'None', ...options });
}

function render(c: Captured, options: PrintOptions, context = 'renderTable'): string {
  const stream = options.squashUpdates === false;
  const rows: PrintedRow[] = stream ? c.updates : finalRows(c, context, options.terminateOnError);
  return formatTable(c.table.columns, rows, { ...options, stream });
}

/** Runs a table and renders its final contents in Pathway's layout (None as `None`, see `renderCaptured`). */
export async function renderTable(table: Table<any>, options: PrintOptions = {}): Promise<string> {
  const [c] = await captureTables([table], options);
  return renderCaptured(c!, options);
}

/** Runs a table and renders its update stream: each change with `__time__` and `__diff__`. */
export async function renderUpdateStream(table: Table<any>, options: PrintOptions = {}): Promise<string> {
  return renderTable(table, { ...options, squashUpdates: false });
}

/**
 * Runs a table and prints its final contents (Pathway's `compute_and_print`):
 * ```
 *             | pet | age
 * ^X1MXHYY... | dog | 3
 * ```
 * Rows are sorted by their values, then ids; None prints as an empty cell when the id or several columns are shown.
 */
export async function computeAndPrint(
  ...args: [Table<any>, ...(Table<any> | PrintOptions)[]]
): Promise<void> {
  const { tables, options } = splitArgs(args);
  // Every table is computed in one run (as Pathway's compute_and_print(*tables)), then printed in order.
  const captured = await captureTables(tables, options);
  for (const c of captured) {
    const text = render(c, options, 'computeAndPrint');
    // Like Pathway, a table with no columns printed without ids prints nothing.
    if (text !== '') (options.print ?? console.log)(text);
  }
}

function splitArgs(args: readonly (Table<any> | PrintOptions)[]): {
  tables: Table<any>[];
  options: PrintOptions;
} {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && !(last instanceof Table);
  return {
    tables: (hasOptions ? args.slice(0, -1) : args) as Table<any>[],
    options: hasOptions ? last : {},
  };
}

/** Runs a table and prints every change with its time and diff (Pathway's `compute_and_print_update_stream`). */
export async function computeAndPrintUpdateStream(
  ...args: [Table<any>, ...(Table<any> | PrintOptions)[]]
): Promise<void> {
  const { tables, options } = splitArgs(args);
  await computeAndPrint(tables[0]!, ...tables.slice(1), { ...options, squashUpdates: false });
}
