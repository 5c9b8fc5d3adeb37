// The `.num` namespace of expressions (Pathway's `expr.num`): call nodes over the numeric library
// (src/table/functions/num.ts) with Python's rounding; result dtypes follow the receiver (INT stays INT).

import { ANY, FLOAT, INT, unifyDtypes } from '../dtype.js';
import { toExpr, type Expr, type ExprLike } from '../expression.js';
import * as num from '../functions/num.js';
import { Duration } from '../values/duration.js';
import { callNode } from './call-node.js';
import { checkedReceiver } from './receiver-check.js';

function abs(x: number | Duration): number | Duration {
  return x instanceof Duration ? x.abs() : num.abs(x);
}

/** Numeric functions reachable as `expr.num.*`. */
export class NumNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}

  private numDtype() {
    const n = this.expr.dtype.unoptional().name;
    return n === 'INT' ? INT : n === 'FLOAT' ? FLOAT : ANY;
  }

  /** The receiver of numeric method `method`, checked to be a number (or one of `more`; see receiver-check.ts). */
  private number(method: string, more: readonly string[] = []): Expr<any> {
    return checkedReceiver(
      this.expr,
      method,
      ['INT', 'FLOAT', ...more],
      'parse strings with .str.parseInt() / .str.parseFloat()',
    );
  }

  /** Absolute value (of numbers and durations). */
  abs(): Expr<number> {
    const n = this.expr.dtype.unoptional().name;
    return callNode(
      'num.abs',
      abs,
      n === 'DURATION' ? this.expr.dtype.unoptional() : this.numDtype(),
      this.number('num.abs', ['DURATION']),
    );
  }
  /** Rounds to `decimals` digits (default 0) with Python's round-half-to-even; INT stays INT. */
  round(decimals: ExprLike<number> = 0): Expr<number> {
    return callNode('num.round', num.round, this.numDtype(), this.number('num.round'), [decimals]);
  }
  /** Replaces None and NaN by `defaultValue` (Pathway's `fill_na`). */
  fillNa<T>(defaultValue: ExprLike<T>): Expr<number | T> {
    const d = toExpr(defaultValue);
    return callNode(
      'num.fillNa',
      num.fillNa,
      unifyDtypes(this.expr.dtype.unoptional(), d.dtype),
      this.number('num.fillNa'),
      [d],
      {
        none: 'none',
      },
    );
  }
}
