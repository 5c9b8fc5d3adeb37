// Where a fully async UDF's column (dtype `Future(T)`, cells maybe PENDING) may not go (Pathway's `Future` checks):
// grouping keys, reducer arguments, sort keys and instances, deduplicate values and instances. (Operators refuse it in
// `binaryResultDtype`; a filter refuses any condition that is not boolean.)

import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';
import type { DType } from './dtype.js';
import { Expr } from './expression.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';

/**
 * Refuses each of `picks` (expressions over `table`, or its column names; anything else, an unknown name included, is
 * left to the caller's own checks) whose dtype is a Future, naming `what` uses it.
 */
export function refuseFutures(
  table: { readonly columns: readonly { name: string; dtype: DType }[] },
  picks: readonly unknown[],
  what: string,
  site: string | undefined = userCallSite(),
): void {
  const resolver = tableResolver([table], { this: table });
  for (const p of picks) {
    const d =
      p instanceof Expr
        ? resolveDtypes(p, resolver).dtype
        : table.columns.find((c) => typeof p === 'string' && c.name === p)?.dtype;
    if (d === undefined) continue;
    if (d.unoptional().name === 'Future') {
      throw new GraphBuildError(
        `using a column of type ${String(d)} is not allowed in ${what}; apply awaitFutures() to the table first`,
        site,
      );
    }
  }
}
