// `flatten(column)`: one row per element of an array, string (characters) or JSON-array cell; the other
// columns are repeated (Pathway's `flatten`). Ids are derived from (row id, position).

import { FlatMapOperator } from '../engine/linear-operators.js';
import { keyWithIndex, type Key } from '../engine/key.js';
import type { Batch } from '../engine/batch.js';
import { ANY, JSON as JSON_DTYPE, POINTER, STR, unifyDtypes, type DType } from './dtype.js';
import { ColumnRef } from './expression.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { columnAppendOnly, markRowwise } from './append-only.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { Json } from './values/json.js';
import { makeError, reportDropped, withoutReports } from './expressions/error-reporter.js';

/** Options of `flatten`. */
export interface FlattenOptions<TOrigin extends string = never> {
  /** Adds a column with this name holding the id of the row each element came from. */
  originId?: TOrigin;
}

/** The element type of a flattened cell. */
export type ElementOf<T> = T extends readonly (infer E)[] ? E : T extends string ? string : unknown;

/** The row type of `flatten(column, { originId })`. */
export type FlattenedRow<TRow, K extends keyof TRow, TOrigin extends string> = {
  -readonly [P in keyof TRow | TOrigin]: P extends K
    ? ElementOf<TRow[P]>
    : P extends keyof TRow
      ? TRow[P]
      : Key;
};

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * One row per element of `column` (array, string or JSON array), other columns repeated:
     * `t.flatten('pets', { originId: 'owner_id' })`. An empty array gives no row; a cell that cannot be
     * iterated is an error (the row is dropped and logged).
     */
    flatten<K extends keyof TRow & string, const TOrigin extends string = never>(
      column: K | ColumnRef<any, K>,
      options?: FlattenOptions<TOrigin>,
    ): Table<FlattenedRow<TRow, K, TOrigin>>;
  }
}

function elementDtype(d: DType): DType {
  const u = d.unoptional();
  if (u.name === 'List' && u.inner[0]) return u.inner[0];
  if (u.name === 'Tuple' && u.inner.length > 0) return u.inner.reduce((a, b) => unifyDtypes(a, b));
  if (u.name === 'STR') return STR;
  if (u.name === 'JSON') return JSON_DTYPE;
  return ANY;
}

/** Whether a column of `d` can be flattened (Pathway: List, Tuple, STR, JSON or ANY, not optional). */
function flattenable(d: DType): boolean {
  if (d.name === 'ANY') return true;
  if (d.isOptional) return false;
  return d.name === 'List' || d.name === 'Tuple' || d.name === 'STR' || d.name === 'JSON';
}

/** The elements of a cell, or an error value saying why it cannot be flattened. */
function elementsOf(v: unknown, site: string | undefined): readonly unknown[] | ErrorValue {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof Json) {
    if (Array.isArray(v.value)) return v.value.map((x) => Json.ofPlain(x));
    return makeError(`flatten(): the JSON value ${String(v)} is not an array`, site);
  }
  if (v instanceof ErrorValue) return v;
  return makeError(
    `flatten(): cannot iterate over ${v === null ? 'None' : typeof v} value ${String(v)}; flatten arrays, strings or JSON arrays`,
    site,
  );
}

Table.prototype.flatten = function (
  this: Table<any>,
  column: string | ColumnRef,
  options: FlattenOptions<string> = {},
): Table<any> {
  const site = userCallSite();
  if (typeof column !== 'string' && !(column instanceof ColumnRef)) {
    throw new GraphBuildError('flatten() needs the column to flatten, e.g. t.flatten(t.c.tags)', site);
  }
  const name = typeof column === 'string' ? column : column.name;
  const at = this.columnNames().indexOf(name);
  if (at < 0)
    throw new GraphBuildError(
      `flatten(): no column "${name}"; available columns: ${this.columnNames().join(', ')}`,
      site,
    );
  const dtype = this.columns[at]!.dtype;
  if (!flattenable(dtype)) {
    throw new GraphBuildError(
      `flatten(): cannot flatten column "${name}" of type ${dtype}; flatten lists, tuples, strings or JSON arrays` +
        (dtype.isOptional ? ` (filter out None first, e.g. .filter(cw.this.${name}.isNotNone()))` : ''),
      site,
    );
  }
  const origin = options.originId;
  if (origin !== undefined && this.columnNames().includes(origin)) {
    throw new GraphBuildError(`flatten(): originId "${origin}" is already a column; pick another name`, site);
  }
  const withOrigin = origin !== undefined;
  const node = planNode('flatten', [this.node], site, (ctx, ops) =>
    ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(
        ops[0]!,
        (key, row, diff, out: Batch<unknown[]>) => {
          const items =
            diff > 0 ? elementsOf(row[at], site) : withoutReports(() => elementsOf(row[at], site));
          if (items instanceof ErrorValue) {
            if (diff > 0) reportDropped(items, 'flatten dropped a row', site);
            return;
          }
          // The flattened column comes first, then the others in order (Pathway's column order).
          const width = row.length;
          for (let i = 0; i < items.length; i++) {
            const r = new Array<unknown>(width + (withOrigin ? 1 : 0));
            r[0] = items[i];
            for (let c = 0, o = 1; c < width; c++) if (c !== at) r[o++] = row[c];
            if (withOrigin) r[width] = key;
            out.push(keyWithIndex(key, i), r, diff);
          }
        },
        'flatten',
      ),
      node,
    ),
  );
  const flat = this.columns[at]!;
  const columns = [
    { name: flat.name, dtype: elementDtype(flat.dtype) },
    ...this.columns.filter((_, i) => i !== at),
  ];
  if (withOrigin) columns.push({ name: origin, dtype: POINTER });
  // Rows come from the flattened cell: the ids and every column only grow when it and the input's ids do.
  const idGrows = columnAppendOnly(this, 'id') && columnAppendOnly(this, name);
  return markRowwise(new Table(columns, node, new Universe()), idGrows, (n) =>
    n === origin ? true : columnAppendOnly(this, n),
  );
};
