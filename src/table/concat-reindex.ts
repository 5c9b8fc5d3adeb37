// `concatReindex`: the rows of several tables with the same columns, under fresh ids (Pathway's `concat_reindex`).

import { FlatMapOperator } from '../engine/linear-operators.js';
import { keyFromValues } from '../engine/key.js';
import type { Batch } from '../engine/batch.js';
import { planNode } from './plan.js';
import { Table, type Row } from './table.js';
import { markFiltered } from './append-only.js';
import { checkTables, concatTables } from './concat-tables.js';
import { userCallSite } from './call-site.js';
import { alignColumns } from './by-id.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /** Rows of this table and of `others` (same columns), each under a new id derived from (its id, table position). */
    concatReindex<TOther extends Row>(...others: Table<TOther>[]): Table<TRow | TOther>;
  }
}

Table.prototype.concatReindex = function (this: Table<any>, ...others: Table<any>[]): Table<any> {
  const site = userCallSite();
  checkTables(others, 'concatReindex', site);
  for (const o of others) alignColumns(this.columnNames(), o, 'concatReindex', site);
  const reindexed = [this, ...others].map((t, i) => {
    const node = planNode('reindex', [t.node], site, (ctx, ops) =>
      ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(ops[0]!, (key, row, diff, out: Batch<unknown[]>) =>
          out.push(keyFromValues([key, i]), row, diff),
        ),
        node,
      ),
    );
    return markFiltered(new Table(t.columns, node), t, []);
  });
  return concatTables(reindexed, site, 'concatReindex');
};
