// Table operators relative to the watermark (largest event time seen), Pathway's `forget`, `ignore_late` and
// `buffer`: `t.forget(t.c.time, 10)`, `t.ignoreLate(t.c.time, 10)`, `t.buffer(t.c.time, 10)`. Lateness is judged
// against the watermark at the end of the previous epoch; release and forgetting against the advanced one.

import { ForgettingFilterOperator } from '../../../engine/forgetting-filter.js';
import { MapOperator } from '../../../engine/linear-operators.js';
import type { Operator } from '../../../engine/operator.js';
import { toExpr, type ExprLike } from '../../expression.js';
import { compileCell } from '../../expression-compiler.js';
import { GraphBuildError } from '../../errors.js';
import { planNode } from '../../plan.js';
import { prepareRows } from '../../row-context.js';
import { Table, type Row } from '../../table.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { intervalMs, isInterval, timeMs, type IntervalValue } from './time-values.js';
import {
  BufferOperator,
  ForgetOperator,
  LateFilterOperator,
  Watermark,
  WatermarkOperator,
} from './watermark-operators.js';

/** Options of `forget`. */
export interface ForgetOptions {
  /**
   * Pathway's `mark_forgetting_records`: the retractions of forgotten rows come in a pass of their own at the end of
   * each epoch (Pathway's "neu" time), so `filterOutResultsOfForgetting` further down can drop what they caused. Late
   * rows then pass too (and are forgotten in that pass). Sinks see both passes of an epoch as one change.
   */
  markForgettingRecords?: boolean;
}

/** Options of `filterOutResultsOfForgetting`. */
export interface FilterOutForgettingOptions {
  /**
   * Keep the stream consistent (Pathway's `ensure_consistency`): every key shows at most one row, so an insertion for
   * a key whose row's forgetting was dropped first retracts that row. Keeps the row of every key in memory.
   */
  ensureConsistency?: boolean;
}

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /** Retracts rows once `time < watermark - threshold`, freeing their state; later updates of them are dropped. */
    forget(time: ExprLike, threshold: IntervalValue, options?: ForgetOptions): Table<TRow>;
    /**
     * Drops every update caused by marked forgetting upstream (`forget(..., { markForgettingRecords: true })`),
     * undoing its retractions after the computations between the two (Pathway's `filter_out_results_of_forgetting`).
     */
    filterOutResultsOfForgetting(options?: FilterOutForgettingOptions): Table<TRow>;
    /** Drops updates whose `time < watermark - threshold`, the watermark of the previous epoch (late data). */
    ignoreLate(time: ExprLike, threshold: IntervalValue): Table<TRow>;
    /** Holds rows back until `time <= watermark - threshold`; at the end of the input, releases everything held. */
    buffer(time: ExprLike, threshold: IntervalValue): Table<TRow>;
  }
}

type Kind = 'forget' | 'ignoreLate' | 'buffer';

function temporalOp<TRow extends Row>(
  table: Table<TRow>,
  kind: Kind,
  time: ExprLike,
  threshold: IntervalValue,
  site: string | undefined,
  marked = false,
): Table<TRow> {
  if (!isInterval(threshold) || intervalMs(threshold) < 0) {
    throw new GraphBuildError(`${kind}(): threshold must be a non-negative number or Duration`, site);
  }
  const th = intervalMs(threshold);
  const timeExpr = typeof time === 'string' ? table.col(time) : toExpr(time);
  const prepared = prepareRows(table, [table], [timeExpr], site);
  const width = table.columns.length;
  const node = planNode(kind, prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const timeOf = compileCell(prepared.exprs[0]!, scope);
    // Rows as [...columns, time in ms] (NaN when the time is missing: never late, never held).
    const timed = ctx.add(
      new MapOperator<unknown[], unknown[]>(op, (r, k) => {
        const row = r.slice(0, width);
        row.push(timeMs(timeOf(r, k)));
        return row;
      }),
      node,
    );
    const wm = new Watermark();
    const msOf = (r: unknown[]) => r[width] as number;
    let cur: Operator<unknown[]> = ctx.add(new WatermarkOperator(timed, wm, msOf), node);
    const thresholdOf = (r: unknown[]) => (r[width] as number) + th;
    if (kind === 'ignoreLate') cur = ctx.add(new LateFilterOperator(cur, wm, thresholdOf, true), node);
    else if (kind === 'buffer') cur = ctx.add(new BufferOperator(cur, wm, thresholdOf), node);
    else cur = ctx.add(new ForgetOperator(cur, wm, thresholdOf, undefined, marked), node);
    return ctx.add(new MapOperator<unknown[], unknown[]>(cur, (r) => r.slice(0, width)), node);
  });
  return new Table<TRow>(table.columns, node, new Universe(table.universe));
}

Table.prototype.forget = function <TRow extends Row>(
  this: Table<TRow>,
  time: ExprLike,
  threshold: IntervalValue,
  options: ForgetOptions = {},
): Table<TRow> {
  return temporalOp(this, 'forget', time, threshold, userCallSite(), options.markForgettingRecords === true);
};

Table.prototype.filterOutResultsOfForgetting = function <TRow extends Row>(
  this: Table<TRow>,
  options: FilterOutForgettingOptions = {},
): Table<TRow> {
  const ensure = options.ensureConsistency === true;
  const node = planNode('filter-out-forgetting', [this.node], userCallSite(), (ctx, ops) =>
    ctx.add(new ForgettingFilterOperator<unknown[]>(ops[0]!, ensure), node),
  );
  return new Table<TRow>(this.columns, node, new Universe());
};

Table.prototype.ignoreLate = function <TRow extends Row>(
  this: Table<TRow>,
  time: ExprLike,
  threshold: IntervalValue,
): Table<TRow> {
  return temporalOp(this, 'ignoreLate', time, threshold, userCallSite());
};

Table.prototype.buffer = function <TRow extends Row>(
  this: Table<TRow>,
  time: ExprLike,
  threshold: IntervalValue,
): Table<TRow> {
  return temporalOp(this, 'buffer', time, threshold, userCallSite());
};
