// Builds the tables of the testing kit from timed updates (checked beforehand by `resolveUpdates` in
// ../table/static-source.ts), giving tables with the same ids the same universe, as Pathway does.

import { keyFromValues, type Key } from '../engine/key.js';
import type { ColumnInfo } from '../table/columns.js';
import type { TimedUpdate } from '../table/plan.js';
import { staticTable } from '../table/static-source.js';
import { Table, type Row } from '../table/table.js';
import { markSame } from '../table/append-only.js';
import { Universe } from '../table/universe.js';
import { G } from '../table/graph.js';

// Tables whose (id, time, diff) multisets are equal share a universe, so `a.select(b.c.x)` works between two
// markdown tables with the same row labels (Pathway's static-table cache does the same).
const universes = new Map<Key, Universe>();
G.onClear(() => universes.clear());

/** A table replaying `updates`, sharing its universe with earlier test tables that have the same ids and times. */
export function testTable<TRow extends Row>(
  columns: readonly ColumnInfo[],
  updates: readonly TimedUpdate[],
  name?: string,
): Table<TRow> {
  const t = staticTable<TRow>(columns, updates, name);
  const ids: string[] = updates.map((u) => `${u.key}${u.time}:${u.diff}`).sort();
  const fingerprint = keyFromValues(ids);
  let universe = universes.get(fingerprint);
  if (universe === undefined) universes.set(fingerprint, (universe = new Universe()));
  return markSame(new Table<TRow>(t.columns, t.node, universe, name ?? t.name), t);
}
