// The columns a join's `select` makes, by name: picks (`j.left.name`, `cw.right.pet`), whole sides (`cw.left`,
// `cw.right`, `cw.this`, Pathway's `*pw.left`), column slices (`cw.left.without('k')`), `{ name: expr }` maps and
// `(left, right) => ({ ... })` callbacks.

import { ColumnRef, toExpr, type Expr, type ExprLike } from './expression.js';
import { ANY } from './dtype.js';
import { slotOfColumns } from './columns.js';
import { GraphBuildError } from './errors.js';
import { ColumnSlice } from './column-slice.js';
import type { JoinResult } from './join.js';

/** The named expressions of `j.select(arg, ...more)`, before a chained join's rebinding (see `JoinResult.select`). */
export function selectSpecs(
  j: JoinResult<any, any>,
  arg: unknown,
  more: readonly unknown[] = [],
): [string, Expr][] {
  if (arg instanceof ColumnRef || arg instanceof ColumnSlice || slotOfColumns(arg) !== undefined) {
    // Picks, possibly whole sides (Pathway's `select(*pw.left, pw.right.b)`): `.select(cw.left, cw.right.b)`.
    return [arg, ...more].flatMap((a): [string, Expr][] => {
      if (a instanceof ColumnSlice) {
        const base = wholeSpecs(j, a.base);
        if (base === undefined)
          throw new GraphBuildError('slice the sides with cw.left, cw.right, cw.this or t.slice');
        return a.apply(base);
      }
      const whole = slotOfColumns(a);
      if (whole !== undefined) {
        const specs = wholeSpecs(j, whole);
        if (specs === undefined)
          throw new GraphBuildError('pick whole sides with cw.left, cw.right or cw.this');
        return specs;
      }
      if (a instanceof ColumnRef) return [[a.name, j.commonKeys(a)]];
      if (typeof a === 'object' && a !== null) {
        return Object.entries(a as Record<string, ExprLike>).map(([k, v]) => [k, j.commonKeys(toExpr(v))]);
      }
      throw new GraphBuildError(
        'join select() picks must be column references, cw.left / cw.right, or { name: expr }',
      );
    });
  }
  const m = typeof arg === 'function' ? (arg as (l: unknown, r: unknown) => unknown)(j.left, j.right) : arg;
  if (typeof m !== 'object' || m === null)
    throw new GraphBuildError('join select() takes { name: expr } or (left, right) => ({ ... })');
  return Object.entries(m as Record<string, ExprLike>).map(([k, v]) => [k, j.commonKeys(toExpr(v))]);
}

/**
 * The columns a whole side stands for in `j.select` (`cw.left`, `cw.right`, a joined table, `cw.this`: both sides by
 * name, a key joined on `k == k` once), or undefined when `whole` is none of them.
 */
function wholeSpecs(j: JoinResult<any, any>, whole: unknown): [string, Expr][] | undefined {
  const chained = j.chain?.wholePick(whole);
  if (chained !== undefined) return chained;
  if (whole === 'this') {
    const names = j.chain?.leftColumns?.map((c) => c.name) ?? j.leftTable.columnNames();
    const rightNames = j.chain?.rightColumns?.map((c) => c.name) ?? j.rightTable.columnNames();
    return [...new Set([...names, ...rightNames])].map((n) => [
      n,
      j.commonKeys(new ColumnRef('this', n, ANY, n === 'id')),
    ]);
  }
  if (whole === 'left' || whole === j.leftTable) {
    return j.leftTable.columnNames().map((n) => [n, new ColumnRef('left', n, ANY, n === 'id')]);
  }
  if (whole === 'right' || whole === j.rightTable) {
    return j.rightTable.columnNames().map((n) => [n, new ColumnRef('right', n, ANY, n === 'id')]);
  }
  return undefined;
}
