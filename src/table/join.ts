// Joins: inner, left, right, outer and cross joins of two tables on equality conditions.
//
// Algorithm: both sides are arranged by their join-key values; the engine's bilinear join produces matching
// pairs; outer sides add their unmatched rows padded with nulls, computed incrementally as
// `side − semijoin(side, distinct keys of the other side)` (linear in the semijoin, so retractions just work).
// State: the two arrangements and the distinct-key reductions (in the engine).
// Invariants: every output row is [...leftRow, leftId, ...rightRow, rightId], with nulls for a missing side.

import { Arrangement, type IndexKey } from '../engine/arrangement.js';
import { JoinOperator } from '../engine/join.js';
import { combineKeys, keyFromValue, keyFromValues, type Key } from '../engine/key.js';
import { ConcatOperator, FlatMapOperator, NegateOperator } from '../engine/linear-operators.js';
import type { Operator } from '../engine/operator.js';
import { ReduceOperator } from '../engine/reduce.js';
import type { Batch } from '../engine/batch.js';
import { ColumnRef, Expr, mapChildren, someNode, toExpr, visitExpr, type ExprLike } from './expression.js';
import { compileCell, compileJoinRow, compileRow, type CellFn, type JoinRowFn } from './expression-compiler.js';
import type { ColumnsOf, ColumnInfo } from './columns.js';
import { GraphBuildError } from './errors.js';
import { planNode, type LoweringContext, type PlanNode } from './plan.js';
import { isDeferredRowSource, prepareRows } from './row-context.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { validateRefs } from './validate-refs.js';
import { SlotScope, type ScopeSlot } from './scope.js';
import { Table, type Row, type RowFromSpecs, type ColumnSpec } from './table.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { reportDropped, withoutReports } from './expressions/error-reporter.js';
import { reduceTable, groupColumns, GroupedTable, type ReduceSpecMap } from './group-by.js';

/** Which rows a join keeps. */
export type JoinMode = 'inner' | 'left' | 'right' | 'outer';

/** Options of a join. */
export interface JoinOptions {
  /** Kind of join (default inner). */
  how?: JoinMode;
  /** Keep the ids of one side (its rows must match at most once), as Pathway's `id=left.id`. */
  id?: 'left' | 'right' | Expr<Key>;
}

const NULL_KEY = keyFromValue(null);
// The id of the missing side of an outer-join row reads as None.
const NO_KEY = null as unknown as Key;

/** How to lower a join with a custom output row (used to fuse `select` into the join). */
export interface JoinCore {
  readonly inputs: readonly PlanNode[];
  lower(ctx: LoweringContext, node: PlanNode, ops: readonly Operator<unknown[]>[], make: JoinRowFn): Operator<unknown[]>;
}

/** The result of `join`: select, filter or reduce over both sides' columns (`cw.left.x`, `cw.right.y`). */
export class JoinResult<TLeft extends Row, TRight extends Row> {
  /** Typed references to the left side's columns. */
  readonly left: ColumnsOf<TLeft>;
  /** Typed references to the right side's columns. */
  readonly right: ColumnsOf<TRight>;

  /** Creates a join result; use `table.join(...)`. */
  constructor(
    readonly leftTable: Table<TLeft>,
    readonly rightTable: Table<TRight>,
    readonly node: PlanNode,
    readonly universe: Universe,
    readonly mode: JoinMode,
    private readonly core?: JoinCore,
  ) {
    this.left = leftTable.c;
    this.right = rightTable.c;
  }

  /** Column layout of the joined row: left columns, left id, right columns, right id. */
  get columns(): ColumnInfo[] {
    return [
      ...this.leftTable.columns,
      { name: '__left_id', dtype: this.leftTable.id.dtype },
      ...this.rightTable.columns,
      { name: '__right_id', dtype: this.rightTable.id.dtype },
    ];
  }

  /** The scope of the joined row. */
  slots(): ScopeSlot[] {
    const nl = this.leftTable.columns.length;
    return [
      { table: this.leftTable, aliases: ['left', 'this'], columns: this.leftTable.columnNames(), offset: 0, idPosition: nl },
      {
        table: this.rightTable,
        aliases: ['right', 'this'],
        columns: this.rightTable.columnNames(),
        offset: nl + 1,
        idPosition: nl + 1 + this.rightTable.columns.length,
      },
      { table: this, aliases: [], columns: [], offset: 0, idPosition: 'key' },
    ];
  }

  private specsOf(arg: unknown): [string, Expr][] {
    const m = typeof arg === 'function' ? (arg as (l: unknown, r: unknown) => unknown)(this.left, this.right) : arg;
    if (typeof m !== 'object' || m === null) throw new GraphBuildError('join select() takes { name: expr } or (left, right) => ({ ... })');
    return Object.entries(m as Record<string, ExprLike>).map(([k, v]) => [k, toExpr(v)]);
  }

  /** Output columns computed from both sides: `.select({ owner: cw.left.name, pet: cw.right.pet })`. */
  select<const M extends Record<string, ColumnSpec<TLeft & TRight>>>(
    map: M | ((left: ColumnsOf<TLeft>, right: ColumnsOf<TRight>) => M),
  ): Table<RowFromSpecs<M>> {
    const site = userCallSite();
    const specs = this.specsOf(map);
    validateRefs(specs.map(([, e]) => e), this.slots(), site);
    const resolver = tableResolver([this.leftTable, this.rightTable], { left: this.leftTable, right: this.rightTable });
    const named = specs.map(([n, e]): [string, Expr] => [n, resolveDtypes(e, resolver)]);
    const prepared = prepareRows(this, [this.leftTable, this.rightTable, this], named.map(([, e]) => e), site, () => this.slots());
    const core = this.core;
    const fusable =
      core !== undefined &&
      prepared.inputs.length === 1 &&
      !named.some(([, e]) => someNode(e, (n) => n.kind === 'udf' || n.kind === 'lambda'));
    if (fusable) {
      // The select runs inside the join's emit: no intermediate joined row, one operator less.
      const nl = this.leftTable.columns.length;
      const nr = this.rightTable.columns.length;
      const fused = planNode('join-select', core.inputs, site, (ctx, ops) => {
        const make = compileJoinRow(prepared.exprs, new SlotScope(this.slots()), nl, nr)!;
        return core.lower(ctx, fused, ops, make);
      });
      return new Table(named.map(([name, e]) => ({ name, dtype: e.dtype })), fused, this.universe);
    }
    const node = planNode('join-select', prepared.inputs, site, (ctx, ops) => {
      const { op, scope } = prepared.lower(ctx, node, ops);
      const fn = compileRow(prepared.exprs, scope);
      return ctx.add(new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out) => out.push(k, fn(r, k), d)), node);
    });
    return new Table(named.map(([name, e]) => ({ name, dtype: e.dtype })), node, this.universe);
  }

  /** Keeps joined rows satisfying a condition over both sides. */
  filter(condition: Expr<boolean> | ((left: ColumnsOf<TLeft>, right: ColumnsOf<TRight>) => Expr<boolean>)): JoinResult<TLeft, TRight> {
    const site = userCallSite();
    const cond = typeof condition === 'function' && !(condition instanceof Expr) ? condition(this.left, this.right) : condition;
    validateRefs([cond], this.slots(), site);
    const prepared = prepareRows(this, [this.leftTable, this.rightTable, this], [cond], site, () => this.slots());
    const width = this.columns.length;
    const node = planNode('join-filter', prepared.inputs, site, (ctx, ops) => {
      const { op, scope } = prepared.lower(ctx, node, ops);
      const test = compileCell(prepared.exprs[0]!, scope);
      return ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out) => {
          const v = test(r, k);
          if (v === true) out.push(k, r.length === width ? r : r.slice(0, width), d);
          else if (v instanceof ErrorValue) reportDropped(v, 'join filter dropped a row whose condition is an error', site);
        }),
        node,
      );
    });
    return new JoinResult(this.leftTable, this.rightTable, node, new Universe(this.universe), this.mode);
  }

  /** Groups the joined rows (use `cw.left.x` / `cw.right.y` or names unique to one side). */
  groupBy(...cols: Expr[]): GroupedTable<any, any> {
    const flat = this.flatten();
    const site = userCallSite();
    return new JoinGroupedTable(flat, groupColumns(flat, cols.map((c) => this.rebind(c, flat)), site), (e) => this.rebindDeep(e, flat));
  }

  /** One row summarizing all joined rows. */
  reduce(map: Record<string, Expr<any>>): Table<any> {
    const flat = this.flatten();
    return reduceTable(flat, [], {}, Object.entries(map).map(([k, v]) => [k, this.rebindDeep(v, flat)]), userCallSite());
  }

  private flatCache: Table<any> | undefined;
  private flatten(): Table<any> {
    if (this.flatCache) return this.flatCache;
    const cols = this.columns.map((c, i) => ({ ...c, name: `__c${i}` }));
    const node = planNode('join-rows', [this.node], undefined, (_ctx, ops) => ops[0]!);
    this.flatCache = new Table(cols, node, this.universe);
    return this.flatCache;
  }

  private rebind(e: Expr, flat: Table<any>): Expr {
    return this.rebindDeep(e, flat);
  }

  private rebindDeep(e: Expr, flat: Table<any>): Expr {
    const scope = new SlotScope(this.slots());
    const map = (x: Expr): Expr => {
      const n = x.node;
      // A deferred lookup (`o.ix(cw.left.p).c.x`): its pointer is rebound to the joined row like the rest.
      if ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) {
        const slot = n.slot.rebound(flat, map);
        return n.kind === 'id' ? new Expr({ kind: 'id', slot }, x.dtype) : new ColumnRef(slot, n.name, x.dtype);
      }
      if (n.kind === 'column' && n.name !== 'id') return flat.c[`__c${scope.column(n.slot, n.name, x.site)}`] as Expr;
      if (n.kind === 'id' || (n.kind === 'column' && n.name === 'id')) {
        const p = scope.id(n.kind === 'id' ? n.slot : n.slot, x.site);
        return p === 'key' ? flat.id : (flat.c[`__c${p}`] as Expr);
      }
      return mapChildren(x, map);
    };
    return map(e);
  }
}

/** Groups of joined rows: `reduce` outputs may use `cw.left.x` / `cw.right.y` / `cw.this.x`, rebound to the joined row. */
class JoinGroupedTable extends GroupedTable<any, any> {
  constructor(
    flat: Table<any>,
    groupBy: readonly [string, Expr][],
    private readonly rebindExpr: (e: Expr) => Expr,
  ) {
    super(flat, groupBy);
  }

  override reduce<const M extends ReduceSpecMap>(map: M | ((c: ColumnsOf<any>) => M)): Table<any> {
    const site = userCallSite();
    const m = typeof map === 'function' ? map(this.table.c) : map;
    return reduceTable(this.table, this.groupBy, this.options, Object.entries(m).map(([k, v]) => [k, this.rebindExpr(toExpr(v))]), site);
  }
}

/** Splits `left.x == right.y` conditions into the key expressions of each side. */
function splitConditions(
  left: Table<any>,
  right: Table<any>,
  conditions: readonly Expr<boolean>[],
  site: string | undefined,
): { leftKeys: Expr[]; rightKeys: Expr[] } {
  const sideOf = (e: Expr): 'left' | 'right' | 'none' | 'both' => {
    let l = false;
    let r = false;
    visitExpr(e, (x) => {
      const n = x.node;
      if (n.kind !== 'column' && n.kind !== 'id') return;
      if (n.slot === 'left' || n.slot === left) l = true;
      else if (n.slot === 'right' || n.slot === right) r = true;
      else throw new GraphBuildError('join conditions must use cw.left / cw.right or the two joined tables\' columns', x.site ?? site);
    });
    return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
  };
  const leftKeys: Expr[] = [];
  const rightKeys: Expr[] = [];
  for (const c of conditions) {
    if (c.node.kind !== 'binary' || c.node.op !== 'eq') {
      throw new GraphBuildError('join conditions must be equalities such as cw.left.a.eq(cw.right.b)', c.site ?? site);
    }
    const a = sideOf(c.node.left);
    const b = sideOf(c.node.right);
    if (a === 'left' && b === 'right') {
      leftKeys.push(c.node.left);
      rightKeys.push(c.node.right);
    } else if (a === 'right' && b === 'left') {
      leftKeys.push(c.node.right);
      rightKeys.push(c.node.left);
    } else {
      throw new GraphBuildError('each join condition must compare a left-side expression with a right-side expression', c.site ?? site);
    }
  }
  return { leftKeys, rightKeys };
}

function indexKeyFn(cells: CellFn[], site: string | undefined): (key: Key, row: unknown[]) => IndexKey {
  if (cells.length === 0) return () => null;
  if (cells.length === 1) {
    const f = cells[0]!;
    return (key, row) => {
      const v = f(row, key);
      const t = typeof v;
      if (t === 'string' || t === 'number' || t === 'boolean') return v as IndexKey;
      if (v === null || v === undefined) return NO_MATCH;
      if (v instanceof ErrorValue) {
        reportDropped(v, 'join key is an error', site);
        return NO_MATCH;
      }
      return keyFromValues([v]);
    };
  }
  return (key, row) => {
    const vs = cells.map((f) => f(row, key));
    for (const v of vs) {
      if (v === null || v === undefined) return NO_MATCH;
      if (v instanceof ErrorValue) {
        reportDropped(v, 'join key is an error', site);
        return NO_MATCH;
      }
    }
    return keyFromValues(vs);
  };
}

// A None join key matches nothing (SQL semantics, as Pathway). A unique symbol-like string that no value hashes to
// is used per side so the two sides' NO_MATCH rows never meet.
const NO_MATCH = '\u0000no-match\u0000';

/**
 * Generates the function assembling a joined row `[...left, leftId, ...right, rightId]` as one array literal
 * (cheaper than pushing cell by cell; rows may carry extra trailing cells, which are dropped).
 */
function joinedRowFn(nl: number, nr: number): JoinRowFn {
  const cells = [
    ...Array.from({ length: nl }, (_, i) => `l[${i}]`),
    'lk',
    ...Array.from({ length: nr }, (_, i) => `r[${i}]`),
    'rk',
  ];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation, as for expressions
  return new Function('l', 'lk', 'r', 'rk', `return [${cells.join(', ')}];`) as JoinRowFn;
}

/** Builds the join plan node. */
export function joinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  conditions: readonly Expr<boolean>[],
  options: JoinOptions,
  site: string | undefined,
): JoinResult<TL, TR> {
  if ((left as unknown) === right) {
    throw new GraphBuildError('a table cannot be joined with itself directly; join it with a copy, e.g. t.select(...) or t.copy()', site);
  }
  const how = options.how ?? 'inner';
  const { leftKeys, rightKeys } = splitConditions(left, right, conditions, site);
  const lPrep = prepareRows(left, [left], leftKeys.map(stripSide('left', left)), site);
  const rPrep = prepareRows(right, [right], rightKeys.map(stripSide('right', right)), site);
  const nl = left.columns.length;
  const nr = right.columns.length;
  const idMode = options.id;
  const outKey = (lk: Key | null, rk: Key | null): Key => {
    if (idMode === 'left' && lk !== null) return lk;
    if (idMode === 'right' && rk !== null) return rk;
    return combineKeys(lk ?? NULL_KEY, rk ?? NULL_KEY);
  };
  const nullsL = new Array<unknown>(nl).fill(null);
  const nullsR = new Array<unknown>(nr).fill(null);
  const inputs = [left.node, right.node, ...lPrep.inputs.slice(1), ...rPrep.inputs.slice(1)];
  // Lowers the join, building each output row with `make` (the joined row, or a fused select over it).
  const lowerCore = (ctx: LoweringContext, node: PlanNode, ops: readonly Operator<unknown[]>[], make: JoinRowFn): Operator<unknown[]> => {
    const lOps = [ops[0]!, ...ops.slice(2, 2 + lPrep.inputs.length - 1)];
    const rOps = [ops[1]!, ...ops.slice(2 + lPrep.inputs.length - 1)];
    const l = lPrep.lower(ctx, node, lOps);
    const r = rPrep.lower(ctx, node, rOps);
    const lKey = indexKeyFn(lPrep.exprs.map((e) => compileCell(e, l.scope)), site);
    const rKey = indexKeyFn(rPrep.exprs.map((e) => compileCell(e, r.scope)), site);
    const la = ctx.add(new Arrangement<unknown[]>(l.op, lKey), node);
    const ra = ctx.add(new Arrangement<unknown[]>(r.op, (k, row) => {
      const v = rKey(k, row);
      return v === NO_MATCH ? NO_MATCH + 'r' : v;
    }), node);
    const inner = ctx.add(
      new JoinOperator<unknown[], unknown[], unknown[]>(la, ra, (lk, lr, rk, rr, d, out) => {
        const key = outKey(lk, rk);
        out.push(key, d > 0 ? make(lr, lk, rr, rk, key) : withoutReports(() => make(lr, lk, rr, rk, key)), d);
      }),
      node,
    );
    const parts: Operator<unknown[]>[] = [inner];
    if (how === 'left' || how === 'outer') parts.push(...unmatched(ctx, node, la, ra, 'left', nullsR, outKey, make));
    if (how === 'right' || how === 'outer') parts.push(...unmatched(ctx, node, ra, la, 'right', nullsL, outKey, make));
    return parts.length === 1 ? inner : ctx.add(new ConcatOperator<unknown[]>(parts), node);
  };
  const joined = joinedRowFn(nl, nr);
  const node = planNode(`join-${how}`, inputs, site, (ctx, ops) => lowerCore(ctx, node, ops, joined));
  return new JoinResult(left, right, node, joinUniverse(left.universe, right.universe, how, idMode), how, { inputs, lower: lowerCore });
}

/** The universe of a join keeping one side's ids: a subset of that side's, equal to it when that side is kept whole. */
function joinUniverse(left: Universe, right: Universe, how: JoinMode, idMode: JoinOptions['id']): Universe {
  const side = idMode === 'left' && (how === 'inner' || how === 'left') ? left : idMode === 'right' && (how === 'inner' || how === 'right') ? right : undefined;
  if (side === undefined) return new Universe();
  const u = new Universe(side);
  if (how !== 'inner') u.promiseEqualTo(side);
  return u;
}

function stripSide(side: 'left' | 'right', table: Table<any>) {
  return (e: Expr): Expr => {
    const map = (x: Expr): Expr => {
      const n = x.node;
      if ((n.kind === 'column' || n.kind === 'id') && n.slot === side) {
        return n.kind === 'id' || n.name === 'id' ? table.id : (table.c as Record<string, Expr>)[n.name]!;
      }
      return mapChildren(x, map);
    };
    return map(e);
  };
}

/** Rows of `side` with no match on `other`, padded with nulls: side − semijoin(side, distinct keys of other). */
function unmatched(
  ctx: LoweringContext,
  node: PlanNode,
  side: Arrangement<unknown[]>,
  other: Arrangement<unknown[]>,
  which: 'left' | 'right',
  nulls: unknown[],
  outKey: (lk: Key | null, rk: Key | null) => Key,
  make: JoinRowFn,
): Operator<unknown[]>[] {
  const pad = (k: Key, r: unknown[], d: number, out: Batch<unknown[]>) => {
    const key = which === 'left' ? outKey(k, null) : outKey(null, k);
    const build = () => (which === 'left' ? make(r, k, nulls, NO_KEY, key) : make(nulls, NO_KEY, r, k, key));
    out.push(key, d > 0 ? build() : withoutReports(build), d);
  };
  const keysOfOther = ctx.add(
    new ReduceOperator<unknown[], number, unknown[]>(other, {
      groupOf: (k, r) => other.keyOf(k, r),
      outputKey: (g) => keyFromValues([g]),
      create: () => 0,
      update: (s, _k, _r, d) => s + d,
      result: (_s, g) => [g],
    }),
    node,
  );
  const keysArr = ctx.add(new Arrangement<unknown[]>(keysOfOther, (_k, r) => r[0] as IndexKey), node);
  const semi = ctx.add(
    new JoinOperator<unknown[], unknown[], unknown[]>(side, keysArr, (sk, sr, _kk, _kr, d, out) => pad(sk, sr, d, out)),
    node,
  );
  const all = ctx.add(new FlatMapOperator<unknown[], unknown[]>(side, pad), node);
  return [all, ctx.add(new NegateOperator<unknown[]>(semi), node)];
}

/** Adds join methods' shared argument handling. */
export function joinArgs(args: readonly unknown[]): { conditions: Expr<boolean>[]; options: JoinOptions } {
  const conditions: Expr<boolean>[] = [];
  let options: JoinOptions = {};
  for (const a of args) {
    if (a instanceof Expr) conditions.push(a as Expr<boolean>);
    else if (Array.isArray(a)) conditions.push(...(a as Expr<boolean>[]));
    else if (typeof a === 'object' && a !== null) options = a;
  }
  return { conditions, options };
}

