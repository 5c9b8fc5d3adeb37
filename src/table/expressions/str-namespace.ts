// The `.str` namespace of expressions (Pathway's `expr.str`): builds call nodes over the function library.

import { INT, STR } from '../dtype.js';
import { Expr } from '../expression.js';

/** String functions reachable as `expr.str.*`. */
export class StrNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}
  /** Lower-case. */
  lower(): Expr<string> {
    return new Expr({ kind: 'call', call: { name: 'str.lower', fn: (s: string) => s.toLowerCase() }, args: [this.expr] }, STR);
  }
  /** Upper-case. */
  upper(): Expr<string> {
    return new Expr({ kind: 'call', call: { name: 'str.upper', fn: (s: string) => s.toUpperCase() }, args: [this.expr] }, STR);
  }
  /** Length in characters. */
  len(): Expr<number> {
    return new Expr({ kind: 'call', call: { name: 'str.len', fn: (s: string) => s.length }, args: [this.expr] }, INT);
  }
}
