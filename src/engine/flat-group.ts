// Flat arrangement groups: the rows under one index key as one array of entries `[key, diff, payload...]`.
//
// Two layouts, chosen per arrangement by `cells`: ROW_SLOT stores the row itself in one slot (stride 3); `cells` >= 0
// copies the row's cells into the group (stride 2 + cells), so a stored row is no object of its own: reading it
// touches only the group, and replacing it allocates nothing that outlives the step. An inline layout may also keep
// only some of each row's cells, a projection `proj` (ascending cell indices): payload cell `c` is `row[proj[c]]`.
// Entries of unit multiplicity may leave the diff out (`at` UNIT_AT, `[key, payload...]`: a keyed join side, where every
// row is there once); functions taking `at` (the payload's offset in an entry) read such groups.

import { sameKey, type Key } from './key.js';
import { cellsEqual, rowsEqual } from './row-equality.js';

/** One group: entries `[key, diff, payload...]` (or `[key, payload...]`, see UNIT_AT) with a fixed stride (see `strideOf`); diffs are never zero. */
export type FlatGroup = unknown[];

/** The `cells` of the layout that stores each row as one value (any row type). */
export const ROW_SLOT = -1;

/** Payload offset of entries with a diff: `[key, diff, payload...]`. */
export const DIFF_AT = 2;
/** Payload offset of entries of multiplicity 1 without a diff slot: `[key, payload...]`. */
export const UNIT_AT = 1;
/** A payload offset: DIFF_AT or UNIT_AT. */
export type PayloadAt = typeof DIFF_AT | typeof UNIT_AT;

/** Slots per entry of a layout (with the payload at `at`). */
export function strideOf(cells: number, at: PayloadAt = DIFF_AT): number {
  return (cells < 0 ? 1 : cells) + at;
}

/** The row of the entry at `j`: the stored row, or a fresh array of its inline cells. */
export function rowAt<TRow>(g: FlatGroup, j: number, cells: number, at: PayloadAt = DIFF_AT): TRow {
  return (cells < 0 ? g[j + at] : g.slice(j + at, j + at + cells)) as TRow;
}

/** The multiplicity of the entry at `j`. */
export function diffAt(g: FlatGroup, j: number, at: PayloadAt): number {
  return at === UNIT_AT ? 1 : (g[j + 1] as number);
}

/** True when `row` can be stored inline with `cells` cells (an array of exactly that length). */
export function fitsCells(row: unknown, cells: number): boolean {
  return cells < 0 || (Array.isArray(row) && row.length === cells);
}

/** The layout for a set of rows: their width when the first is an array and every row fits it, else ROW_SLOT. */
export function inlineWidth(rows: readonly unknown[]): number {
  const first = rows[0];
  if (!Array.isArray(first)) return ROW_SLOT;
  const cells = first.length;
  for (let i = 1; i < rows.length; i++) if (!fitsCells(rows[i], cells)) return ROW_SLOT;
  return cells;
}

/** The cells a projected layout keeps: ascending indices of a row's cells (see the header). */
export type Projection = readonly number[];

/** True when the entry at `j` holds a row equal to `row` (see `rowsEqual`), or to its cells `proj` when given. */
function payloadEquals(
  g: FlatGroup,
  j: number,
  row: unknown,
  cells: number,
  proj: Projection | undefined,
  at: PayloadAt,
): boolean {
  const p = j + at;
  if (cells < 0) return rowsEqual(g[p], row);
  const r = row as readonly unknown[];
  if (proj !== undefined) {
    for (let c = 0; c < cells; c++) {
      if (!cellsEqual(g[p + c], r[proj[c]!])) return false;
    }
    return true;
  }
  for (let c = 0; c < cells; c++) {
    if (!cellsEqual(g[p + c], r[c])) return false;
  }
  return true;
}

/** Writes `row` (its cells `proj` when given) as the payload of the entry at `j` (payload at `at`). */
export function setPayload(
  g: FlatGroup,
  j: number,
  row: unknown,
  cells: number,
  proj?: Projection,
  at: PayloadAt = DIFF_AT,
): void {
  const p = j + at;
  if (cells < 0) {
    g[p] = row;
    return;
  }
  const r = row as readonly unknown[];
  if (proj !== undefined) for (let c = 0; c < cells; c++) g[p + c] = r[proj[c]!];
  else for (let c = 0; c < cells; c++) g[p + c] = r[c];
}

/** A group of one entry. */
export function newGroup(key: Key, row: unknown, diff: number, cells: number): FlatGroup {
  if (cells < 0) return [key, diff, row];
  const g: FlatGroup = new Array<unknown>(2 + cells);
  g[0] = key;
  g[1] = diff;
  setPayload(g, 0, row, cells);
  return g;
}

/**
 * Index of the entry with `key` and a row equal to `row` (in the cells `proj`, when the layout keeps those) among the
 * entries from slot `from` to `to`, or -1.
 */
export function findEntry(
  g: FlatGroup,
  key: Key,
  row: unknown,
  cells: number,
  from = 0,
  to = g.length,
  proj?: Projection,
  at: PayloadAt = DIFF_AT,
): number {
  const s = strideOf(cells, at);
  // The row first: for a key compared with other entries' keys that would read their strings (see `sameKey`).
  for (let j = from; j < to; j += s)
    if (payloadEquals(g, j, row, cells, proj, at) && sameKey(g[j] as Key, key)) return j;
  return -1;
}

/**
 * Applies an update pair of one key, updates `i` and `i + 1` of a delta (a retraction and an insertion, in either
 * order), to the entries of `g` from slot `from` to `to` (layout `cells`, projection `proj`) as one in-place row
 * replacement, when the retracted row is the key's entry and cancels it exactly. Returns false (nothing changed)
 * otherwise. For keyed rows, where the key has no other entry: the inserted row needs no search, and the group keeps
 * its array and length (no shrink and regrow).
 */
export function replacePair(
  g: FlatGroup,
  keys: readonly Key[],
  rows: readonly unknown[],
  diffs: readonly number[],
  i: number,
  cells: number,
  from: number,
  to: number,
  proj?: Projection,
  at: PayloadAt = DIFF_AT,
): boolean {
  const d0 = diffs[i]!;
  const d1 = diffs[i + 1]!;
  let out: number;
  let ins: number;
  if (d0 < 0 && d1 > 0) {
    out = i;
    ins = i + 1;
  } else if (d0 > 0 && d1 < 0) {
    out = i + 1;
    ins = i;
  } else {
    return false;
  }
  const j = findEntry(g, keys[i]!, rows[out], cells, from, to, proj, at);
  if (j < 0 || diffAt(g, j, at) + diffs[out]! !== 0) return false;
  // A unit entry takes only an insertion of one copy.
  if (at === UNIT_AT) {
    if (diffs[ins] !== 1) return false;
  } else {
    g[j + 1] = diffs[ins];
  }
  setPayload(g, j, rows[ins], cells, proj, at);
  return true;
}

/** Removes the entry at `j` (the last entry takes its place). */
export function removeEntry(g: FlatGroup, j: number, cells: number): void {
  const s = strideOf(cells);
  const last = g.length - s;
  if (j !== last) for (let c = 0; c < s; c++) g[j + c] = g[last + c];
  g.length = last;
}

/**
 * Appends an entry; returns the group, or a new exactly sized array replacing it. Small groups are copied rather
 * than pushed to: a push grows a short array to about 20 slots, which for an index of mostly small groups (a table
 * joined on a nearly unique column) would several times its memory.
 */
export function appendEntry(g: FlatGroup, key: Key, row: unknown, diff: number, cells: number): FlatGroup {
  const s = strideOf(cells);
  const n = g.length;
  if (n >= 4 * s) {
    g.push(key, diff);
    if (cells < 0) g.push(row);
    else for (let c = 0; c < cells; c++) g.push((row as readonly unknown[])[c]);
    return g;
  }
  const grown: FlatGroup = new Array<unknown>(n + s);
  for (let i = 0; i < n; i++) grown[i] = g[i];
  grown[n] = key;
  grown[n + 1] = diff;
  setPayload(grown, n, row, cells);
  return grown;
}

/** `updateEntry` results besides a group's new length: the group became empty. */
export const EMPTIED = 0;
/** `updateEntry` result: the group has no entry with the update's key and row (nothing changed; the caller appends). */
export const ABSENT = -1;

/**
 * Adds `diff` to the entry of (key, row), removing it when its diff reaches zero. Returns EMPTIED when the group
 * became empty, ABSENT when it has no such entry (nothing changed), otherwise its new length.
 */
export function updateEntry(g: FlatGroup, key: Key, row: unknown, diff: number, cells: number): number {
  if (diff === 0) return g.length;
  const j = findEntry(g, key, row, cells);
  if (j < 0) return ABSENT;
  const d = (g[j + 1] as number) + diff;
  if (d !== 0) {
    g[j + 1] = d;
    return g.length;
  }
  removeEntry(g, j, cells);
  return g.length;
}

/** Applies one update to a row-slot group in place; returns false when the group became empty. */
export function applyToFlatGroup(g: FlatGroup, key: Key, row: unknown, diff: number): boolean {
  const r = updateEntry(g, key, row, diff, ROW_SLOT);
  if (r === ABSENT) g.push(key, diff, row);
  return r !== EMPTIED;
}

/** Rows with their keys and multiplicities as three parallel arrays (per-key state of distinct, unique-key, collections). */
export interface ArrangementGroup<TRow> {
  keys: Key[];
  rows: TRow[];
  diffs: number[];
}

/** A new flat group in layout `cells` holding the entries of three parallel arrays (none of them shared). */
export function flatGroupOf<TRow>(u: ArrangementGroup<TRow>, cells: number): FlatGroup {
  let g: FlatGroup = [];
  for (let i = 0; i < u.keys.length; i++) {
    const key = u.keys[i]!;
    g =
      i === 0
        ? newGroup(key, u.rows[i], u.diffs[i]!, cells)
        : appendEntry(g, key, u.rows[i], u.diffs[i]!, cells);
  }
  return g;
}

/** The entries of a flat group from slot `from` to `to` (default: all) as three parallel arrays. */
export function unflatten<TRow>(
  g: FlatGroup,
  cells: number,
  from = 0,
  to = g.length,
  at: PayloadAt = DIFF_AT,
): ArrangementGroup<TRow> {
  const out: ArrangementGroup<TRow> = { keys: [], rows: [], diffs: [] };
  const s = strideOf(cells, at);
  for (let j = from; j < to; j += s) {
    out.keys.push(g[j] as Key);
    out.rows.push(rowAt<TRow>(g, j, cells, at));
    out.diffs.push(diffAt(g, j, at));
  }
  return out;
}
