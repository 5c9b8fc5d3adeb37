// Universe promises and copies: tell the planner what is known about tables' id sets (Pathway's
// `promise_universe_is_subset_of`, `with_universe_of`, ...) so column-wise operations can combine them.

import { userCallSite } from './call-site.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { columnAppendOnly, markRowwise, markSame } from './append-only.js';
import { idsOf, zipById } from './zip-by-id.js';
import { promiseDisjoint } from './universe.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * The same rows, with `other`'s universe: a promise that both tables have exactly the same ids. Where it does not
     * hold, an id of `other` missing here is reported and its row holds errors, and a row whose id `other` lacks is
     * reported and dropped (Pathway).
     */
    withUniverseOf(other: Table<any>): Table<TRow>;
    /** A copy of the table (same rows, ids and universe), e.g. to join a table with itself. */
    copy(): Table<TRow>;
    /** Promises that every id of this table is an id of `other`; returns this table. */
    promiseUniverseIsSubsetOf(other: Table<any>): Table<TRow>;
    /** Promises that this table and `other` have the same ids; returns this table. */
    promiseUniverseIsEqualTo(other: Table<any>): Table<TRow>;
    /** Promises that this table and `other` share no id; returns this table. */
    promiseUniversesAreDisjoint(other: Table<any>): Table<TRow>;
  }
}

Table.prototype.withUniverseOf = function <TRow extends Row>(
  this: Table<TRow>,
  other: Table<any>,
): Table<TRow> {
  if (other.universe === this.universe)
    return withPromisedIds(new Table<TRow>(this.columns, this.node, other.universe), this, other);
  this.universe.promiseEqualTo(other.universe);
  // The rows of `other`'s ids, so the result has them even where the promise does not hold (reported, as Pathway):
  // an id of `other` missing here gets a row of errors, a row here whose id `other` lacks is dropped.
  const site = userCallSite();
  const node = planNode('with-universe-of', [this.node, other.node], site, (ctx, ops) =>
    zipById(ctx, node, idsOf(ctx, node, ops[1]!), ops[0]!, this.columns.length, site, {
      reportUnzipped: true,
      promise: 'withUniverseOf was promised that both tables have the same ids',
    }),
  );
  return withPromisedIds(new Table<TRow>(this.columns, node, other.universe), this, other);
};

/**
 * Records `out`'s properties for `withUniverseOf` (Pathway's promise-same-universe rule): its columns as `input`'s,
 * its ids append-only when either table's are (the promise makes them the same ids).
 */
function withPromisedIds<T extends Table<any>>(out: T, input: Table<any>, other: Table<any>): T {
  const idGrows = columnAppendOnly(input, 'id') || columnAppendOnly(other, 'id');
  return markRowwise(out, idGrows, (name) => columnAppendOnly(input, name));
}

Table.prototype.copy = function <TRow extends Row>(this: Table<TRow>): Table<TRow> {
  return markSame(new Table<TRow>(this.columns, this.node, this.universe), this);
};

Table.prototype.promiseUniverseIsSubsetOf = function <TRow extends Row>(
  this: Table<TRow>,
  other: Table<any>,
): Table<TRow> {
  return promiseUniverseIsSubsetOf(this, other);
};

Table.prototype.promiseUniverseIsEqualTo = function <TRow extends Row>(
  this: Table<TRow>,
  other: Table<any>,
): Table<TRow> {
  return promiseUniverseIsEqualTo(this, other);
};

Table.prototype.promiseUniversesAreDisjoint = function <TRow extends Row>(
  this: Table<TRow>,
  other: Table<any>,
): Table<TRow> {
  return promiseUniversesAreDisjoint(this, other);
};

/**
 * Promises that every id of `subset` is an id of `superset`. Trusted when the program is built; at run time a row whose
 * id `superset` lacks reads errors from its columns, reported as "key missing in output table" (zip-by-id.ts).
 */
export function promiseUniverseIsSubsetOf<T extends Table<any>>(subset: T, superset: Table<any>): T {
  subset.universe.promiseSubsetOf(superset.universe);
  return subset;
}

/** Promises that two tables have exactly the same ids. */
export function promiseUniverseIsEqualTo<T extends Table<any>>(a: T, b: Table<any>): T {
  a.universe.promiseEqualTo(b.universe);
  return a;
}

/** Promises that no two of the tables share an id (so they can be concatenated with `concat`). */
export function promiseUniversesAreDisjoint<T extends Table<any>>(a: T, ...others: Table<any>[]): T {
  const all = [a, ...others];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) promiseDisjoint(all[i]!.universe, all[j]!.universe);
  return a;
}
