// Build-time checks of expressions used as row ids (`withId`, `groupBy({ id })`): they must be pointers, and a
// groupBy id must be its grouping column.

import { GraphBuildError } from './errors.js';
import { ColumnRef, type Expr } from './expression.js';
import type { Key } from '../engine/key.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { checkExprTypes } from './type-check.js';
import type { ColumnInfo } from './columns.js';
import type { DType } from './dtype.js';

/** True for a dtype whose values can be row ids: POINTER (optional or not), or ANY (known only when running). */
export function mayBePointer(d: DType): boolean {
  const n = d.unoptional().name;
  return n === 'POINTER' || n === 'ANY';
}

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
  if (!mayBePointer(typed.dtype)) {
    throw new GraphBuildError(
      `${what}: an id must be a row id (POINTER), got ${typed.dtype}; make one with pointerFrom(...) or use withIdFrom(...)`,
      site,
    );
  }
}

/**
 * The grouping columns of `groupBy(...picks, { id })`, as Pathway: `id` alone groups by that column; with one grouping
 * column it must be that column; with several it is refused.
 */
export function groupPicks(
  picks: readonly unknown[],
  id: Expr<Key> | undefined,
  site: string | undefined,
): unknown[] {
  if (id === undefined) return [...picks];
  if (picks.length === 0) {
    if (!(id instanceof ColumnRef)) {
      throw new GraphBuildError(
        'groupBy({ id }) without grouping columns needs id to be a column, e.g. t.c.ptr',
        site,
      );
    }
    return [id];
  }
  if (picks.length > 1) {
    throw new GraphBuildError('groupBy() cannot take an id when grouping by several columns', site);
  }
  const only = picks[0];
  const name = typeof only === 'string' ? only : only instanceof ColumnRef ? only.name : undefined;
  if (!(id instanceof ColumnRef) || name !== id.name) {
    throw new GraphBuildError(
      'groupBy() got an id and one grouping column that differ; the id must be the grouping column (or use groupBy({ id }) alone)',
      site,
    );
  }
  return [...picks];
}
