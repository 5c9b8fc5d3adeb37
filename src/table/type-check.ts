// Build-time type checks of resolved expressions: operators applied to concrete dtypes they do not support fail
// when the method is called (as Pathway's TypeError), instead of producing error cells for every row at run time.

import { GraphBuildError } from './errors.js';
import { visitExpr, type BinaryOp, type Expr } from './expression.js';
import { binaryResultDtype } from './expressions/result-dtype.js';
import type { DType } from './dtype.js';

const ARITHMETIC: Partial<Record<BinaryOp, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  truediv: '/',
  floordiv: '//',
  mod: '%',
  pow: '**',
};

/** A dtype the checks can reason about: known, not ANY, not JSON (whose values are checked at run time). */
function concrete(d: DType): boolean {
  const n = d.unoptional().name;
  return n !== 'ANY' && n !== 'JSON' && n !== 'NONE' && n !== 'ERROR';
}

/** Throws a GraphBuildError for an arithmetic operator on concrete dtypes it does not support. */
export function checkExprTypes(exprs: readonly Expr[], site: string | undefined): void {
  for (const e of exprs) {
    visitExpr(e, (x) => {
      const n = x.node;
      if (n.kind !== 'binary') return;
      const symbol = ARITHMETIC[n.op];
      if (symbol === undefined) return;
      const l = n.left.dtype;
      const r = n.right.dtype;
      if (!concrete(l) || !concrete(r)) return;
      if (binaryResultDtype(n.op, l, r).name === 'ANY') {
        throw new GraphBuildError(
          `unsupported operand types for ${symbol}: ${l} and ${r}; convert one side first (e.g. .cast(cw.FLOAT) or .str.parseInt())`,
          x.site ?? site,
        );
      }
    });
  }
}

/** Throws a GraphBuildError when a filter condition has a known dtype other than BOOL. */
export function checkCondition(cond: Expr, site: string | undefined): void {
  const d = cond.dtype.unoptional();
  if (concrete(cond.dtype) && d.name !== 'BOOL') {
    throw new GraphBuildError(
      `a condition must be a boolean expression, got ${cond.dtype}; compare it, e.g. t.c.x.gt(0) or t.c.x.isNotNone()`,
      cond.site ?? site,
    );
  }
}

/** True when two concrete dtypes can be compared for equality (same type, or both numbers). */
function comparable(a: DType, b: DType): boolean {
  const x = a.unoptional().name;
  const y = b.unoptional().name;
  const numeric = (n: string) => n === 'INT' || n === 'FLOAT';
  return x === y || (numeric(x) && numeric(y));
}

/** Throws a GraphBuildError when a join compares keys of incompatible concrete dtypes (Pathway's TypeError). */
export function checkJoinKeyTypes(
  leftKeys: readonly Expr[],
  rightKeys: readonly Expr[],
  site: string | undefined,
): void {
  leftKeys.forEach((l, i) => {
    const r = rightKeys[i]!;
    if (!concrete(l.dtype) || !concrete(r.dtype) || comparable(l.dtype, r.dtype)) return;
    throw new GraphBuildError(
      `incompatible types in a join condition: ${l.dtype} and ${r.dtype}; cast one side first (e.g. .cast(cw.STR))`,
      l.site ?? site,
    );
  });
}
