// Helpers over the SQL AST of sql-parser.ts: walking and rewriting expressions, naming SELECT items.

import type { SqlExpr, SqlItem } from './sql-parser.js';

/** The aggregate functions `cw.sql` computes with reducers. */
export const AGGREGATES = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** The AND-ed parts of a condition. */
export function conjuncts(e: SqlExpr): SqlExpr[] {
  return e.k === 'bin' && e.op === 'AND' ? [...conjuncts(e.l), ...conjuncts(e.r)] : [e];
}

/** True when `e` calls an aggregate (COUNT, SUM, AVG, MIN, MAX). */
export function hasAggregate(e: SqlExpr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.k === 'call' && AGGREGATES.has(n.name)) found = true;
  });
  return found;
}

/** Visits `e` and its subexpressions (not into subqueries). */
export function walk(e: SqlExpr, visit: (n: SqlExpr) => void): void {
  visit(e);
  mapChildren(e, (c) => {
    walk(c, visit);
    return c;
  });
}

/** `e` with each direct subexpression replaced by `f` of it (`e` itself when none changed: aggregates keep ids). */
export function mapChildren(e: SqlExpr, f: (c: SqlExpr) => SqlExpr): SqlExpr {
  switch (e.k) {
    case 'bin': {
      const [l, r] = [f(e.l), f(e.r)];
      return l === e.l && r === e.r ? e : { ...e, l, r };
    }
    case 'not':
    case 'neg':
    case 'isnull': {
      const x = f(e.e);
      return x === e.e ? e : { ...e, e: x };
    }
    case 'case': {
      const whens = e.whens.map(([c, v]) => [f(c), f(v)] as const);
      const other = e.other === undefined ? undefined : f(e.other);
      const same =
        other === e.other && whens.every(([c, v], i) => c === e.whens[i]![0] && v === e.whens[i]![1]);
      return same ? e : { ...e, whens, ...(other === undefined ? {} : { other }) };
    }
    case 'call': {
      const args = e.args.map(f);
      return args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
    }
    default:
      return e;
  }
}

/** A column reference as written (`t.a` or `a`). */
export function colText(e: Extract<SqlExpr, { k: 'col' }>): string {
  return e.table === undefined ? e.name : `${e.table}.${e.name}`;
}

/** The output name of a SELECT item: its alias, a column's name, or `_col_<i>`. */
export function itemName(it: Extract<SqlItem, { k: 'expr' }>, i: number): string {
  return it.alias ?? (it.e.k === 'col' ? it.e.name : `_col_${i}`);
}
