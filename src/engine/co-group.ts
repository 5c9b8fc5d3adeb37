// Co-groups: the rows of both sides of a join under one index key, in one array.
//
// Layout: `[leftSlots, left entries…, right entries…]`. Each side's entries have the flat-group layout
// (`[key, diff, payload…]`, flat-group.ts) with that side's stride; slot 0 holds how many slots the left entries
// take, so the right entries start at `1 + leftSlots`. A co-group with no entries on either side is `[0]`.
// One array per index key instead of one per side and key: a join update reads one Map entry and one array. A side
// whose layout keeps a projection of each row's cells (flat-group.ts) is written and searched through it (`proj`).

import {
  findEntry,
  replacePair,
  setPayload,
  strideOf,
  unflatten,
  type ArrangementGroup,
  type Projection,
} from './flat-group.js';
import type { Key } from './key.js';

/** A co-group (see the header). */
export type CoGroup = unknown[];

/** A join side: 0 left, 1 right. */
export type Side = 0 | 1;

/** First slot of side `s`'s entries in `g`. */
export function sideStart(g: CoGroup, s: Side): number {
  return s === 0 ? 1 : 1 + (g[0] as number);
}

/** The slot after side `s`'s last entry in `g`. */
export function sideEnd(g: CoGroup, s: Side): number {
  return s === 0 ? 1 + (g[0] as number) : g.length;
}

/** A co-group with one entry, on side `s` (layout `cells`, projection `proj`). */
export function newCoGroup(
  s: Side,
  key: Key,
  row: unknown,
  diff: number,
  cells: number,
  proj?: Projection,
): CoGroup {
  const st = strideOf(cells);
  const g: CoGroup = new Array<unknown>(1 + st);
  g[0] = s === 0 ? st : 0;
  g[1] = key;
  g[2] = diff;
  setPayload(g, 1, row, cells, proj);
  return g;
}

/**
 * Adds `diff` of (key, row) to side `s` of `g` (layout `cells`, projection `proj`): to its entry when it has one (removed when its diff
 * reaches zero), else as a new entry at the end of the side. Returns the co-group: `g`, or a new array replacing it
 * when it grew. Small co-groups grow by copy into an exactly sized array (most index keys have few rows), larger ones
 * in place.
 */
export function applyToCoGroup(
  g: CoGroup,
  s: Side,
  key: Key,
  row: unknown,
  diff: number,
  cells: number,
  proj?: Projection,
): CoGroup {
  if (diff === 0) return g;
  const st = strideOf(cells);
  const end = sideEnd(g, s);
  const j = findEntry(g, key, row, cells, sideStart(g, s), end, proj);
  if (j >= 0) {
    const w = (g[j + 1] as number) + diff;
    if (w !== 0) g[j + 1] = w;
    else removeAt(g, s, j, st, end);
    return g;
  }
  const n = g.length;
  if (n >= 1 + 4 * st) {
    // In place: the slots after the side move up by one entry.
    g.length = n + st;
    for (let i = n - 1; i >= end; i--) g[i + st] = g[i];
    writeEntry(g, end, key, row, diff, cells, proj);
    if (s === 0) g[0] = (g[0] as number) + st;
    return g;
  }
  const grown: CoGroup = new Array<unknown>(n + st);
  for (let i = 0; i < end; i++) grown[i] = g[i];
  writeEntry(grown, end, key, row, diff, cells, proj);
  for (let i = end; i < n; i++) grown[i + st] = g[i];
  if (s === 0) grown[0] = (g[0] as number) + st;
  return grown;
}

/** Writes an entry at slot `j` (of `row`'s cells `proj`, when given). */
function writeEntry(
  g: CoGroup,
  j: number,
  key: Key,
  row: unknown,
  diff: number,
  cells: number,
  proj?: Projection,
): void {
  g[j] = key;
  g[j + 1] = diff;
  setPayload(g, j, row, cells, proj);
}

/** Removes the entry at `j` of side `s` (stride `st`, the side ending at `end`): its last entry takes its place. */
function removeAt(g: CoGroup, s: Side, j: number, st: number, end: number): void {
  const last = end - st;
  if (j !== last) for (let c = 0; c < st; c++) g[j + c] = g[last + c];
  const n = g.length;
  for (let i = end; i < n; i++) g[i - st] = g[i];
  g.length = n - st;
  if (s === 0) g[0] = (g[0] as number) - st;
}

/**
 * Applies an update pair of one key to side `s` of `g` as one in-place row replacement (see `replacePair`): a keyed
 * side's update of one row.
 */
export function replacePairInCoGroup(
  g: CoGroup,
  s: Side,
  keys: readonly Key[],
  rows: readonly unknown[],
  diffs: readonly number[],
  i: number,
  cells: number,
  proj?: Projection,
): boolean {
  return replacePair(g, keys, rows, diffs, i, cells, sideStart(g, s), sideEnd(g, s), proj);
}

/** Side `s` of `g` as three parallel arrays (snapshots, relayout); a projected side's rows hold the kept cells. */
export function sideOf<TRow>(g: CoGroup, s: Side, cells: number): ArrangementGroup<TRow> {
  return unflatten<TRow>(g, cells, sideStart(g, s), sideEnd(g, s));
}

/**
 * A co-group holding the entries of two sides given as parallel arrays, in layouts `lCells` and `rCells` (rows of a
 * projected side are written as they are: they hold the kept cells, as `sideOf` gives them).
 */
export function coGroupOf(
  left: ArrangementGroup<unknown>,
  lCells: number,
  right: ArrangementGroup<unknown>,
  rCells: number,
): CoGroup {
  const ls = strideOf(lCells);
  const rs = strideOf(rCells);
  const g: CoGroup = new Array<unknown>(1 + left.keys.length * ls + right.keys.length * rs);
  g[0] = left.keys.length * ls;
  let j = 1;
  for (let i = 0; i < left.keys.length; i++, j += ls)
    writeEntry(g, j, left.keys[i]!, left.rows[i], left.diffs[i]!, lCells);
  for (let i = 0; i < right.keys.length; i++, j += rs)
    writeEntry(g, j, right.keys[i]!, right.rows[i], right.diffs[i]!, rCells);
  return g;
}
