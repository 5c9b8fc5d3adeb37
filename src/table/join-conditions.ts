// Join conditions: `cw.left.a.eq(cw.right.b)` (or the two tables' own columns) split into each side's key expressions.
// Shared by the regular joins and the temporal joins.

import { ColumnRef, Expr } from './expression.js';
import { visitExpr } from './expression-tree.js';
import { GraphBuildError } from './errors.js';
import type { Table } from './table.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { checkJoinKeyTypes } from './type-check.js';

/**
 * Splits equality conditions into the key expressions of each side; `what` names the operation in errors (`join`,
 * `intervalJoin()`), and `bind` may rewrite a side's expression (e.g. `cw.left.x` into that table's column).
 */
export function splitJoinConditions(
  left: Table<any>,
  right: Table<any>,
  conditions: readonly Expr<boolean>[],
  what: string,
  site: string | undefined,
  bind: (e: Expr, side: 'left' | 'right') => Expr = (e) => e,
): { leftKeys: Expr[]; rightKeys: Expr[] } {
  const sideOf = (e: Expr): 'left' | 'right' | 'none' | 'both' => {
    let l = false;
    let r = false;
    visitExpr(e, (x) => {
      const n = x.node;
      if (n.kind !== 'column' && n.kind !== 'id') return;
      if (n.slot === 'left' || n.slot === left) l = true;
      else if (n.slot === 'right' || n.slot === right) r = true;
      else
        throw new GraphBuildError(
          `${what} conditions must use cw.left / cw.right or the two joined tables' columns`,
          x.site ?? site,
        );
    });
    return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
  };
  const leftKeys: Expr[] = [];
  const rightKeys: Expr[] = [];
  for (const c of conditions) {
    if (!(c instanceof Expr) || c.node.kind !== 'binary' || c.node.op !== 'eq') {
      throw new GraphBuildError(
        `${what} conditions must be equalities such as cw.left.a.eq(cw.right.b)`,
        c instanceof Expr ? (c.site ?? site) : site,
      );
    }
    const a = sideOf(c.node.left);
    const b = sideOf(c.node.right);
    if (a === 'left' && b === 'right') {
      leftKeys.push(bind(c.node.left, 'left'));
      rightKeys.push(bind(c.node.right, 'right'));
    } else if (a === 'right' && b === 'left') {
      leftKeys.push(bind(c.node.right, 'left'));
      rightKeys.push(bind(c.node.left, 'right'));
    } else {
      throw new GraphBuildError(
        `each ${what} condition must compare a left-side expression with a right-side expression`,
        c.site ?? site,
      );
    }
  }
  // Keys naming `id` on a side with a data column "id" are left to the ambiguity check that follows.
  const typed = leftKeys.flatMap((l, i) => {
    const r = rightKeys[i]!;
    if (namesAmbiguousId(l, left) || namesAmbiguousId(r, right)) return [];
    return [
      [
        resolveDtypes(l, tableResolver([left], { left, this: left })),
        resolveDtypes(r, tableResolver([right], { right, this: right })),
      ] as const,
    ];
  });
  checkJoinKeyTypes(
    typed.map(([l]) => l),
    typed.map(([, r]) => r),
    site,
  );
  return { leftKeys, rightKeys };
}

/** True when `e` reads `<side>.id` through a slot name while `table` also has a data column named "id". */
function namesAmbiguousId(e: Expr, table: Table<any>): boolean {
  if (!table.columnNames().includes('id')) return false;
  let found = false;
  visitExpr(e, (x) => {
    const n = x.node;
    if (n.kind === 'column' && n.name === 'id' && typeof n.slot === 'string') found = true;
  });
  return found;
}

/**
 * The columns joined on equal names (`left.k == right.k`, not `id`), which `cw.this.k` names in the result
 * (JoinResult's `common`).
 */
export function commonKeyNames(leftKeys: readonly Expr[], rightKeys: readonly Expr[]): string[] {
  return leftKeys.flatMap((lk, i) => {
    const rk = rightKeys[i];
    return lk instanceof ColumnRef && rk instanceof ColumnRef && lk.name === rk.name && lk.name !== 'id'
      ? [lk.name]
      : [];
  });
}
