// Updating a table with another one: `updateRows` (rows of the other table win, new ids are added) and
// `updateCells` (the other table, on a subset of the ids, overrides some columns).
//
// Algorithm: updateRows = self - semijoin(self, other) + other; updateCells = self + sum over matched pairs of
// (merged row - self row). Both are linear in one bilinear id-join, so retractions on either side just work.
// State: the two id arrangements (in the engine).
// Invariants: each id of the result holds exactly one row when each input holds at most one row per id.

import { JoinOperator } from '../engine/join.js';
import { keyToString } from '../engine/key.js';
import { ConcatOperator, FlatMapOperator, MapOperator } from '../engine/linear-operators.js';
import { ConsolidateOperator } from '../engine/consolidate.js';
import { columnUnion } from './type-check.js';
import type { ColumnInfo } from './columns.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { columnAppendOnly } from './append-only.js';
import { recordAppendOnly } from './append-only-props.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { alignColumns, antijoinById, arrangeById, isIdentity } from './by-id.js';
import { reportError } from './expressions/error-reporter.js';
import { ErrorValue } from './values/error-value.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /** This table's rows, with rows of `other` replacing those with the same id and adding the others. */
    updateRows<TOther extends Row>(other: Table<TOther>): Table<TRow | TOther>;
    /**
     * This table with `other`'s columns overriding the cells of rows with the same id. `other`'s columns must be
     * columns of this table and its ids a (known) subset of this table's.
     */
    updateCells<TOther extends Partial<TRow> & Row>(
      other: Table<TOther>,
    ): Table<Omit<TRow, keyof TOther> & TOther>;
  }
}

function unified(
  a: readonly ColumnInfo[],
  b: readonly ColumnInfo[],
  what: string,
  site: string | undefined,
): ColumnInfo[] {
  return a.map((c) => {
    const o = b.find((x) => x.name === c.name);
    return o ? { name: c.name, dtype: columnUnion(c.dtype, o.dtype, what, c.name, site) } : c;
  });
}

Table.prototype.updateRows = function (this: Table<any>, other: Table<any>): Table<any> {
  const site = userCallSite();
  const idx = alignColumns(this.columnNames(), other, 'updateRows', site);
  const node = planNode('updateRows', [this.node, other.node], site, (ctx, ops) => {
    const otherOp = isIdentity(idx)
      ? ops[1]!
      : ctx.add(new MapOperator<unknown[], unknown[]>(ops[1]!, (r) => idx.map((j) => r[j])), node);
    const kept = antijoinById(
      ctx,
      node,
      ops[0]!,
      arrangeById(ctx, node, ops[0]!),
      arrangeById(ctx, node, otherOp),
    );
    return ctx.add(
      new ConsolidateOperator<unknown[]>(ctx.add(new ConcatOperator<unknown[]>([kept, otherOp]), node)),
      node,
    );
  });
  // Rows of another table known to be among this one's ids replace rows only: the ids stay this table's (Pathway).
  let universe = this.universe;
  if (!other.universe.isSubsetOf(this.universe)) {
    universe = new Universe();
    this.universe.promiseSubsetOf(universe);
    other.universe.promiseSubsetOf(universe);
  }
  // Pathway's rule: rows are replaced, so no column only grows; the ids only grow when both tables' do.
  const rows = new Table(unified(this.columns, other.columns, 'updateRows()', site), node, universe);
  const idGrows = columnAppendOnly(this, 'id') && columnAppendOnly(other, 'id');
  return recordAppendOnly(rows, { id: idGrows, columns: new Set() });
};

Table.prototype.updateCells = function (this: Table<any>, other: Table<any>): Table<any> {
  const site = userCallSite();
  const names = this.columnNames();
  const missing = other.columnNames().filter((n) => !names.includes(n));
  if (missing.length > 0) {
    throw new GraphBuildError(
      `updateCells(): columns [${missing.join(', ')}] of the other table are not columns of this table`,
      site,
    );
  }
  if (!other.universe.isSubsetOf(this.universe)) {
    throw new GraphBuildError(
      "updateCells() needs the other table's ids to be known to be a subset of this table's; promise it with " +
        'cw.promiseUniverseIsSubsetOf(other, table), or use updateRows()',
      site,
    );
  }
  // For each column of this table: the position of the overriding column in other's rows, or -1.
  const from = names.map((n) => other.columnNames().indexOf(n));
  const node = planNode('updateCells', [this.node, other.node], site, (ctx, ops) => {
    const self = arrangeById(ctx, node, ops[0]!);
    const updates = arrangeById(ctx, node, ops[1]!);
    // An update of an id this table lacks (the promise does not hold) is reported and changes nothing (Pathway).
    const strays = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(
        antijoinById(ctx, node, ops[1]!, updates, self),
        (k, _r, d) => {
          if (d > 0) {
            const what = `updating a row that does not exist, key: ${keyToString(k)}`;
            reportError(
              new ErrorValue(`${what} (updateCells' other table was promised to be a subset of this one)`),
              site,
            );
          }
        },
      ),
      node,
    );
    const changes = ctx.add(
      new JoinOperator<unknown[], unknown[], unknown[]>(self, updates, (k, sr, _ok, or, d, out) => {
        const merged = new Array<unknown>(from.length);
        for (let i = 0; i < from.length; i++) merged[i] = from[i]! >= 0 ? or[from[i]!] : sr[i];
        out.push(k, merged, d);
        out.push(k, sr, -d);
      }),
      node,
    );
    return ctx.add(
      new ConsolidateOperator<unknown[]>(
        ctx.add(new ConcatOperator<unknown[]>([ops[0]!, changes, strays]), node),
      ),
      node,
    );
  });
  // Pathway's rule: the cells change, so no column only grows; the rows are this table's.
  const cells = new Table(unified(this.columns, other.columns, 'updateCells()', site), node, this.universe);
  return recordAppendOnly(cells, { id: columnAppendOnly(this, 'id'), columns: new Set() });
};
