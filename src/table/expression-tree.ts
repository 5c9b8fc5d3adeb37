// Walks over expression trees: the direct children of a node, visiting a tree, searching it, rebuilding it with its
// children mapped. Every pass over expressions (type checks, reference checks, reducer and UDF extraction) uses these.

import { Expr, type ExprNode } from './expression.js';

/** True when the expression (or a sub-expression) satisfies `pred`. */
export function someNode(e: Expr, pred: (n: ExprNode) => boolean): boolean {
  let found = false;
  visitExpr(e, (n) => {
    if (pred(n.node)) found = true;
  });
  return found;
}

/** Visits an expression tree, parents before children. */
export function visitExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const c of childrenOf(e.node)) visitExpr(c, visit);
}

/** Direct sub-expressions of a node. */
export function childrenOf(n: ExprNode): readonly Expr[] {
  switch (n.kind) {
    case 'column':
    case 'id':
    case 'const':
    case 'lambda':
      return [];
    case 'binary':
      return [n.left, n.right];
    case 'unary':
      return [n.arg];
    case 'call':
    case 'coalesce':
    case 'tuple':
    case 'udf':
    case 'reducer':
      return n.args;
    case 'pointer':
      return n.instance ? [...n.args, n.instance] : n.args;
    case 'ifElse':
      return [n.cond, n.then, n.otherwise];
    case 'require':
      return [n.value, ...n.args];
    case 'fillError':
      return [n.arg, n.replacement];
    case 'get':
      return n.default ? [n.arg, n.index, n.default] : [n.arg, n.index];
    case 'cast':
      return [n.arg];
  }
}

/** Rebuilds an expression with children mapped (used to substitute reducers and UDFs by column references). */
export function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  const n = e.node;
  const m = (x: Expr) => f(x);
  let node: ExprNode;
  switch (n.kind) {
    case 'column':
    case 'id':
    case 'const':
    case 'lambda':
      return e;
    case 'binary':
      node = { ...n, left: m(n.left), right: m(n.right) };
      break;
    case 'unary':
      node = { ...n, arg: m(n.arg) };
      break;
    case 'call':
    case 'coalesce':
    case 'tuple':
    case 'udf':
    case 'reducer':
      node = { ...n, args: n.args.map(m) };
      break;
    case 'pointer':
      node = { ...n, args: n.args.map(m), ...(n.instance ? { instance: m(n.instance) } : {}) };
      break;
    case 'ifElse':
      node = { ...n, cond: m(n.cond), then: m(n.then), otherwise: m(n.otherwise) };
      break;
    case 'require':
      node = { ...n, value: m(n.value), args: n.args.map(m) };
      break;
    case 'fillError':
      node = { ...n, arg: m(n.arg), replacement: m(n.replacement) };
      break;
    case 'get':
      node = { ...n, arg: m(n.arg), index: m(n.index), ...(n.default ? { default: m(n.default) } : {}) };
      break;
    case 'cast':
      node = { ...n, arg: m(n.arg) };
      break;
  }
  return new Expr(node, e.dtype, e.site);
}
