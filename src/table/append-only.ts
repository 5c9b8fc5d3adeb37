// The rules by which methods derive their tables' append-only properties from their inputs' (Pathway's column
// properties evaluators): a rowwise result's column only grows when everything it reads only grows, its ids included
// (a row of an input that may disappear takes the result's value with it); sources, `assertAppendOnly()` and
// `toStream()` only grow; everything else (the default) does not.

import { appendOnlyOf, recordAppendOnly, type AppendOnlyProps } from './append-only-props.js';
import { Expr } from './expression.js';
import { visitExpr } from './expression-tree.js';
import type { Schema } from './schema.js';
import { isDeferredRowSource } from './row-context.js';
import { Table } from './table.js';

/** A table, or anything with named columns rows are read from (a join result, a lookup's source). */
type ColumnsHolder = { readonly columns: readonly { readonly name: string }[] };

/** True when the column `name` of `table` only grows (`id`: its ids). */
export function columnAppendOnly(table: object, name: string): boolean {
  const p = appendOnlyOf(table);
  return name === 'id' ? p.id : p.columns.has(name);
}

/**
 * True when each of `tables` (a scope's slots) is a table whose ids and columns only grow, or a join whose pairs only
 * grow over two such sides: rows read from them are never retracted.
 */
export function neverRetracted(tables: readonly object[]): boolean {
  return tables.every((t) => {
    if (t instanceof Table) return wholeAppendOnly(t);
    const j = t as Partial<JoinLike>;
    return (
      j.leftTable instanceof Table &&
      j.rightTable instanceof Table &&
      columnAppendOnly(t, 'id') &&
      wholeAppendOnly(j.leftTable) &&
      wholeAppendOnly(j.rightTable)
    );
  });
}

/** True when the ids and every column of `table` only grow. */
export function wholeAppendOnly(table: ColumnsHolder): boolean {
  const p = appendOnlyOf(table);
  return p.id && table.columns.every((c) => p.columns.has(c.name));
}

/**
 * True when everything `e` reads only grows: each column it references (of `self` through `cw.this` or of another
 * table), each id, and for a plain lambda (which may read any cell) every column of `self`. A reference to anything
 * else (a join side, a lookup) counts as not append-only.
 */
export function exprAppendOnly(e: Expr, self: ColumnsHolder | undefined): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if (!ok) return;
    const n = x.node;
    if (n.kind === 'column' || n.kind === 'id') {
      const t = n.slot === 'this' ? self : n.slot instanceof Table ? n.slot : undefined;
      ok = t !== undefined && columnAppendOnly(t, n.kind === 'id' ? 'id' : n.name);
      // A lookup resolved in the table using it (`other.ix(cw.this.p).c.x`) also reads its pointer there.
      const pointer = isDeferredRowSource(t) ? (t as { pointer?: unknown }).pointer : undefined;
      if (ok && pointer instanceof Expr) ok = exprAppendOnly(pointer, self);
    } else if (n.kind === 'lambda') {
      ok = self !== undefined && wholeAppendOnly(self);
    }
  });
  return ok;
}

/** Records that every column and the ids of `table` only grow; returns the table. */
export function markAppendOnly<T extends Table<any>>(table: T): T {
  return recordAppendOnly(table, { id: true, columns: new Set(table.columns.map((c) => c.name)) });
}

/** Records the properties a schema declares for a source table over it (its columns' and its universe's). */
export function markFromSchema<T extends Table<any>>(table: T, schema: Schema<any>): T {
  const columns = new Set(schema.columns.filter((c) => c.appendOnly === true).map((c) => c.name));
  return recordAppendOnly(table, { id: schema.universeProperties.appendOnly, columns });
}

/**
 * Records the properties of a rowwise result (Pathway's `PreserveDependenciesPropsEvaluator`): its ids only grow when
 * `idGrows`; column `name` only grows when the ids do and `grows(name)` says so.
 */
export function markRowwise<T extends Table<any>>(
  table: T,
  idGrows: boolean,
  grows: (name: string) => boolean,
): T {
  const props: AppendOnlyProps = {
    id: idGrows,
    columns: new Set(idGrows ? table.columns.map((c) => c.name).filter(grows) : []),
  };
  return recordAppendOnly(table, props);
}

/**
 * Records the properties of `out`, a result with `input`'s columns whose rows are chosen (filtered, reindexed) by what
 * the expressions `extra` read and, unless `othersGrow`, by tables that may lose rows.
 */
export function markFiltered<T extends Table<any>>(
  out: T,
  input: Table<any>,
  extra: readonly Expr[],
  othersGrow = true,
): T {
  const idGrows = othersGrow && columnAppendOnly(input, 'id') && extra.every((e) => exprAppendOnly(e, input));
  return markRowwise(out, idGrows, (name) => columnAppendOnly(input, name));
}

/** Records for `out` the properties of `input` (the same rows, another name or universe). */
export function markSame<T extends Table<any>>(out: T, input: Table<any>): T {
  return recordAppendOnly(out, appendOnlyOf(input));
}

/** What a join's properties are derived from: its sides and kind (a `JoinResult`, without importing it). */
interface JoinLike extends ColumnsHolder {
  readonly leftTable: Table<any>;
  readonly rightTable: Table<any>;
  readonly mode: string;
}

/**
 * True when everything `e`, an expression over a join's rows, reads only grows: `cw.left` / `cw.right` references read
 * that side, `cw.this` the side having the name (both when both have it), a table the table itself.
 */
export function joinExprAppendOnly(e: Expr, join: JoinLike): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if (!ok) return;
    const n = x.node;
    if (n.kind === 'lambda') ok = wholeAppendOnly(join.leftTable) && wholeAppendOnly(join.rightTable);
    if (n.kind !== 'column' && n.kind !== 'id') return;
    const name = n.kind === 'id' ? 'id' : n.name;
    const { leftTable: l, rightTable: r } = join;
    if (n.slot === 'left' || n.slot === l) ok = columnAppendOnly(l, name);
    else if (n.slot === 'right' || n.slot === r) ok = columnAppendOnly(r, name);
    else if (n.slot === 'this') {
      const inL = name === 'id' || l.columns.some((c) => c.name === name);
      const inR = name === 'id' || r.columns.some((c) => c.name === name);
      ok = (inL || inR) && (!inL || columnAppendOnly(l, name)) && (!inR || columnAppendOnly(r, name));
    } else ok = n.slot instanceof Table && columnAppendOnly(n.slot, name);
  });
  return ok;
}

/**
 * Records a join's properties (Pathway's join rule): its pairs only grow for an inner join of sides whose ids and
 * condition cells only grow; a left, right or outer join's padded rows come and go, so nothing of it does.
 */
export function markJoin<T extends JoinLike>(join: T, conditions: readonly Expr[], base?: object): T {
  const baseGrows = base === undefined ? true : columnAppendOnly(base, 'id');
  const id =
    baseGrows &&
    join.mode === 'inner' &&
    columnAppendOnly(join.leftTable, 'id') &&
    columnAppendOnly(join.rightTable, 'id') &&
    conditions.every((c) => joinExprAppendOnly(c, join));
  return recordAppendOnly(join, { id, columns: new Set() });
}

/** Records the properties of a table selected from a join's rows: column `name` computed by `exprOf(name)`. */
export function markJoinSelect<T extends Table<any>>(
  out: T,
  join: JoinLike,
  exprOf: (name: string) => Expr,
): T {
  return markRowwise(out, columnAppendOnly(join, 'id'), (name) => joinExprAppendOnly(exprOf(name), join));
}

/** Records the properties of a join's rows flattened to a table (`JoinResult.flatten`: left, left id, right, right id). */
export function markJoinRows<T extends Table<any>>(flat: T, join: JoinLike): T {
  const nl = join.leftTable.columns.length;
  const nr = join.rightTable.columns.length;
  const grows = (i: number): boolean => {
    if (i < nl) return columnAppendOnly(join.leftTable, join.leftTable.columns[i]!.name);
    if (i === nl) return columnAppendOnly(join.leftTable, 'id');
    if (i <= nl + nr) return columnAppendOnly(join.rightTable, join.rightTable.columns[i - nl - 1]!.name);
    return i === nl + nr + 1 && columnAppendOnly(join.rightTable, 'id');
  };
  const id = columnAppendOnly(join, 'id');
  const columns = new Set(id ? flat.columns.filter((_, i) => grows(i)).map((c) => c.name) : []);
  return recordAppendOnly(flat, { id, columns });
}
