// The receiver check of the namespaces (`.str`, `.num`, `.dt`, `.json`): a method called on an expression whose dtype is
// known and is not one the method takes is refused when the program is built, at the user's line, instead of failing
// (or, for `num` over strings, computing NaN) on every row at run time.

import type { Expr } from '../expression.js';
import { GraphBuildError } from '../errors.js';
import { userCallSite } from '../call-site.js';

/**
 * `e`, after checking that its dtype (None unwrapped) is one of `dtypes`; a dtype not known yet (ANY; checked again
 * when it resolves), None and Error pass. Throws a GraphBuildError naming `method`, the dtype and `hint`.
 */
export function checkedReceiver(e: Expr, method: string, dtypes: readonly string[], hint = ''): Expr {
  const d = e.dtype.unoptional().name;
  if (d === 'ANY' || d === 'NONE' || d === 'ERROR' || dtypes.includes(d)) return e;
  throw new GraphBuildError(
    `${method}() needs ${dtypes.join(' or ')}, got ${String(e.dtype)}${hint === '' ? '' : `; ${hint}`}`,
    e.site ?? userCallSite(),
  );
}
