// Chained joins: `a.join(b, ...).join(c, ...)`, Pathway's join of a join result with another table.
//
// The earlier join's rows are flattened into a table (`JoinResult.flatten`, columns `__c0`, ...) and joined with the
// new table by the ordinary join. Every expression the chained join is given is rebound first (`JoinChain.prebind`):
// references to the earlier join's tables, `cw.left.x` (the earlier join's column `x`, as its `cw.this.x`) and
// `cw.this.x` for a name only the earlier join has become columns of the flattened rows; references to the new table,
// `cw.right.x` and `cw.this.x` for a name only the new table has stay as they are. Chains of any length nest: an
// earlier join that is itself chained rebinds its own references the same way. A join result on the right
// (`a.join(b.join(c, ...), ...)`, `rightChainJoin`) is the mirror image: its rows are flattened into the right side and
// `cw.right.x` reads its columns; two join results are not joined with each other.

import type { ColumnInfo } from './columns.js';
import { columnsProxy } from './columns.js';
import { ColumnRef, Expr, coalesce, columnRefLike, isRowIdRef } from './expression.js';
import { mapChildren } from './expression-tree.js';
import { ANY } from './dtype.js';
import { JoinResult, type JoinMode, type JoinOptions } from './join.js';
import { MODE_METHODS, joinArgs, withMethodMode } from './join-args.js';
import { joinTables } from './join-tables.js';
import { ColumnResolutionError } from './scope.js';
import type { Table } from './table.js';
import type { JoinArg, Nullable, Row } from './table-types.js';
import { GraphBuildError } from './errors.js';
import { userCallSite } from './call-site.js';

/** How a chained join sees the earlier join it reads (see the header); that join is its left side or its right side. */
export interface JoinChain {
  /** Rebinds a user's expression: the earlier join's references to columns of its flattened rows. */
  readonly prebind: (e: Expr) => Expr;
  /** The left side's columns by name when it is an earlier join (its `cw.this` names), for `cw.left` and `left`. */
  readonly leftColumns?: readonly ColumnInfo[];
  /** The right side's columns by name when it is an earlier join (`a.join(b.join(c))`), for `cw.right` and `right`. */
  readonly rightColumns?: readonly ColumnInfo[];
  /** A whole-columns pick (`cw.left`, or a table of the earlier join) as named references; undefined for others. */
  readonly wholePick: (whole: unknown) => [string, Expr][] | undefined;
  /** The tables of the left side (every table of the earlier join when it is the left side). */
  readonly tables: readonly object[];
  /** The tables of the right side when it is an earlier join. */
  readonly rightTables?: readonly object[];
}

declare module './join.js' {
  interface JoinResult<TLeft extends Row, TRight extends Row> {
    /**
     * Joins these joined rows with another table (Pathway's chained join): conditions and later expressions may use
     * the columns of every table joined so far, `cw.left.x` for a column of these rows and `cw.right.y` for the new
     * table's. Without conditions it is a cross join.
     */
    join<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TLeft & TRight, TOther>[]
    ): JoinResult<TLeft & TRight, TOther>;
    /** Inner chained join (same as `join`). */
    joinInner<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TLeft & TRight, TOther>[]
    ): JoinResult<TLeft & TRight, TOther>;
    /** Left chained join: joined rows without a match are kept with nulls for the new table. */
    joinLeft<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TLeft & TRight, TOther>[]
    ): JoinResult<TLeft & TRight, Nullable<TOther>>;
    /** Right chained join: rows of the new table without a match are kept with nulls for the joined rows. */
    joinRight<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TLeft & TRight, TOther>[]
    ): JoinResult<Nullable<TLeft & TRight>, TOther>;
    /** Outer chained join: unmatched rows of both are kept with nulls on the other side. */
    joinOuter<TOther extends Row>(
      other: Table<TOther>,
      ...args: JoinArg<TLeft & TRight, TOther>[]
    ): JoinResult<Nullable<TLeft & TRight>, Nullable<TOther>>;
  }
}

/** The columns a join's rows have by name (its `cw.this` names, first occurrence of a name kept), padding applied. */
export function namedColumns(j: JoinResult<any, any>): ColumnInfo[] {
  const all = j.columns;
  const nl = j.leftTable.columns.length;
  const nr = j.rightTable.columns.length;
  const leftPadded = j.mode === 'right' || j.mode === 'outer';
  const rightPadded = j.mode === 'left' || j.mode === 'outer';
  const pad = (cols: readonly ColumnInfo[], padded: boolean) =>
    cols.map((c) => (padded ? { ...c, dtype: c.dtype.optional() } : c));
  const left = j.chain?.leftColumns === undefined ? all.slice(0, nl) : pad(j.chain.leftColumns, leftPadded);
  const right =
    j.chain?.rightColumns === undefined
      ? all.slice(nl + 1, nl + 1 + nr)
      : pad(j.chain.rightColumns, rightPadded);
  const byName = new Map<string, ColumnInfo>();
  for (const c of [...left, ...right]) if (!byName.has(c.name)) byName.set(c.name, c);
  return [...byName.values()];
}

/** The tables whose columns a join's expressions may name: both sides, and for a chained join every earlier table. */
function tablesOf(j: JoinResult<any, any>): object[] {
  return [...(j.chain?.tables ?? [j.leftTable]), ...(j.chain?.rightTables ?? [j.rightTable])];
}

/** `e` with the slot of its column or id node replaced (a `cw.left` reference read as the earlier join's `cw.this`). */
function withSlot(e: Expr, slot: 'this' | 'right'): Expr {
  const n = e.node;
  if (n.kind === 'id') return new Expr({ kind: 'id', slot }, e.dtype, e.site);
  if (n.kind === 'column') return columnRefLike(n, slot, e.dtype);
  return e;
}

/**
 * The name `x` of a condition `x == x` comparing a column of the earlier join with the new table's column `x`
 * (`isNew` tells the new table's references).
 */
function sameNamedKey(c: Expr, isNew: (x: ColumnRef) => boolean): string[] {
  const n = c.node;
  if (n.kind !== 'binary' || n.op !== 'eq') return [];
  const l = n.left;
  const r = n.right;
  if (!(l instanceof ColumnRef) || !(r instanceof ColumnRef) || l.name !== r.name || l.name === 'id')
    return [];
  return isNew(l) !== isNew(r) ? [l.name] : [];
}

/** The error for a name both parts of a chained join have, not joined on `x == x`. */
function ambiguous(name: string, site: string | undefined): ColumnResolutionError {
  return new ColumnResolutionError(
    `column "${name}" is ambiguous here: both the joined rows and the table joined to them have it; use cw.left.${name} or cw.right.${name}${site ? ` (at ${site})` : ''}`,
  );
}

/**
 * Joins the rows of the join `earlier` with `table`, `earlier` being the left side (`a.join(b).join(c)`) or the right
 * one (`c.join(a.join(b))`): its rows are flattened into that side and every expression is rebound (see the header).
 */
function joinWithJoin(
  earlier: JoinResult<any, any>,
  table: Table<any>,
  earlierSide: 'left' | 'right',
  args: readonly unknown[],
  site: string | undefined,
): JoinResult<any, any> {
  const tableSide = earlierSide === 'left' ? 'right' : 'left';
  const earlierTables = tablesOf(earlier);
  if (earlierTables.includes(table)) {
    throw new GraphBuildError(
      'a table already joined cannot be joined again in the same chain directly; join a copy, e.g. t.copy()',
      site,
    );
  }
  const flat = earlier.flatten();
  const columns = namedColumns(earlier);
  const earlierNames = new Set(columns.map((c) => c.name));
  const tableNames = new Set(table.columnNames());
  const access = columnsProxy(earlierSide, columns);
  const resolved = args.map((a) => {
    if (typeof a !== 'function' || a instanceof Expr) return a;
    const f = a as (l: unknown, r: unknown) => unknown;
    return earlierSide === 'left' ? f(access, table.c) : f(table.c, access);
  });
  const { conditions, options } = joinArgs(resolved);
  const how: JoinMode = options.how ?? 'inner';
  // Names joined on `x == x`: `cw.this.x` is that key, as in a two-table join.
  const common = new Set(
    conditions.flatMap((c) => sameNamedKey(c, (x) => x.slot === tableSide || x.slot === table)),
  );
  const rebind = (x: Expr): Expr => earlier.rebindDeep(x, flat);
  const prebind = (e: Expr): Expr => {
    const map = (x: Expr): Expr => {
      const n = x.node;
      if (n.kind !== 'column' && n.kind !== 'id') return mapChildren(x, map);
      const slot = n.slot;
      if (slot === tableSide || slot === table) return x;
      if (slot === earlierSide) return rebind(withSlot(x, 'this'));
      if (slot === 'this') {
        // `cw.this.id` is the chained join's own row id; a name is looked up in both parts (the table's columns keep
        // their names: `cw.this.x` finds them, the flattened rows having none).
        if (isRowIdRef(n) || n.kind !== 'column') return x;
        const inEarlier = earlierNames.has(n.name);
        const inTable = tableNames.has(n.name);
        if (inEarlier && inTable && common.has(n.name)) {
          const [l, r] = earlierSide === 'left' ? [rebind(x), x] : [x, rebind(x)];
          return how === 'right' ? r : how === 'outer' ? coalesce(l, r) : l;
        }
        if (inEarlier && inTable) throw ambiguous(n.name, x.site);
        return inTable ? x : rebind(x);
      }
      if (typeof slot === 'object' && earlierTables.includes(slot)) return rebind(x);
      return x;
    };
    return map(e);
  };
  const wholePick = (whole: unknown): [string, Expr][] | undefined => {
    if (whole === earlierSide) {
      return columns.map((c) => [c.name, prebind(new ColumnRef(earlierSide, c.name, ANY, c.name === 'id'))]);
    }
    if (typeof whole !== 'object' || whole === null || !earlierTables.includes(whole)) return undefined;
    const t = whole as Table<any>;
    return t.columnNames().map((n) => [n, prebind(new ColumnRef(t, n, ANY, n === 'id'))]);
  };
  const bound: JoinOptions = { ...options };
  if (options.id instanceof Expr) bound.id = prebind(options.id) as JoinOptions['id'];
  // Instances read the earlier tables' columns like the conditions do.
  if (options.leftInstance instanceof Expr) bound.leftInstance = prebind(options.leftInstance);
  if (options.rightInstance instanceof Expr) bound.rightInstance = prebind(options.rightInstance);
  const bodies = conditions.map((c) => prebind(c) as Expr<boolean>);
  if (earlierSide === 'left') {
    return joinTables(flat, table, bodies, bound, site).withChain({
      prebind,
      leftColumns: columns,
      wholePick,
      tables: earlierTables,
    });
  }
  return joinTables(table, flat, bodies, bound, site).withChain({
    prebind,
    rightColumns: columns,
    wholePick,
    tables: [table],
    rightTables: earlierTables,
  });
}

/** Builds the chained join of `first` with `other` (see the header). */
export function chainJoin(
  first: JoinResult<any, any>,
  other: Table<any>,
  args: readonly unknown[],
  site: string | undefined,
): JoinResult<any, any> {
  if ((other as unknown) instanceof JoinResult) throw joinOfJoins(site);
  return joinWithJoin(first, other, 'left', args, site);
}

/** The error for a join result joined with another join result (one side must be a table). */
export function joinOfJoins(site: string | undefined): GraphBuildError {
  return new GraphBuildError(
    'a join result joined with another join result: select the columns of one of them first ' +
      '(a.join(b, ...).join(c.join(d, ...).select(...), ...))',
    site,
  );
}

/**
 * Builds `table.join(second, ...)` where `second` is a join result (Pathway's `t1.join(t2.join(t3))`): the mirror of
 * `chainJoin`, `second`'s rows flattened into the right side (`cw.right.x` reads its `cw.this.x`).
 */
export function rightChainJoin(
  table: Table<any>,
  second: JoinResult<any, any>,
  args: readonly unknown[],
  site: string | undefined,
): JoinResult<any, any> {
  return joinWithJoin(second, table, 'right', args, site);
}

JoinResult.prototype.join = function (this: JoinResult<any, any>, other: Table<any>, ...args: unknown[]) {
  return chainJoin(this, other, args, userCallSite());
} as JoinResult<any, any>['join'];

// `joinInner`, `joinLeft`, `joinRight`, `joinOuter` of joined rows: `join` with its mode fixed.
for (const [method, how] of MODE_METHODS) {
  (JoinResult.prototype as unknown as Record<string, unknown>)[method] = function (
    this: JoinResult<any, any>,
    other: Table<any>,
    ...args: unknown[]
  ) {
    return chainJoin(this, other, withMethodMode(args, how, method), userCallSite());
  };
}
