// Table and stream assertions like Pathway's `assert_table_equality*` / `assert_stream_equality*`: run actual and
// expected tables in one program, compare them, and throw with a readable diff when they differ.

import { keyFromValues, type Key } from '../engine/key.js';
import type { RunOptions } from '../table/runtime.js';
import type { Table } from '../table/table.js';
import { captureTables, type Captured } from './capture.js';
import { finalRows } from './compute-and-print.js';
import { dtypesMatch } from './dtype-subclass.js';
import { compareKeys, compareRows, formatTable, type PrintedRow } from './format-table.js';

/** One table, or several compared pairwise (`[a, b]` against `[expectedA, expectedB]`). */
export type Tables = Table<any> | readonly Table<any>[];

/** Options of the assertions. */
export interface AssertOptions extends RunOptions {
  /** Compare column dtypes too (default true; the `WoTypes` variants set false). */
  checkTypes?: boolean;
  /** Show at most this many rows in a failure message (default 60); differing rows come first. */
  maxRows?: number;
}

/** What is compared: ids or not, final contents or the update stream. */
interface Mode {
  readonly name: string;
  readonly withIds: boolean;
  readonly stream: boolean;
}

interface Entry extends PrintedRow {
  mark: ' ' | '-' | '+';
}

function asList(t: Tables): readonly Table<any>[] {
  return Array.isArray(t) ? (t as readonly Table<any>[]) : [t as Table<any>];
}

function checkSchemas(mode: Mode, actual: Table<any>, expected: Table<any>, checkTypes: boolean): void {
  const an = actual.columns.map((c) => c.name);
  const en = expected.columns.map((c) => c.name);
  if (an.join('\u0000') !== en.join('\u0000')) {
    throw new Error(
      `${mode.name}: the column names differ: actual has [${an.join(', ')}], expected has [${en.join(', ')}]; select or rename columns so both match, in the same order`,
    );
  }
  if (!checkTypes) return;
  for (let i = 0; i < an.length; i++) {
    const a = actual.columns[i]!.dtype;
    const e = expected.columns[i]!.dtype;
    if (!dtypesMatch(a, e)) {
      throw new Error(
        `${mode.name}: column "${an[i]}" is ${a} in actual but ${e} in expected; ` +
          `each must be a subtype of the other, as in Pathway (INT, Optional(INT), NONE and ANY all differ); ` +
          `fix the types (e.g. write 2.0 for a FLOAT, give expected a schema) or use the WoTypes variant to compare values only`,
      );
    }
  }
}

// A multiset of entries keyed by what is compared (id?, time?, values), with summed diffs.
function tally(mode: Mode, rows: readonly PrintedRow[]): Map<Key, { row: PrintedRow; count: number }> {
  const out = new Map<Key, { row: PrintedRow; count: number }>();
  for (const r of rows) {
    const parts: unknown[] = [mode.withIds ? r.key : null, mode.stream ? (r.time ?? 0) : null, r.row];
    const h = keyFromValues(parts);
    const weight = mode.stream ? (r.diff ?? 1) : 1;
    const e = out.get(h);
    if (e === undefined) out.set(h, { row: r, count: weight });
    else e.count += weight;
  }
  return out;
}

// Final contents go through Pathway's squash_updates checks: an id held twice fails the assertion.
function rowsOf(mode: Mode, c: Captured, terminateOnError: boolean | undefined): PrintedRow[] {
  return mode.stream ? c.updates : finalRows(c, mode.name, terminateOnError);
}

function expand(row: PrintedRow, count: number, mark: Entry['mark'], stream: boolean): Entry[] {
  const out: Entry[] = [];
  if (stream) {
    // A consolidated stream entry: one line with the summed diff.
    if (count !== 0) out.push({ key: row.key, row: row.row, time: row.time, diff: count, mark });
    return out;
  }
  for (let i = 0; i < count; i++) out.push({ key: row.key, row: row.row, mark });
  return out;
}

function compareEntries(mode: Mode, a: Entry, b: Entry): number {
  return (
    (mode.stream ? (a.time ?? 0) - (b.time ?? 0) : 0) ||
    (mode.withIds ? compareKeys(a.key, b.key) : 0) ||
    // The expected and actual rows of one id sit together, expected first.
    (mode.withIds && !mode.stream ? markOrder(a) - markOrder(b) : 0) ||
    compareRows(a.row, b.row) ||
    (mode.stream ? (a.diff ?? 0) - (b.diff ?? 0) : 0) ||
    markOrder(a) - markOrder(b)
  );
}

function markOrder(e: Entry): number {
  return e.mark === ' ' ? 0 : e.mark === '-' ? 1 : 2;
}

/** Compares one captured pair; returns a failure message or undefined. */
function diffPair(
  mode: Mode,
  actual: Captured,
  expected: Captured,
  options: AssertOptions,
): string | undefined {
  const maxRows = options.maxRows ?? 60;
  const ta = tally(mode, rowsOf(mode, actual, options.terminateOnError));
  const te = tally(mode, rowsOf(mode, expected, options.terminateOnError));
  const entries: Entry[] = [];
  let missing = 0;
  let extra = 0;
  let equal = 0;
  for (const [h, e] of te) {
    const a = ta.get(h);
    const ac = a?.count ?? 0;
    if (mode.stream) {
      if (ac === e.count) entries.push(...expand(e.row, e.count, ' ', true));
      else {
        entries.push(...expand(e.row, e.count, '-', true), ...expand(e.row, ac, '+', true));
        if (e.count !== 0) missing++;
        if (ac !== 0) extra++;
      }
      continue;
    }
    const common = Math.min(ac, e.count);
    equal += common;
    missing += e.count - common;
    entries.push(...expand(e.row, common, ' ', false), ...expand(e.row, e.count - common, '-', false));
    if (ac > e.count) {
      extra += ac - e.count;
      entries.push(...expand(a!.row, ac - e.count, '+', false));
    }
  }
  for (const [h, a] of ta) {
    if (te.has(h) || a.count === 0) continue;
    extra += mode.stream ? 1 : a.count;
    entries.push(...expand(a.row, a.count, '+', mode.stream));
  }
  if (missing === 0 && extra === 0) return undefined;
  if (mode.stream) equal = entries.filter((e) => e.mark === ' ').length;
  entries.sort((x, y) => compareEntries(mode, x, y));
  // Differing rows always show; equal rows give context while the message stays short.
  const differing = entries.filter((e) => e.mark !== ' ').length;
  const contextBudget = Math.max(0, maxRows - differing);
  let shownEqual = 0;
  const shown = entries.filter((e) => e.mark !== ' ' || shownEqual++ < contextBudget);
  const hiddenEqual = equal - Math.min(equal, contextBudget);
  const text = formatTable(expected.table.columns, shown, {
    includeId: mode.withIds,
    stream: mode.stream,
    keepOrder: true,
    noneAs: 'None',
  }).split('\n');
  const body = text.map((line, i) => `  ${i === 0 ? ' ' : shown[i - 1]!.mark} ${line}`.trimEnd());
  const what = mode.stream ? 'update' : 'row';
  const plural = (n: number) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const head =
    `${mode.name}: the ${mode.stream ? 'update streams' : 'tables'} differ: ${plural(missing)} only in expected (-), ` +
    `${plural(extra)} only in actual (+), ${plural(equal)} equal${mode.withIds ? '' : ' (ids ignored)'}`;
  const tail =
    hiddenEqual > 0 ? [`  (${hiddenEqual} more equal ${what}${hiddenEqual === 1 ? '' : 's'} not shown)`] : [];
  return [head, ...body, ...tail].join('\n');
}

async function assertEquality(
  mode: Mode,
  actual: Tables,
  expected: Tables,
  options: AssertOptions,
): Promise<void> {
  const as = asList(actual);
  const es = asList(expected);
  if (as.length !== es.length) {
    throw new Error(
      `${mode.name}: ${as.length} actual table(s) but ${es.length} expected; pass one expected table per actual table`,
    );
  }
  for (let i = 0; i < as.length; i++) checkSchemas(mode, as[i]!, es[i]!, options.checkTypes !== false);
  const captured = await captureTables([...as, ...es], options);
  const failures: string[] = [];
  for (let i = 0; i < as.length; i++) {
    const msg = diffPair(mode, captured[i]!, captured[as.length + i]!, options);
    if (msg !== undefined) failures.push(as.length > 1 ? `table ${i + 1}: ${msg}` : msg);
  }
  if (failures.length > 0) throw new TableAssertionError(failures.join('\n\n'));
}

/** Thrown by the assertions; the message holds a diff of expected (-) and actual (+) rows. */
export class TableAssertionError extends Error {
  override name = 'TableAssertionError';
}

/**
 * Asserts both tables have the same rows under the same ids, and the same column names and types (Pathway's
 * `assert_table_equality`). Both are run in one program; expected is usually `tableFromMarkdown(...)`.
 */
export function assertTableEquality(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertTableEquality', withIds: true, stream: false },
    actual,
    expected,
    options,
  );
}

/** Like `assertTableEquality` but compares values only, not column types. */
export function assertTableEqualityWoTypes(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertTableEqualityWoTypes', withIds: true, stream: false },
    actual,
    expected,
    { ...options, checkTypes: false },
  );
}

/** Asserts both tables hold the same multiset of rows, ignoring ids (Pathway's `assert_table_equality_wo_index`). */
export function assertTableEqualityWoIndex(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertTableEqualityWoIndex', withIds: false, stream: false },
    actual,
    expected,
    options,
  );
}

/** Like `assertTableEqualityWoIndex` but compares values only, not column types. */
export function assertTableEqualityWoIndexTypes(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertTableEqualityWoIndexTypes', withIds: false, stream: false },
    actual,
    expected,
    { ...options, checkTypes: false },
  );
}

/**
 * Asserts both tables have the same update streams: per time, the same (id, row, diff) changes after
 * consolidation (Pathway's `assert_stream_equality`). Write expected with `__time__` and `__diff__` columns.
 */
export function assertStreamEquality(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertStreamEquality', withIds: true, stream: true },
    actual,
    expected,
    options,
  );
}

/** Like `assertStreamEquality` but ignores ids: per time, the same multiset of (row, diff) changes. */
export function assertStreamEqualityWoIndex(
  actual: Tables,
  expected: Tables,
  options: AssertOptions = {},
): Promise<void> {
  return assertEquality(
    { name: 'assertStreamEqualityWoIndex', withIds: false, stream: true },
    actual,
    expected,
    options,
  );
}
