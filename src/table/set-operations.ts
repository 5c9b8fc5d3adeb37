// Set operations on ids: `difference`, `intersect`, `restrict` keep a table's rows according to which ids
// other tables hold (Pathway's names). Rows are matched by id with arrangements (see by-id.ts).

import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { columnAppendOnly, markFiltered } from './append-only.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { antijoinById, arrangeById, semijoinById } from './by-id.js';
import { idsOf, zipById } from './zip-by-id.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /** Rows whose id is not in `other`: `t1.difference(t2)`. */
    difference(other: Table<any>): Table<TRow>;
    /** Rows whose id is in every one of `others`: `t1.intersect(t2, t3)`. */
    intersect(...others: Table<any>[]): Table<TRow>;
    /**
     * Rows whose id is in `other`; the result has `other`'s universe. `other`'s universe must be known to be a
     * subset of this table's (promise it with `cw.promiseUniverseIsSubsetOf(other, t)`); where the promise does not
     * hold, an id of `other` missing here is reported and its row holds errors (Pathway).
     */
    restrict(other: Table<any>): Table<TRow>;
  }
}

Table.prototype.difference = function <TRow extends Row>(this: Table<TRow>, other: Table<any>): Table<TRow> {
  const site = userCallSite();
  const node = planNode('difference', [this.node, other.node], site, (ctx, ops) =>
    antijoinById(ctx, node, ops[0]!, arrangeById(ctx, node, ops[0]!), arrangeById(ctx, node, ops[1]!)),
  );
  return new Table<TRow>(this.columns, node, new Universe(this.universe));
};

Table.prototype.intersect = function <TRow extends Row>(
  this: Table<TRow>,
  ...others: Table<any>[]
): Table<TRow> {
  const site = userCallSite();
  if (others.length === 0) return this;
  const node = planNode('intersect', [this.node, ...others.map((o) => o.node)], site, (ctx, ops) => {
    let cur = ops[0]!;
    for (let i = 1; i < ops.length; i++)
      cur = semijoinById(ctx, node, arrangeById(ctx, node, cur), arrangeById(ctx, node, ops[i]!));
    return cur;
  });
  const universe = new Universe(this.universe);
  for (const o of others) universe.promiseSubsetOf(o.universe);
  const othersGrow = others.every((o) => columnAppendOnly(o, 'id'));
  return markFiltered(new Table<TRow>(this.columns, node, universe), this, [], othersGrow);
};

Table.prototype.restrict = function <TRow extends Row>(this: Table<TRow>, other: Table<any>): Table<TRow> {
  const site = userCallSite();
  if (other.universe === this.universe) return this;
  if (!other.universe.isSubsetOf(this.universe)) {
    throw new GraphBuildError(
      "restrict() needs the other table's ids to be known to be a subset of this table's; promise it with " +
        'cw.promiseUniverseIsSubsetOf(other, table), or use intersect() instead',
      site,
    );
  }
  // Each id of `other` with this table's row, or errors where the promise does not hold (see zip-by-id.ts).
  const node = planNode('restrict', [this.node, other.node], site, (ctx, ops) =>
    zipById(ctx, node, idsOf(ctx, node, ops[1]!), ops[0]!, this.columns.length, site, {
      promise: "restrict's other table was promised to be a subset of this one",
    }),
  );
  return markFiltered(
    new Table<TRow>(this.columns, node, other.universe),
    this,
    [],
    columnAppendOnly(other, 'id'),
  );
};
