// Builds the tables of the testing kit from timed updates: checks the stream is consistent (no double inserts,
// retractions match live rows) and gives tables with the same ids the same universe, as Pathway does.

import { keyFromValues, keyToString, type Key } from '../engine/key.js';
import type { ColumnInfo } from '../table/columns.js';
import type { TimedUpdate } from '../table/plan.js';
import { staticTable } from '../table/static-source.js';
import { Table, type Row } from '../table/table.js';
import { Universe } from '../table/universe.js';
import { G } from '../table/graph.js';

/** A row of a test table before its id is final: `key` undefined means "retract a live row with equal values". */
export interface PendingUpdate {
  readonly key: Key | undefined;
  readonly row: unknown[];
  readonly time: number;
  readonly diff: number;
  /** Where the row was written, for messages (`line 4 ("1 | 2")`, `record 3`). */
  readonly where: string;
}

// Tables whose (id, time, diff) multisets are equal share a universe, so `a.select(b.c.x)` works between two
// markdown tables with the same row labels (Pathway's static-table cache does the same).
const universes = new Map<Key, Universe>();
G.onClear(() => universes.clear());

/**
 * Checks the updates and resolves retractions without an id; returns the updates to replay.
 *
 * Algorithm: per time (ascending), apply retractions of rows already live, then insertions, then the remaining
 * retractions (of rows inserted at the same time), to a map of live rows.
 * Invariants: an insertion's id is not live; a retraction names a live id whose row is equal (or, without an id,
 * finds the most recent live row with equal values).
 */
export function resolveUpdates(context: string, updates: readonly PendingUpdate[]): TimedUpdate[] {
  const live = new Map<Key, { rowHash: Key; where: string }>();
  const byValue = new Map<Key, Key[]>();
  const times = [...new Set(updates.map((u) => u.time))].sort((a, b) => a - b);
  const out: TimedUpdate[] = [];
  const retract = (u: PendingUpdate, time: number, final: boolean): boolean => {
    const rowHash = keyFromValues(u.row);
    let key = u.key;
    if (key === undefined) {
      const candidates = byValue.get(rowHash);
      key = candidates?.[candidates.length - 1];
      if (key === undefined) {
        if (!final) return false;
        throw new Error(
          `${context}: ${u.where} retracts a row that is not present at time ${time}; insert it at an earlier time or fix its values`,
        );
      }
    } else {
      const entry = live.get(key);
      if (entry === undefined) {
        if (!final) return false;
        throw new Error(
          `${context}: ${u.where} retracts id ${keyToString(key)}, which is not present at time ${time}; insert it at an earlier time first`,
        );
      }
      if (entry.rowHash !== rowHash) {
        throw new Error(
          `${context}: ${u.where} retracts id ${keyToString(key)} with values that differ from its row (${entry.where}); a retraction repeats the row's values`,
        );
      }
    }
    live.delete(key);
    const list = byValue.get(rowHash)!;
    list.splice(list.lastIndexOf(key), 1);
    out.push({ time, key, row: u.row, diff: -1 });
    return true;
  };
  for (const time of times) {
    const batch = updates.filter((u) => u.time === time);
    // Retractions of rows live before this time go first (updates), then insertions, then retractions of rows
    // inserted at this same time.
    const deferred = batch.filter((u) => u.diff === -1 && !retract(u, time, false));
    for (const u of batch) {
      if (u.diff === -1) continue;
      const key = u.key!;
      const prev = live.get(key);
      if (prev !== undefined) {
        throw new Error(
          `${context}: ${u.where} inserts id ${keyToString(key)}, which is already present (${prev.where}); give rows distinct ids, or retract the old row first with __diff__ -1`,
        );
      }
      const rowHash = keyFromValues(u.row);
      live.set(key, { rowHash, where: u.where });
      let list = byValue.get(rowHash);
      if (list === undefined) byValue.set(rowHash, (list = []));
      list.push(key);
      out.push({ time, key, row: u.row, diff: 1 });
    }
    for (const u of deferred) retract(u, time, true);
  }
  return out;
}

/** Checks a time and diff of one row (times are non-negative integers, diffs 1 or -1, as in Pathway). */
export function checkTimeAndDiff(context: string, where: string, time: number, diff: number): void {
  if (!Number.isInteger(time) || time < 0) {
    throw new Error(`${context}: ${where} has __time__ ${time}; times must be non-negative integers`);
  }
  if (diff !== 1 && diff !== -1) {
    throw new Error(`${context}: ${where} has __diff__ ${diff}; use 1 (insert) or -1 (retract)`);
  }
}

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
  return new Table<TRow>(t.columns, t.node, universe, name ?? t.name);
}
