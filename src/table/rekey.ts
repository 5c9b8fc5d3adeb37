// Re-keying a table (`withIdFrom`, `withId`): each row gets the id an expression computes. Rows given one id are
// reported, and while there are several the id's row holds errors in every column (Pathway's "duplicated entries for
// key"): nothing downstream picks one of them silently, and the row comes back when one is left.

import type { Batch } from '../engine/batch.js';
import { keyToString, type Key } from '../engine/key.js';
import { FlatMapOperator } from '../engine/linear-operators.js';
import type { Operator } from '../engine/operator.js';
import { UniqueKeyOperator } from '../engine/unique-key.js';
import type { Expr } from './expression.js';
import { compileCell } from './expression-compiler.js';
import { reportDropped, reportError, withoutReports } from './expressions/error-reporter.js';
import { planNode, type LoweringContext, type PlanNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Table, type Row } from './table.js';
import { markFiltered } from './append-only.js';
import { Universe } from './universe.js';
import { validateRefs } from './validate-refs.js';
import { ErrorValue } from './values/error-value.js';

/** `table` with each row's id replaced by `keyExpr`'s value (`kind` names the method in messages). */
export function rekeyTable<TRow extends Row>(
  table: Table<TRow>,
  kind: string,
  keyExpr: Expr,
  site: string | undefined,
): Table<TRow> {
  validateRefs(
    [keyExpr],
    [{ table, aliases: ['this'], columns: table.columnNames(), offset: 0, idPosition: 'key' }],
    site,
  );
  const prepared = prepareRows(table, [table], [keyExpr], site);
  const width = table.columns.length;
  const node = planNode(kind, prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const keyOf = compileCell(prepared.exprs[0]!, scope);
    const rekeyedRows = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(op, (key, row, diff, out: Batch<unknown[]>) => {
        const k = diff > 0 ? keyOf(row, key) : withoutReports(() => keyOf(row, key));
        if (k instanceof ErrorValue) {
          if (diff > 0) reportDropped(k, `${kind} dropped a row whose new id is an error`, site);
          return;
        }
        out.push(k as Key, row.length === width ? row : row.slice(0, width), diff);
      }),
      node,
    );
    return errorRowsForSharedIds(ctx, node, rekeyedRows, width, kind, 'several rows got this id', site);
  });
  return markFiltered(new Table<TRow>(table.columns, node, new Universe()), table, [keyExpr]);
}

/**
 * `rows` with each id that several rows hold (Pathway's "duplicated entries for key", reported with `why` at `site`)
 * showing one row of errors in its `width` columns while they do, and the remaining row once one is left.
 */
export function errorRowsForSharedIds(
  ctx: LoweringContext,
  node: PlanNode,
  rows: Operator<unknown[]>,
  width: number,
  kind: string,
  why: string,
  site: string | undefined,
): Operator<unknown[]> {
  const errors = new Array<unknown>(width).fill(new ErrorValue(`${kind}: several rows have this id`));
  const conflict = (): unknown[] => errors;
  const report = (k: Key): void =>
    reportError(
      new ErrorValue(
        `${kind}: duplicated entries for key ${keyToString(k)} (${why}; its row holds errors until one is left)`,
      ),
      site,
    );
  return ctx.add(new UniqueKeyOperator<unknown[]>(rows, report, conflict), node);
}
