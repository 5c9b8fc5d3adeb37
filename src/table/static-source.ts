// Tables from data known when the program is built: rows with optional times and diffs (tests, demos, batch jobs).

import { InputOperator } from '../engine/input-operator.js';
import { keyFromValue, keyFromValues, keyToString, type Key } from '../engine/key.js';
import { dtypeOfValue, unifyDtypes, NONE, type DType } from './dtype.js';
import type { ColumnInfo } from './columns.js';
import { planNode, type TimedUpdate } from './plan.js';
import type { Schema } from './schema.js';
import { Table, type Row } from './table.js';
import { markAppendOnly } from './append-only.js';
import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';

/** One row of a static table, with its optional time, diff and id. */
export interface StaticRow<TRow> {
  readonly row: TRow;
  readonly time?: number;
  readonly diff?: number;
  readonly id?: Key;
}

/** Builds a table that replays the given updates at their times when the program runs. */
export function staticTable<TRow extends Row>(
  columns: readonly ColumnInfo[],
  updates: readonly TimedUpdate[],
  name?: string,
): Table<TRow> {
  const site = userCallSite();
  const node = planNode('static-input', [], site, (ctx) => {
    const input = ctx.add(new InputOperator<unknown[]>(name ?? 'static-input'), node);
    ctx.addSource({ kind: 'static', input, updates });
    return input;
  });
  const table = new Table<TRow>(columns, node, undefined, name);
  // As Pathway's static sources: append-only when no update retracts anything.
  return updates.every((u) => u.diff > 0) ? markAppendOnly(table) : table;
}

/** A row of a test table before its id is final: `key` undefined means "retract a live row with equal values". */
export interface PendingUpdate {
  readonly key: Key | undefined;
  readonly row: unknown[];
  readonly time: number;
  readonly diff: number;
  /** Where the row was written, for messages (`line 4 ("1 | 2")`, `record 3`). */
  readonly where: string;
}

/**
 * Checks the updates and resolves retractions without an id; returns the updates to replay.
 *
 * Algorithm: per time (ascending), apply retractions of rows already live, then insertions, then the remaining
 * retractions (of rows inserted at the same time), to a map of live rows.
 * Invariants: an insertion's id is not live (unless the rows are `events`); a retraction names a live id whose row is
 * equal (or, without an id, finds the most recent live row with equal values).
 */
export function resolveUpdates(
  context: string,
  updates: readonly PendingUpdate[],
  /** The rows are events of an append-only stream (no diffs given): an id may be inserted again, as in Pathway. */
  events = false,
): TimedUpdate[] {
  const live = new Map<Key, { rowHash: Key; where: string }>();
  const byValue = new Map<Key, Key[]>();
  const byTime = new Map<number, PendingUpdate[]>();
  for (const u of updates) {
    const batch = byTime.get(u.time);
    if (batch === undefined) byTime.set(u.time, [u]);
    else batch.push(u);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
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
    const batch = byTime.get(time)!;
    // Retractions of rows live before this time go first (updates), then insertions, then retractions of rows
    // inserted at this same time.
    const deferred = batch.filter((u) => u.diff === -1 && !retract(u, time, false));
    for (const u of batch) {
      if (u.diff === -1) continue;
      const key = u.key!;
      const prev = live.get(key);
      if (prev !== undefined && !events) {
        throw new Error(
          `${context}: ${u.where} inserts id ${keyToString(key)}, which is already present (${prev.where}); give rows distinct ids, or retract the old row first (a diff -1 row)`,
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

/**
 * Checks a time and diff of one row (times are non-negative integers, diffs 1 or -1, as Pathway's
 * `_validate_dataframe`); `fields` names them in messages.
 */
export function checkTimeAndDiff(
  context: string,
  where: string,
  time: unknown,
  diff: unknown,
  fields: { time: string; diff: string } = { time: '__time__', diff: '__diff__' },
): void {
  if (typeof time !== 'number' || !Number.isInteger(time) || time < 0) {
    throw new Error(
      `${context}: ${where} has ${fields.time} ${String(time)}; times must be non-negative integers`,
    );
  }
  if (diff !== 1 && diff !== -1) {
    throw new Error(
      `${context}: ${where} has ${fields.diff} ${String(diff)}; use 1 (insert) or -1 (retract)`,
    );
  }
}

/** Options of `tableFromRows`. */
export interface TableFromRowsOptions<TRow> {
  /** Columns whose values make each row's id (overrides the schema's primary key). */
  idFrom?: readonly (keyof TRow & string)[];
  /** A name for debugging output. */
  name?: string;
}

/** Infers column dtypes from values (INT | FLOAT = FLOAT, with None = Optional). */
export function inferColumns(
  names: readonly string[],
  rows: readonly Record<string, unknown>[],
): ColumnInfo[] {
  return names.map((name) => {
    let d: DType | undefined;
    for (const r of rows) {
      const t = dtypeOfValue(r[name]);
      d = d === undefined ? t : unifyDtypes(d, t);
    }
    return { name, dtype: d ?? NONE };
  });
}

// tableFromRows reports bad input as a GraphBuildError, like its other checks.
function asBuildError<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw new GraphBuildError((err as Error).message);
  }
}

/**
 * A table from rows: `tableFromRows(Pet, [{ owner: 'Ana', age: 3 }])`, or with `{ row, time, diff }` entries for a
 * stream. Ids come from `id`, the schema's primary key (or `idFrom`), else the row's position (`pointerFrom(0)`, ...,
 * as `tableFromMarkdown` and Pathway's `table_from_rows`); a `diff: -1` row without one retracts the live row with
 * equal values. Times must be non-negative integers, diffs 1 or -1, retractions must match a live row and an id
 * may not be inserted twice (Pathway's `_validate_dataframe` and `squash_updates`).
 */
export function tableFromRows<TRow extends Row>(
  schema: Schema<TRow>,
  rows: readonly (TRow | StaticRow<TRow>)[],
  options: TableFromRowsOptions<TRow> = {},
): Table<TRow> {
  const context = 'tableFromRows';
  const names = schema.names;
  const pk = options.idFrom ?? schema.primaryKey;
  for (const n of pk) {
    if (!names.includes(n))
      throw new GraphBuildError(
        `${context}: idFrom names column "${n}", which the schema lacks; columns are: ${names.join(', ')}`,
      );
  }
  const pending: PendingUpdate[] = rows.map((entry, i) => {
    const isStatic =
      typeof entry === 'object' &&
      entry !== null &&
      'row' in entry &&
      typeof (entry as StaticRow<TRow>).row === 'object';
    const e: StaticRow<TRow> = isStatic ? (entry as StaticRow<TRow>) : { row: entry as TRow };
    const where = `row ${i}`;
    const values = names.map((n) => {
      const col = schema.columns.find((c) => c.name === n)!;
      const v = (e.row as Record<string, unknown>)[n];
      if (v === undefined) {
        if (col.hasDefault) return col.defaultValue;
        if (col.dtype.isOptional) return null;
        throw new GraphBuildError(
          `${context}: ${where} has no value for column "${n}" (and the schema gives no default)`,
        );
      }
      return v;
    });
    const time = e.time ?? 0;
    const diff = e.diff ?? 1;
    if (diff < 0 && schema.universeProperties.appendOnly) {
      throw new GraphBuildError(
        `${context}: ${where} retracts a row (diff ${diff}), but the schema declares the table append-only (appendOnly)`,
      );
    }
    asBuildError(() => checkTimeAndDiff(context, where, time, diff, { time: 'time', diff: 'diff' }));
    const key =
      e.id ??
      (pk.length > 0
        ? keyFromValues(pk.map((n) => values[names.indexOf(n)]))
        : diff === 1
          ? keyFromValue(i)
          : undefined);
    return { key, row: values, time, diff, where };
  });
  const updates = asBuildError(() => resolveUpdates(context, pending));
  // A schema declaring the table append-only admits no retraction (above), so the data's marking is the schema's too.
  return staticTable<TRow>(
    schema.columns.map((c) => ({ name: c.name, dtype: c.dtype })),
    updates,
    options.name,
  );
}
