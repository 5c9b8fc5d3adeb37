// Build-time checks of expressions used as row ids (`withId`, `groupBy({ id })`): they must be pointers.

import { GraphBuildError } from './errors.js';
import type { Expr } from './expression.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { checkExprTypes } from './type-check.js';
import type { ColumnInfo } from './columns.js';

/**
 * Checks that `idExpr`, read over `table`'s columns, is a row id (POINTER, or of a dtype not known before running),
 * and that its operators fit their operands; a GraphBuildError at the user's line otherwise (an INT used as an id
 * would only fail deep in the engine).
 */
export function checkIdExpr(
  idExpr: Expr,
  table: { readonly columns: readonly ColumnInfo[] },
  what: string,
  site: string | undefined,
): void {
  const typed = resolveDtypes(idExpr, tableResolver([table], { this: table }));
  checkExprTypes([typed], site);
  const d = typed.dtype.unoptional();
  if (d.name !== 'POINTER' && d.name !== 'ANY') {
    throw new GraphBuildError(
      `${what}: an id must be a row id (POINTER), got ${typed.dtype}; make one with pointerFrom(...) or use withIdFrom(...)`,
      site,
    );
  }
}
