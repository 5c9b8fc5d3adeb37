// Shared plumbing of temporal joins: splitting `left.x == right.y` conditions, binding `cw.left` / `cw.right`
// references to the joined tables, and lowering each side's expressions (time, keys) to cell functions.

import type { IndexKey } from '../../../engine/arrangement.js';
import { keyFromValues, type Key } from '../../../engine/key.js';
import type { Operator } from '../../../engine/operator.js';
import { Expr, isRowIdRef, toExpr, type ExprLike } from '../../expression.js';
import { mapChildren, visitExpr } from '../../expression-tree.js';
import { sideRowId } from '../../scope.js';
import { compileCell, type CellFn, type JoinRowFn } from '../../expression-compiler.js';
import { GraphBuildError } from '../../errors.js';
import { splitJoinConditions } from '../../join-conditions.js';
import type { LoweringContext, PlanNode } from '../../plan.js';
import { prepareRows, type PreparedRows } from '../../row-context.js';
import { resolveDtypes, tableResolver } from '../../resolve-dtypes.js';
import { setQuiet } from '../../expressions/error-reporter.js';
import type { Table } from '../../table.js';
import { ErrorValue } from '../../values/error-value.js';
import { checkTimeKinds, type TimeSpan } from './time-values.js';

/** Rewrites `cw.left.x` / `cw.right.x` (and `cw.this.x` when given) to column references of `table`. */
export function bindSide(e: Expr, table: Table<any>, aliases: readonly string[]): Expr {
  const map = (x: Expr): Expr => {
    const n = x.node;
    if ((n.kind === 'column' || n.kind === 'id') && typeof n.slot === 'string' && aliases.includes(n.slot)) {
      return n.kind === 'id' || isRowIdRef(n) ? sideRowId(table, n.slot, x.site) : table.col(n.name);
    }
    return mapChildren(x, map);
  };
  return map(e);
}

/** Splits equality conditions into each side's key expressions, bound to the joined tables. */
export function splitConditions(
  left: Table<any>,
  right: Table<any>,
  conditions: readonly Expr<boolean>[],
  what: string,
  site: string | undefined,
): { leftKeys: Expr[]; rightKeys: Expr[] } {
  return splitJoinConditions(left, right, conditions, what, site, (e, side) =>
    side === 'left' ? bindSide(e, left, ['left']) : bindSide(e, right, ['right']),
  );
}

/** A time expression of one side: a column reference of that table, or `cw.left.t` / `cw.right.t`. */
export function sideExpr(
  arg: ExprLike,
  table: Table<any>,
  side: 'left' | 'right',
  what: string,
  site: string | undefined,
): Expr {
  const e = bindSide(typeof arg === 'string' ? table.col(arg) : toExpr(arg), table, [side, 'this']);
  visitExpr(e, (x) => {
    const n = x.node;
    if ((n.kind === 'column' || n.kind === 'id') && n.slot !== table && typeof n.slot !== 'object') {
      throw new GraphBuildError(`${what}: the ${side} time must use columns of the ${side} table`, site);
    }
  });
  return resolveDtypes(e, tableResolver([table], { this: table }));
}

/** One side's expressions prepared for lowering (its own table first, then zipped tables or UDF inputs). */
export interface PreparedSide {
  readonly prepared: PreparedRows;
  /** Number of plan inputs it takes. */
  readonly width: number;
}

/** Prepares expressions over one side's rows. */
export function prepareSide(
  table: Table<any>,
  exprs: readonly Expr[],
  site: string | undefined,
): PreparedSide {
  const prepared = prepareRows(table, [table], exprs, site);
  return { prepared, width: prepared.inputs.length };
}

/** Plan inputs of a two-sided operator: both tables first, then each side's extra inputs. */
export function sideInputs(
  left: Table<any>,
  right: Table<any>,
  l: PreparedSide,
  r: PreparedSide,
): PlanNode[] {
  return [left.node, right.node, ...l.prepared.inputs.slice(1), ...r.prepared.inputs.slice(1)];
}

/** Lowers both sides: their row operators and compiled cells (in the order of the prepared expressions). */
export function lowerSides(
  ctx: LoweringContext,
  node: PlanNode,
  ops: readonly Operator<unknown[]>[],
  l: PreparedSide,
  r: PreparedSide,
): { lOp: Operator<unknown[]>; rOp: Operator<unknown[]>; lCells: CellFn[]; rCells: CellFn[] } {
  const lOps = [ops[0]!, ...ops.slice(2, 2 + l.width - 1)];
  const rOps = [ops[1]!, ...ops.slice(2 + l.width - 1)];
  const lo = l.prepared.lower(ctx, node, lOps);
  const ro = r.prepared.lower(ctx, node, rOps);
  return {
    lOp: lo.op,
    rOp: ro.op,
    lCells: l.prepared.exprs.map((e) => compileCell(e, lo.scope)),
    rCells: r.prepared.exprs.map((e) => compileCell(e, ro.scope)),
  };
}

/** Both sides lowered with quiet cells (`quietCell`): `lc` / `rc` are the time cell, then the key cells. */
export function lowerQuietSides(
  ctx: LoweringContext,
  node: PlanNode,
  ops: readonly Operator<unknown[]>[],
  l: PreparedSide,
  r: PreparedSide,
): { lOp: Operator<unknown[]>; rOp: Operator<unknown[]>; lc: CellFn[]; rc: CellFn[] } {
  const { lOp, rOp, lCells, rCells } = lowerSides(ctx, node, ops, l, r);
  return { lOp, rOp, lc: lCells.map(quietCell), rc: rCells.map(quietCell) };
}

/** The two sides of a join on times and equal keys, prepared: each side's time expression, then its keys. */
export interface TimedSides {
  readonly lt: Expr;
  readonly rt: Expr;
  readonly leftKeys: Expr[];
  readonly rightKeys: Expr[];
  readonly lSide: PreparedSide;
  readonly rSide: PreparedSide;
  /** The plan node's inputs (`sideInputs`). */
  readonly inputs: PlanNode[];
}

/**
 * Binds the time expressions (checked against `spans`), splits the conditions into keys, and prepares both sides
 * with the time first: the lowered cells are [time, ...keys].
 */
export function prepareTimedSides(
  left: Table<any>,
  right: Table<any>,
  [leftTime, rightTime]: readonly [ExprLike, ExprLike],
  conditions: readonly Expr<boolean>[],
  spans: readonly TimeSpan[],
  what: string,
  site: string | undefined,
): TimedSides {
  const lt = sideExpr(leftTime, left, 'left', what, site);
  const rt = sideExpr(rightTime, right, 'right', what, site);
  checkTimeKinds(what, [lt.dtype, rt.dtype], spans, site);
  const { leftKeys, rightKeys } = splitConditions(left, right, conditions, what, site);
  const lSide = prepareSide(left, [lt, ...leftKeys], site);
  const rSide = prepareSide(right, [rt, ...rightKeys], site);
  return { lt, rt, leftKeys, rightKeys, lSide, rSide, inputs: sideInputs(left, right, lSide, rSide) };
}

/** The plain joined row: left columns, left id, right columns, right id. */
export function plainJoinRow(nl: number, nr: number): JoinRowFn {
  return (l, lk, r, rk) => [...l.slice(0, nl), lk, ...r.slice(0, nr), rk];
}

/** Evaluates a cell without logging errors (keys and times are evaluated more than once per row). */
export function quietCell(f: CellFn): CellFn {
  return (row, key) => {
    const prev = setQuiet(true);
    try {
      return f(row, key);
    } finally {
      setQuiet(prev);
    }
  };
}

/** None and error join keys match nothing: each side gets its own marker, so they never meet. */
export const NO_MATCH_LEFT = '\u0000no-match-left\u0000';
/** See `NO_MATCH_LEFT`. */
export const NO_MATCH_RIGHT = '\u0000no-match-right\u0000';

/** The index key and the value of a row's join key (the instance of temporal joins). */
export function instanceOf(
  cells: readonly CellFn[],
  row: unknown[],
  key: Key,
  noMatch: string,
): { inst: IndexKey; value: unknown } {
  if (cells.length === 0) return { inst: null, value: null };
  const vs = cells.map((f) => f(row, key));
  const value = vs.length === 1 ? vs[0] : vs;
  for (const v of vs)
    if (v === null || v === undefined || v instanceof ErrorValue) return { inst: noMatch, value };
  if (vs.length === 1) {
    const v = vs[0];
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return { inst: v as IndexKey, value };
  }
  return { inst: keyFromValues(vs), value };
}
