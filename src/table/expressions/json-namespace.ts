// The `.json` namespace of expressions (Pathway's `expr.json`): builds call nodes over the function library.

import type { Expr } from '../expression.js';

/** Functions reachable as `expr.json.*`. */
export class JsonNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}
}
