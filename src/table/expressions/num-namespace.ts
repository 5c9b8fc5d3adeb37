// The `.num` namespace of expressions (Pathway's `expr.num`): builds call nodes over the function library.

import type { Expr } from '../expression.js';

/** Functions reachable as `expr.num.*`. */
export class NumNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}
}
