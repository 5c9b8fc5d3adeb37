// Column utilities (Pathway's `pw.utils.col`): unpacking a tuple or JSON column into columns, applying a function to
// every row of some columns at once, and the majority value of each group. Compositions of table methods: each is
// incremental as the methods it is made of.

import { ColumnRef, Expr } from '../expression.js';
import { applyWithType, makeTuple, unwrap } from '../expression-builders.js';
import {
  ANY,
  BOOL,
  DATE_TIME_NAIVE,
  DATE_TIME_UTC,
  DURATION,
  FLOAT,
  INT,
  JSON,
  STR,
  type DType,
} from '../dtype.js';
import { GraphBuildError } from '../errors.js';
import { reducers } from '../reducer-exprs.js';
import type { Schema, SchemaRow } from '../schema.js';
import { Table, type Row } from '../table.js';
import { userCallSite } from '../call-site.js';
import type { Json } from '../values/json.js';
import type { Key } from '../../engine/key.js';

/** The table a column reference names (`t.c.x`); a `cw.this` reference names none and is refused. */
function tableOf(column: Expr<unknown>, fn: string): Table<any> {
  if (column instanceof ColumnRef && column.slot instanceof Table) return column.slot;
  throw new GraphBuildError(
    `utils.col.${fn}() takes a column of a table (t.c.x), not a computed value or a cw.this / cw.left reference`,
    userCallSite(),
  );
}

/** The one table every column of `columns` belongs to (at least one column; `tableOf` each). */
function tableOfAll(columns: readonly Expr<unknown>[], fn: string): Table<any> {
  if (columns.length === 0)
    throw new GraphBuildError(`utils.col.${fn}() needs at least one column`, userCallSite());
  const table = tableOf(columns[0]!, fn);
  if (columns.some((c) => tableOf(c, fn) !== table)) {
    throw new GraphBuildError(`utils.col.${fn}(): every column must be of one table`, userCallSite());
  }
  return table;
}

/**
 * A table of columns unpacked from the tuples (or lists) of `column`, one per name: element `i` goes to the `i`-th
 * name (Pathway's `unpack_col(column, *names)`). Given a schema instead, its columns are the names and its dtypes
 * their types (`unpack_col(column, schema=...)`). The rows keep the ids of `column`'s table.
 */
export function unpackCol<const N extends readonly string[]>(
  column: Expr<unknown>,
  ...names: N
): Table<{ [K in N[number]]: unknown }>;
export function unpackCol<S extends Schema<any>>(
  column: Expr<unknown>,
  options: { schema: S },
): Table<SchemaRow<S>>;
export function unpackCol(column: Expr<unknown>, ...args: unknown[]): Table<any> {
  const table = tableOf(column, 'unpackCol');
  const first = args[0];
  const schema =
    args.length === 1 && typeof first === 'object' && first !== null
      ? (first as { schema: Schema }).schema
      : undefined;
  const names = schema !== undefined ? schema.names : (args as string[]);
  if (names.length === 0 || (schema === undefined && args.some((a) => typeof a !== 'string'))) {
    throw new GraphBuildError(
      'utils.col.unpackCol() takes the names of the columns to make, or { schema }, and not both',
      userCallSite(),
    );
  }
  const picked = table.select(Object.fromEntries(names.map((n, i) => [n, column.at(i)])));
  if (schema === undefined) return picked;
  return picked.updateTypes(Object.fromEntries(schema.columns.map((c) => [c.name, c.dtype])));
}

/** The expression converting a JSON member to a column of dtype `dtype` (see `unpackColDict`). */
function fromJson(member: Expr<Json | null>, name: string, dtype: DType): Expr<unknown> {
  const optional = dtype.isOptional;
  const to = dtype.unoptional().name;
  // JSON null and a missing member are None in an optional column, else an error value ("cannot unwrap ...").
  const unwrapped = { unwrap: !optional };
  if (to === JSON.name || to === ANY.name) return optional ? member : unwrap(member);
  if (to === BOOL.name) return member.json.asBool(unwrapped);
  if (to === FLOAT.name) return member.json.asFloat(unwrapped);
  if (to === INT.name) return member.json.asInt(unwrapped);
  if (to === STR.name) return member.json.asStr(unwrapped);
  if (to === DATE_TIME_NAIVE.name) return member.json.asStr(unwrapped).dt.strptime('%Y-%m-%dT%H:%M:%S.%f');
  if (to === DATE_TIME_UTC.name) {
    return member.json.asStr(unwrapped).dt.strptime('%Y-%m-%dT%H:%M:%S.%f%z', { utc: true });
  }
  if (to === DURATION.name) return member.json.asInt(unwrapped).dt.toDuration('ns');
  throw new GraphBuildError(
    `utils.col.unpackColDict(): column "${name}" is ${String(dtype)}, and JSON converts to JSON, BOOL, FLOAT, INT, ` +
      'STR, DATE_TIME_NAIVE, DATE_TIME_UTC or DURATION (or their optionals)',
    userCallSite(),
  );
}

/**
 * A table of the members of the JSON objects in `column`, one column per column of `schema`, converted to its dtype
 * (Pathway's `unpack_col_dict`): a missing member or JSON null is None in an optional column and an error value
 * ("cannot unwrap if there is None value") in another; date-times are read from ISO strings, durations from
 * nanoseconds. The rows keep the ids of `column`'s table.
 */
export function unpackColDict<S extends Schema<any>>(column: Expr<unknown>, schema: S): Table<SchemaRow<S>> {
  const table = tableOf(column, 'unpackColDict');
  const json = column as Expr<Json>;
  const picked = table.select(
    Object.fromEntries(schema.columns.map((c) => [c.name, fromJson(json.json.get(c.name), c.name, c.dtype)])),
  );
  return picked.updateTypes(Object.fromEntries(schema.columns.map((c) => [c.name, c.dtype]))) as Table<any>;
}

/**
 * Applies `fn` to every row of the columns at once (Pathway's `multiapply_all_rows`): `fn` gets one array per column
 * (rows in id order) and returns one array per result column, each holding a value per row in that order. The result
 * has the rows' ids and the columns `names`. Meant for small tables: any change recomputes the whole.
 */
export function multiapplyAllRows<const N extends readonly string[]>(
  columns: readonly Expr<unknown>[],
  fn: (...columns: unknown[][]) => readonly (readonly unknown[])[],
  names: N,
): Table<{ [K in N[number]]: unknown }> {
  const table = tableOfAll(columns, 'multiapplyAllRows');
  const rows = table.select({ row: makeTuple(table.id, ...columns) });
  const all = rows.reduce({ rows: reducers.sortedTuple(rows.c.row) });
  const applied = all.select({
    out: applyWithType(
      (tuples: readonly (readonly unknown[])[]) => {
        const ids = tuples.map((t) => t[0]);
        const results = fn(...columns.map((_, c) => tuples.map((t) => t[c + 1])));
        if (results.length !== names.length) {
          throw new Error(
            `multiapplyAllRows: fn returned ${results.length} columns, expected ${names.length}`,
          );
        }
        return ids.map((id, i) => [id, ...results.map((r) => r[i])]);
      },
      ANY,
      all.c.rows,
    ),
  });
  const flat = applied.flatten(applied.c.out);
  const unpacked = unpackCol(flat.c.out, '__id', ...names) as Table<any>;
  return unpacked
    .withId(unpacked.c.__id as Expr<Key>)
    .without('__id')
    .withUniverseOf(table) as Table<any>;
}

/**
 * Applies `fn` to every row of the columns at once, for one result column (Pathway's `apply_all_rows`): `fn` gets one
 * array per column and returns an array with a value per row. The result has the rows' ids and the column `name`.
 */
export function applyAllRows<const N extends string>(
  columns: readonly Expr<unknown>[],
  fn: (...columns: unknown[][]) => readonly unknown[],
  name: N,
): Table<{ [K in N]: unknown }> {
  return multiapplyAllRows(columns, (...cols) => [fn(...cols)], [name]);
}

/**
 * The most frequent value of `value` in each group of `group` (Pathway's `groupby_reduce_majority`): a table with the
 * group's value and `majority`.
 */
export function groupbyReduceMajority<R extends Row>(
  group: Expr<unknown>,
  value: Expr<unknown>,
): Table<{ [k: string]: unknown; majority: unknown }> {
  const table = tableOfAll([group, value], 'groupbyReduceMajority') as Table<R>;
  const g = (group as ColumnRef).name;
  const v = (value as ColumnRef).name;
  const counts = (table as Table<any>)
    .groupBy(group as ColumnRef, value as ColumnRef)
    .reduce({ [g]: group, [v]: value, count: reducers.count() });
  const cg = (counts.c as Record<string, ColumnRef>)[g]!;
  return (counts as Table<any>).groupBy(cg).reduce({
    [g]: cg,
    majority: (counts.ix(reducers.argmax(counts.c.count)).c as Record<string, Expr>)[v]!,
  });
}
