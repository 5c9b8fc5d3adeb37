// The `.dt` namespace of expressions (Pathway's `expr.dt`): builds call nodes over the function library.

import type { Expr } from '../expression.js';

/** Functions reachable as `expr.dt.*`. */
export class DtNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}
}
