// Concatenation of tables with equal column sets (concat, concatReindex): columns aligned to the first table's order,
// each column typed as the common type of the inputs.

import { ConcatOperator, MapOperator } from '../engine/linear-operators.js';
import { errorRowsForSharedIds } from './rekey.js';
import { columnUnion } from './type-check.js';
import { planNode } from './plan.js';
import { Table } from './table.js';
import { columnAppendOnly, markRowwise } from './append-only.js';
import { Universe } from './universe.js';
import { GraphBuildError } from './errors.js';
import { slotOfColumns } from './whole-columns.js';

/** Throws a GraphBuildError naming the first of `args` (of `kind()`) that is not a table. */
export function checkTables(args: readonly unknown[], kind: string, site: string | undefined): void {
  const i = args.findIndex((t) => !(t instanceof Table));
  if (i >= 0)
    throw new GraphBuildError(`${kind}() takes tables; argument ${i + 1} is ${describe(args[i])}`, site);
}

/**
 * Concatenates tables with equal column sets, reordering columns to the first table's order. With `checkIds` (tables
 * only promised disjoint), an id in two of them is reported as Pathway does ("duplicated entries for key") and its row
 * holds errors while it is in both.
 */
export function concatTables(
  tables: readonly Table<any>[],
  site: string | undefined,
  kind: string,
  checkIds = false,
): Table<any> {
  const notTable = tables.findIndex((t) => !(t instanceof Table));
  if (notTable >= 0) {
    throw new GraphBuildError(
      `${kind}() takes tables; argument ${notTable} is ${describe(tables[notTable])}`,
      site,
    );
  }
  const first = tables[0]!;
  const order = first.columnNames();
  const node = planNode(
    kind,
    tables.map((t) => t.node),
    site,
    (ctx, ops) => {
      const aligned = ops.map((op, i) => {
        const names = tables[i]!.columnNames();
        if (names.join(',') === order.join(',')) return op;
        const idx = order.map((n) => names.indexOf(n));
        return ctx.add(new MapOperator<unknown[], unknown[]>(op, (r) => idx.map((j) => r[j])), node);
      });
      const all = ctx.add(new ConcatOperator<unknown[]>(aligned), node);
      if (!checkIds) return all;
      const why = 'the tables promised disjoint share this id';
      return errorRowsForSharedIds(ctx, node, all, order.length, kind, why, site);
    },
  );
  // Each column's dtype is the common type of the inputs' (INT | FLOAT = FLOAT, T | None = Optional(T)).
  const columns = first.columns.map((c) => {
    let d = c.dtype;
    for (const t of tables.slice(1)) {
      const o = t.columns.find((x) => x.name === c.name);
      if (o) d = columnUnion(d, o.dtype, `${kind}()`, c.name, site);
    }
    return { name: c.name, dtype: d };
  });
  // A column only grows when it does in every table (Pathway: the concatenation's columns read all of theirs).
  const out = new Table(columns, node, new Universe());
  const idGrows = tables.every((t) => columnAppendOnly(t, 'id'));
  return markRowwise(out, idGrows, (name) => tables.every((t) => columnAppendOnly(t, name)));
}

/** How a non-table argument is named in messages. */
function describe(x: unknown): string {
  if (slotOfColumns(x) !== undefined) return "a whole table's columns (cw.this or t.c), not the table";
  return x === null ? 'null' : typeof x;
}
