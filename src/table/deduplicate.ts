// `deduplicate({ value, instance, acceptor })`: per instance, the last row whose value the acceptor accepted
// (Pathway's `deduplicate`), computed by the engine's DeduplicateOperator.
// Retractions of input rows are ignored (the kept row stays), as in Pathway, where deduplicate is meant for
// append-only streams. Within one epoch, rows are offered to the acceptor in arrival order.

import { refuseFutures } from './future-checks.js';
import { DeduplicateOperator } from '../engine/deduplicate-operator.js';
import type { IndexKey } from '../engine/arrangement.js';
import { keyFromValues } from '../engine/key.js';
import { FlatMapOperator, MapOperator } from '../engine/linear-operators.js';
import type { Batch } from '../engine/batch.js';
import { toExpr, type ExprLike } from './expression.js';
import { compileCell } from './expression-compiler.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Table, type Row } from './table.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { makeError, reportDropped } from './expressions/error-reporter.js';

/** Options of `deduplicate`. */
export interface DeduplicateOptions<TValue> {
  /** The value the acceptor compares. */
  value: ExprLike<TValue>;
  /** Deduplicate separately per value of this expression. */
  instance?: ExprLike;
  /** True when `newValue` should replace the kept `oldValue`. The first value of an instance is always kept. */
  acceptor: (newValue: TValue, oldValue: TValue) => boolean;
}

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * Keeps, per instance, the last row whose value was accepted:
     * `t.deduplicate({ value: t.c.val, acceptor: (n, o) => n >= o + 2 })`. The result has one row per instance
     * (id = `pointerFrom(instance)`), with this table's columns.
     */
    deduplicate<TValue>(options: DeduplicateOptions<TValue>): Table<TRow>;
  }
}

function instanceKey(v: unknown): IndexKey {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'boolean'
    ? (v as IndexKey)
    : keyFromValues([v]);
}

Table.prototype.deduplicate = function <TRow extends Row, TValue>(
  this: Table<TRow>,
  options: DeduplicateOptions<TValue>,
): Table<TRow> {
  const site = userCallSite();
  if (typeof options?.acceptor !== 'function') {
    throw new GraphBuildError(
      'deduplicate() needs { value, acceptor: (newValue, oldValue) => boolean }',
      site,
    );
  }
  const acceptor = options.acceptor;
  const exprs = [toExpr(options.value), toExpr(options.instance ?? null)];
  refuseFutures(this, exprs, 'deduplicate()', site);
  const prepared = prepareRows(this, [this], exprs, site);
  const width = this.columns.length;
  const node = planNode('deduplicate', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const valueOf = compileCell(prepared.exprs[0]!, scope);
    const instanceOf = compileCell(prepared.exprs[1]!, scope);
    // Rows as [...columns, value, instance]; rows whose value or instance is an error are dropped and logged.
    const tagged = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out: Batch<unknown[]>) => {
        const v = valueOf(r, k);
        const inst = instanceOf(r, k);
        const bad = v instanceof ErrorValue ? v : inst instanceof ErrorValue ? inst : undefined;
        if (bad !== undefined) {
          if (d > 0)
            reportDropped(bad, 'deduplicate dropped a row whose value or instance is an error', site);
          return;
        }
        const row = r.slice(0, width);
        row.push(v, inst);
        out.push(k, row, d);
      }),
      node,
    );
    const dedup = ctx.add(
      new DeduplicateOperator<unknown[]>(tagged, {
        instance: (_k, r) => instanceKey(r[width + 1]),
        outputKey: (_i, _k, r) => keyFromValues([r[width + 1]]),
        accept: (row, kept) => {
          if (kept === undefined) return true;
          try {
            return acceptor(row[width] as TValue, kept[width] as TValue) === true;
          } catch (e) {
            makeError(
              `deduplicate(): the acceptor threw: ${e instanceof Error ? e.message : String(e)}`,
              site,
            );
            return false;
          }
        },
      }),
      node,
    );
    return ctx.add(new MapOperator<unknown[], unknown[]>(dedup, (r) => r.slice(0, width)), node);
  });
  return new Table<TRow>(this.columns, node, new Universe());
};
