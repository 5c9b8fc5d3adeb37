// Shared helpers for the Table API's property tests: random keyed update streams turned into static tables,
// integration of captured output per epoch, and comparison with a from-scratch model at every epoch.

import fc from 'fast-check';
import { expect } from 'vitest';
import { keyFromValue, keyToString, type Key } from '../engine/key.js';
import { compareKeys } from './reducers/compare.js';
import type { ColumnInfo } from './columns.js';
import type { TimedUpdate } from './plan.js';
import { staticTable } from './static-source.js';
import type { Row, Table } from './table.js';
import type { Captured } from '../testing/capture.js';

/** One command of an epoch: upsert row `id` (insert, or replace its live row), or delete the `pick`-th live row. */
export type StreamOp<TRow> = { kind: 'put'; id: number; row: TRow } | { kind: 'del'; pick: number };

/** Random epochs of commands over a small id space (ids get reused after deletes, so rows come back). */
export function streamArb<TRow>(
  rowArb: fc.Arbitrary<TRow>,
  options: { ids?: number; maxEpochs?: number; maxOps?: number } = {},
): fc.Arbitrary<StreamOp<TRow>[][]> {
  const op: fc.Arbitrary<StreamOp<TRow>> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('put' as const), id: fc.nat(options.ids ?? 7), row: rowArb }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('del' as const), pick: fc.nat(1000) }) },
  );
  return fc.array(fc.array(op, { maxLength: options.maxOps ?? 5 }), {
    minLength: 1,
    maxLength: options.maxEpochs ?? 6,
  });
}

/** A present row of a model table: its id and its values by column name. */
export type ModelRow = Record<string, unknown> & { readonly id: Key };

/** A keyed update stream resolved from commands: the table's timed updates and its contents after each epoch. */
export interface ResolvedStream {
  /** Column layout of the table. */
  readonly columns: readonly ColumnInfo[];
  /** Updates to replay (epoch i happens at time `epochTime(i)`). */
  readonly updates: TimedUpdate[];
  /** Integrated contents at a time (the last epoch at or before it). */
  rowsAt(time: number): ModelRow[];
}

/** The time of epoch `i` (even times, as Pathway's tests use). */
export function epochTime(i: number): number {
  return 2 * (i + 1);
}

/**
 * Resolves commands against the live rows: a `put` of a live id retracts its old row first, a `del` retracts a
 * live row (ignored when none). Keys are `keyFromValue([prefix, id])`, so two streams never share ids.
 */
export function resolveStream<TRow extends Row>(
  columns: readonly ColumnInfo[],
  epochs: readonly (readonly StreamOp<TRow>[])[],
  prefix: string,
): ResolvedStream {
  const names = columns.map((c) => c.name);
  const live = new Map<number, TRow>();
  const updates: TimedUpdate[] = [];
  const snapshots: { time: number; rows: ModelRow[] }[] = [];
  const keyOf = (id: number): Key => keyFromValue([prefix, id]);
  const values = (row: TRow): unknown[] => names.map((n) => row[n] ?? null);
  epochs.forEach((ops, i) => {
    const time = epochTime(i);
    for (const op of ops) {
      if (op.kind === 'put') {
        const old = live.get(op.id);
        if (old !== undefined) updates.push({ time, key: keyOf(op.id), row: values(old), diff: -1 });
        live.set(op.id, op.row);
        updates.push({ time, key: keyOf(op.id), row: values(op.row), diff: 1 });
      } else if (live.size > 0) {
        const ids = [...live.keys()].sort((a, b) => a - b);
        const id = ids[op.pick % ids.length]!;
        updates.push({ time, key: keyOf(id), row: values(live.get(id)!), diff: -1 });
        live.delete(id);
      }
    }
    const rows = [...live].map(([id, row]) => {
      const r: Record<string, unknown> = { id: keyOf(id) };
      names.forEach((n, j) => (r[n] = values(row)[j]));
      return r as ModelRow;
    });
    snapshots.push({ time, rows });
  });
  return {
    columns,
    updates,
    rowsAt(time) {
      let found: ModelRow[] = [];
      for (const s of snapshots) if (s.time <= time) found = s.rows;
      return found;
    },
  };
}

/** A table replaying a resolved stream. */
export function streamTable<TRow extends Row>(stream: ResolvedStream, name?: string): Table<TRow> {
  return staticTable<TRow>(stream.columns, stream.updates, name);
}

/** Every time at which some stream has an update (the epochs the runtime steps), sorted. */
export function stepTimes(...streams: readonly ResolvedStream[]): number[] {
  const times = new Set<number>();
  for (const s of streams) for (const u of s.updates) times.add(u.time);
  return [...times].sort((a, b) => a - b);
}

function entryText(key: Key, row: readonly unknown[]): string {
  return `${keyToString(key)} ${JSON.stringify(row, (_k, v: unknown) => (typeof v === 'string' && v.length === 8 && /[^\x20-\x7e]/.test(v) ? keyToString(v) : v))}`;
}

/** Canonical multiset text of an integrated table: one line per unit of multiplicity, negative ones marked. */
export function canonicalRows(entries: Iterable<readonly [Key, readonly unknown[], number]>): string[] {
  const sums = new Map<string, number>();
  for (const [k, r, d] of entries) {
    const t = entryText(k, r);
    sums.set(t, (sums.get(t) ?? 0) + d);
  }
  const out: string[] = [];
  for (const [t, d] of sums) {
    if (d < 0) out.push(`NEGATIVE x${d}: ${t}`);
    for (let i = 0; i < d; i++) out.push(t);
  }
  return out.sort();
}

/**
 * Asserts that at every step time the captured output, integrated up to that time, equals `expected(time)`
 * (rows as value arrays in the table's column order, with their ids).
 */
export function expectEveryEpoch(
  captured: Captured,
  times: readonly number[],
  expected: (time: number) => readonly (readonly [Key, readonly unknown[]])[],
): void {
  for (const t of times) {
    const got = canonicalRows(
      captured.updates.filter((u) => u.time <= t).map((u) => [u.key, u.row, u.diff] as const),
    );
    const want = canonicalRows(expected(t).map(([k, r]) => [k, r, 1] as const));
    expect(got, `${captured.table.name} at time ${t}`).toEqual(want);
  }
  const late = captured.updates.filter((u) => !times.includes(u.time));
  expect(late, 'output updates at times with no input').toEqual([]);
}

/** Groups model rows by a derived value (compared with `JSON.stringify`, fine for small test domains). */
export function groupRows<T>(
  rows: readonly T[],
  by: (row: T) => readonly unknown[],
): Map<string, { values: readonly unknown[]; rows: T[] }> {
  const out = new Map<string, { values: readonly unknown[]; rows: T[] }>();
  for (const r of rows) {
    const values = by(r);
    const k = JSON.stringify(values);
    let g = out.get(k);
    if (g === undefined) out.set(k, (g = { values, rows: [] }));
    g.rows.push(r);
  }
  return out;
}

/** Rows ordered by id as unsigned 128-bit numbers (the order of `tuple`, `any` and argmin/argmax ties). */
export function byId<T extends { readonly id: Key }>(rows: readonly T[]): T[] {
  return rows.slice().sort((a, b) => compareKeys(a.id, b.id));
}

/** Small value domains for the property tests. */
export const domains = {
  /** Group / join key values, None included. */
  smallKey: fc.constantFrom<string | null>('a', 'b', 'c', null),
  /** Small integers. */
  smallInt: fc.integer({ min: -3, max: 5 }),
} as const;

/** Fast-check settings of the Table API property tests (each run builds and runs a whole program). */
export const TABLE_RUNS = { numRuns: 60 } as const;
