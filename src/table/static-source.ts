// Tables from data known when the program is built: rows with optional times and diffs (tests, demos, batch jobs).

import { InputOperator } from '../engine/input-operator.js';
import { keyWithIndex, keyFromValue, keyFromValues, type Key } from '../engine/key.js';
import { dtypeOfValue, unifyDtypes, NONE, type DType } from './dtype.js';
import type { ColumnInfo } from './columns.js';
import { planNode, type TimedUpdate } from './plan.js';
import type { Schema } from './schema.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';

/** One row of a static table, with its optional time, diff and id. */
export interface StaticRow<TRow> {
  readonly row: TRow;
  readonly time?: number;
  readonly diff?: number;
  readonly id?: Key;
}

let sourceCounter = 0;

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
  return new Table<TRow>(columns, node, undefined, name);
}

/** Options of `tableFromRows`. */
export interface TableFromRowsOptions<TRow> {
  /** Columns whose values make each row's id (overrides the schema's primary key). */
  idFrom?: readonly (keyof TRow & string)[];
  /** A name for debugging output. */
  name?: string;
}

/** Infers column dtypes from values (INT ∪ FLOAT = FLOAT, with None = Optional). */
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

/**
 * A table from rows: `tableFromRows(Pet, [{ owner: 'Ana', age: 3 }])`, or with `{ row, time, diff }` entries for a
 * stream. Ids come from the schema's primary key (or `idFrom`), else from the row's position.
 */
export function tableFromRows<TRow extends Row>(
  schema: Schema<TRow>,
  rows: readonly (TRow | StaticRow<TRow>)[],
  options: TableFromRowsOptions<TRow> = {},
): Table<TRow> {
  const names = schema.names;
  const pk = options.idFrom ?? schema.primaryKey;
  const seed = keyFromValue(`rows-${++sourceCounter}`);
  const updates: TimedUpdate[] = rows.map((entry, i) => {
    const isStatic =
      typeof entry === 'object' &&
      entry !== null &&
      'row' in entry &&
      typeof (entry as StaticRow<TRow>).row === 'object';
    const e: StaticRow<TRow> = isStatic ? (entry as StaticRow<TRow>) : { row: entry as TRow };
    const values = names.map((n) => {
      const col = schema.columns.find((c) => c.name === n)!;
      const v = (e.row as Record<string, unknown>)[n];
      if (v === undefined) {
        if (col.hasDefault) return col.defaultValue;
        if (col.dtype.isOptional) return null;
        throw new GraphBuildError(
          `row ${i} has no value for column "${n}" (and the schema gives no default)`,
        );
      }
      return v;
    });
    const key =
      e.id ??
      (pk.length > 0 ? keyFromValues(pk.map((n) => values[names.indexOf(n)])) : keyWithIndex(seed, i));
    return { time: e.time ?? 0, key, row: values, diff: e.diff ?? 1 };
  });
  return staticTable<TRow>(
    schema.columns.map((c) => ({ name: c.name, dtype: c.dtype })),
    updates,
    options.name,
  );
}
