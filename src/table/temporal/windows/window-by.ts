// `t.windowBy(time, { window, behavior, instance })` (Pathway's `windowby`): rows tagged with their windows, then
// `.reduce({...})` as for groupBy, with `cw.this._windowStart`, `cw.this._windowEnd` and `cw.this._instance`
// (Pathway's `_pw_window_start`, `_pw_window_end`, `_pw_instance`) usable as grouping columns.
//
// Algorithm: a windowing node evaluates time and instance and emits each row once per window it belongs to, as
// [...columns, _windowStart, _windowEnd, _instance] with the row's own id (so argmin/argmax give original ids):
// tumbling/sliding in one fused WindowAssignOperator (time, watermark = largest event time seen, assignment, and
// dropping events of windows whose end + cutoff <= the previous epoch's watermark: rows of one epoch are never late
// relative to each other); a buffer holds rows until the advanced watermark reaches start + delay; the reduce
// routes rows by window start (a number; hashed with the instance when there is one) and, with a cutoff, closes
// windows with Pathway's `_forget` timing: in an epoch bringing it rows, those whose end + cutoff <= the watermark
// of the last earlier such epoch (ForgettingReduceOperator). Sessions: SessionOperator, closing groups with the
// advanced watermark. intervalsOver windows reduce with their rows' time as the sort key (Pathway's `sort_by`), so
// `tuple` lists values in time order; the other windows, as in Pathway, have none (`tuple` by row id).
// State: the watermark, the buffer's held rows, the reduce's open windows (sessions: rows per instance).
// Invariants: without a behavior, the result equals the batch windowed aggregation of the current input.

import { FlatMapOperator } from '../../../engine/linear-operators.js';
import { keyFromValues } from '../../../engine/key.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import type { Batch } from '../../../engine/batch.js';
import type { Operator } from '../../../engine/operator.js';
import { ReduceOperator, type ReduceSpec } from '../../../engine/reduce.js';
import { ColumnRef, Expr, columnRefLike, toExpr, type ExprLike } from '../../expression.js';
import { mapChildren } from '../../expression-tree.js';
import { compileCell, type CellFn } from '../../expression-compiler.js';
import type { ColumnsOf } from '../../columns.js';
import { NONE } from '../../dtype.js';
import { GraphBuildError } from '../../errors.js';
import { planNode, type LoweringContext } from '../../plan.js';
import { prepareRows } from '../../row-context.js';
import { reduceTable, type ReduceSpecMap } from '../../group-by.js';
import { resolveDtypes, tableResolver } from '../../resolve-dtypes.js';
import { Table, type Row, type RowFromSpecs } from '../../table.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { ErrorValue } from '../../values/error-value.js';
import { makeError } from '../../expressions/error-reporter.js';
import { resolveBehavior, type Behavior, type ResolvedBehavior } from './behaviors.js';
import { ForgettingReduceOperator } from './forgetting-reduce-operator.js';
import { SessionOperator } from './session-operator.js';
import { intervalMs, timeMs } from './time-values.js';
import { BufferOperator, Watermark } from './watermark-operators.js';
import { reportDroppedRow, WindowAssignOperator } from './window-assign-operator.js';
import { IntervalsOverWindow, SessionWindow, SlidingWindow, type Window } from './window-kinds.js';
import { intervalsOverTable, WINDOW_TIME } from './intervals-over.js';
import { checkWindowArgs } from './window-args.js';

/** Options of `windowBy`. */
export interface WindowByOptions {
  /** The window: `tumbling(...)`, `sliding(...)`, `session(...)` or `intervalsOver(...)`. */
  window: Window;
  /**
   * Late-data behavior (tumbling, sliding and session windows): `commonBehavior(...)` or `exactlyOnceBehavior(...)`.
   * Sessions: `delay` holds a session's results until the watermark reaches its start + delay; a session closes
   * (state freed, result kept or retracted) once its end + cutoff <= the watermark, and events with
   * time + cutoff <= the previous epoch's watermark are ignored (a later event within the cutoff may still extend or
   * merge open sessions); exactlyOnce({ shift }) gives each session one result, once end + shift <= the watermark.
   */
  behavior?: Behavior;
  /** Windows are computed separately per value of this expression (Pathway's `instance`). */
  instance?: ExprLike;
}

/** Names of the window columns added to the rows of a windowed table. */
export const WINDOW_START = '_windowStart';
/** See WINDOW_START. */
export const WINDOW_END = '_windowEnd';
/** See WINDOW_START. */
export const WINDOW_INSTANCE = '_instance';
/** The `at` value of an intervalsOver window (Pathway's `_pw_window_location`). */
export const WINDOW_LOCATION = '_windowLocation';

/** Rows of a windowed table: the source's columns plus the window columns. */
export type WindowRow<TRow> = TRow & {
  _windowStart: any;
  _windowEnd: any;
  _instance: any;
  _windowLocation?: any;
};

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Groups rows by event-time windows (Pathway's `windowby`):
     * `t.windowBy(t.c.t, { window: cw.temporal.tumbling({ duration: 5 }) }).reduce({ start: cw.this._windowStart,
     * n: cw.reducers.count() })`. Time is a number or a date-time (then window lengths are Durations).
     */
    windowBy(time: ExprLike, options: WindowByOptions): WindowedTable<TRow>;
  }
}

/** A table grouped by windows, waiting for `reduce`. */
export class WindowedTable<TRow extends Row> {
  /** Creates a windowing; use `table.windowBy(...)`. */
  constructor(
    /** The source table. */
    readonly source: Table<TRow>,
    /** The source rows tagged with their windows. */
    readonly windowed: Table<any>,
    /** The grouping columns (window start, end, instance, and location for intervalsOver). */
    private readonly groupNames: readonly string[],
    private readonly behavior: ResolvedBehavior | undefined,
    private readonly watermarks: WeakMap<LoweringContext, Watermark>,
    /** Whether a window is identified by its start (and instance): tumbling and sliding windows. */
    private readonly byStart = false,
    private readonly hasInstance = false,
    /** The windowed rows' column ordering `tuple` within a window (intervalsOver: the time, as Pathway's `sort_by`). */
    private readonly sortBy?: string,
  ) {}

  /**
   * One row per window: `.reduce({ start: cw.this._windowStart, n: cw.reducers.count(), s: cw.reducers.sum(t.c.v) })`.
   * Window columns and reducers may be used; other columns only inside reducers.
   */
  reduce<const M extends ReduceSpecMap>(
    map: M | ((c: ColumnsOf<WindowRow<TRow>>) => M),
  ): Table<RowFromSpecs<M>>;
  /** Picks keep their names: `reduce(cw.this._windowStart, { n: cw.reducers.count() })`. */
  reduce(...args: (ColumnRef<any, string> | ReduceSpecMap)[]): Table<Row>;
  reduce(...args: unknown[]): Table<any> {
    const site = userCallSite();
    const w = this.windowed;
    const src = this.source;
    // References to the source table's columns are references to the windowed rows' copies of them.
    const retarget = (e: Expr): Expr => {
      const n = e.node;
      if (n.kind === 'column' && n.slot === src) return columnRefLike(n, w, e.dtype);
      if (n.kind === 'id' && n.slot === src) return new Expr({ kind: 'id', slot: w }, e.dtype);
      return mapChildren(e, retarget);
    };
    const named: [string, Expr][] = [];
    for (const a of args) {
      if (a instanceof ColumnRef) named.push([a.name, retarget(a)]);
      else if (a instanceof Expr) {
        throw new GraphBuildError('reduce() needs a name for a computed column: pass { name: expr }', site);
      } else if (typeof a === 'function') {
        const m = (a as (c: ColumnsOf<any>) => ReduceSpecMap)(w.c);
        for (const [k, v] of Object.entries(m)) named.push([k, retarget(toExpr(v))]);
      } else if (typeof a === 'object' && a !== null) {
        for (const [k, v] of Object.entries(a as ReduceSpecMap)) named.push([k, retarget(toExpr(v))]);
      } else {
        throw new GraphBuildError(
          `reduce() takes columns and { name: expr } maps, got ${JSON.stringify(a)}` +
            (typeof a === 'string' ? `; did you mean cw.this.${a}?` : ''),
          site,
        );
      }
    }
    const groupBy = this.groupNames.map((n): [string, Expr] => [n, w.col(n)]);
    const names = w.columnNames();
    const startAt = names.indexOf(WINDOW_START);
    const instAt = names.indexOf(WINDOW_INSTANCE);
    // Groups routed by the window start's number (and the instance), not by a hash of (start, end, instance).
    const route: ((spec: Spec) => Spec) | undefined = !this.byStart
      ? undefined
      : this.hasInstance
        ? (spec) => ({ ...spec, groupOf: (_k, row) => keyFromValues([timeMs(row[startAt]), row[instAt]]) })
        : (spec) => ({ ...spec, groupOf: (_k, row) => timeMs(row[startAt]) });
    const options = this.sortBy === undefined ? {} : { sortBy: w.col(this.sortBy) };
    const b = this.behavior;
    if (b?.cutoff === undefined) {
      if (route === undefined) return reduceTable(w, groupBy, options, named, site);
      return reduceTable(
        w,
        groupBy,
        options,
        named,
        site,
        (input, spec) => new ReduceOperator(input, route(spec)),
      );
    }
    const endAt = names.indexOf(WINDOW_END);
    const cutoff = b.cutoff;
    const keep = b.keepResults;
    const watermarks = this.watermarks;
    return reduceTable(w, groupBy, options, named, site, (input, spec, ctx) => {
      const wm = watermarks.get(ctx);
      if (wm === undefined) throw new Error('windowBy: the windowing node was not lowered before its reduce');
      const s = route === undefined ? spec : route(spec);
      const thresholdOf = (row: unknown[]): number => timeMs(row[endAt]) + cutoff;
      // Tumbling/sliding windows forget with Pathway's `_forget` timing; sessions close with the SessionOperator.
      return new ForgettingReduceOperator(input, s, wm, thresholdOf, keep, this.byStart);
    });
  }
}

type Spec = ReduceSpec<unknown[], any, unknown[]>;

/** The keys of `WindowByOptions` (an unknown key, e.g. a misspelt `instance`, is refused). */
const WINDOW_BY_OPTIONS: readonly string[] = ['window', 'behavior', 'instance'];

Table.prototype.windowBy = function <TRow extends Row>(
  this: Table<TRow>,
  time: ExprLike,
  options: WindowByOptions,
): WindowedTable<TRow> {
  const site = userCallSite();
  const extra =
    typeof options === 'object' && options !== null
      ? Object.keys(options).filter((k) => !WINDOW_BY_OPTIONS.includes(k))
      : [];
  if (extra.length > 0) {
    throw new GraphBuildError(
      `windowBy() does not take the option(s) ${extra.join(', ')}; it takes ${WINDOW_BY_OPTIONS.join(', ')}`,
      site,
    );
  }
  const window = options?.window;
  const timeExpr = typeof time === 'string' ? this.col(time) : toExpr(time);
  const instanceExpr = toExpr(options?.instance ?? null);
  const watermarks = new WeakMap<LoweringContext, Watermark>();
  const resolver = tableResolver([this], { this: this });
  const timeDtype = resolveDtypes(timeExpr, resolver).dtype.unoptional();
  checkWindowArgs(window, timeDtype, site);
  if (window instanceof IntervalsOverWindow) {
    if (options.behavior !== undefined) {
      throw new GraphBuildError(
        'windowBy(): behaviors apply to tumbling, sliding and session windows only',
        site,
      );
    }
    const windowed = intervalsOverTable(
      this,
      timeExpr,
      instanceExpr,
      window,
      options.instance !== undefined,
      site,
    );
    return new WindowedTable(
      this,
      windowed,
      [WINDOW_LOCATION, WINDOW_START, WINDOW_END, WINDOW_INSTANCE],
      undefined,
      watermarks,
      false,
      false,
      WINDOW_TIME,
    );
  }
  if (!(window instanceof SlidingWindow) && !(window instanceof SessionWindow)) {
    throw new GraphBuildError(
      'windowBy() needs { window: cw.temporal.tumbling(...) | sliding(...) | session(...) | intervalsOver(...) }',
      site,
    );
  }
  // Sessions: a delay counts from the session's start; exactlyOnce holds results until end + shift, and closes
  // sessions then (cutoff = shift).
  const b0 = options.behavior;
  const sessionDelayFromEnd = window instanceof SessionWindow && b0?.kind === 'exactlyOnce';
  const behavior =
    window instanceof SlidingWindow
      ? resolveBehavior(b0, window.durationMs)
      : b0?.kind === 'exactlyOnce'
        ? (() => {
            const shift = b0.shift === undefined ? 0 : intervalMs(b0.shift);
            return { delay: shift, cutoff: shift, keepResults: true };
          })()
        : resolveBehavior(b0, 0);
  const instDtype = resolveDtypes(instanceExpr, resolver).dtype;
  const prepared = prepareRows(this, [this], [timeExpr, instanceExpr], site);
  const width = this.columns.length;
  const node = planNode('windowBy', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const timeOf = compileCell(prepared.exprs[0]!, scope);
    const instanceOf = compileCell(prepared.exprs[1]!, scope);
    const wm = new Watermark();
    watermarks.set(ctx, wm);
    if (window instanceof SessionWindow) {
      const timed = timedRows(ctx, node, op, width, timeOf, instanceOf);
      const b = behavior === undefined ? undefined : { watermark: wm, cutoff: behavior.cutoff };
      let cur = lowerSessions(ctx, node, timed, width, window, b);
      if (behavior?.delay !== undefined) {
        const delay = behavior.delay;
        const at = sessionDelayFromEnd ? width + 1 : width;
        cur = ctx.add(new BufferOperator(cur, wm, (r) => timeMs(r[at]) + delay), node);
      }
      return cur;
    }
    // Time, watermark, window assignment and late filter in one operator (window-assign-operator.ts).
    let cur: Operator<unknown[]> = ctx.add(
      new WindowAssignOperator(op, {
        width,
        timeOf,
        instanceOf,
        window,
        watermark: behavior === undefined ? undefined : wm,
        cutoff: behavior?.cutoff,
        site,
      }),
      node,
    );
    if (behavior?.delay !== undefined) {
      const delay = behavior.delay;
      cur = ctx.add(new BufferOperator(cur, wm, (r) => timeMs(r[width]) + delay), node);
    }
    return cur;
  });
  const columns = [
    ...this.columns,
    { name: WINDOW_START, dtype: timeDtype },
    { name: WINDOW_END, dtype: timeDtype },
    { name: WINDOW_INSTANCE, dtype: options?.instance === undefined ? NONE : instDtype },
  ];
  const windowed = new Table<any>(columns, node, new Universe());
  windowed.repeatsIds = true; // a row once per window holding it, under its own id
  return new WindowedTable(
    this,
    windowed,
    [WINDOW_START, WINDOW_END, WINDOW_INSTANCE],
    behavior,
    watermarks,
    window instanceof SlidingWindow,
    options.instance !== undefined,
  );
};

/** Rows as [...columns, time, instance]; rows whose time or instance is missing or an error are dropped. */
function timedRows(
  ctx: LoweringContext,
  node: ReturnType<typeof planNode>,
  op: Operator<unknown[]>,
  width: number,
  timeOf: CellFn,
  instanceOf: CellFn,
): Operator<unknown[]> {
  const site = node.site;
  return ctx.add(
    new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out: Batch<unknown[]>) => {
      const t = timeOf(r, k);
      const inst = instanceOf(r, k);
      if (t instanceof ErrorValue || inst instanceof ErrorValue || Number.isNaN(timeMs(t))) {
        if (d > 0) reportDroppedRow(t, inst, site);
        return;
      }
      const row = r.length === width ? r.slice() : r.slice(0, width);
      row.push(t, inst);
      out.push(k, row, d);
    }),
    node,
  );
}

/** Session windows: rows tagged by SessionOperator with their session's first and last time. */
function lowerSessions(
  ctx: LoweringContext,
  node: ReturnType<typeof planNode>,
  timed: Operator<unknown[]>,
  width: number,
  window: SessionWindow,
  behavior: { watermark: Watermark; cutoff: number | undefined } | undefined,
): Operator<unknown[]> {
  const gap = window.maxGap === undefined ? undefined : intervalMs(window.maxGap);
  const predicate = window.predicate;
  const site = node.site;
  const connected =
    gap !== undefined
      ? (_a: unknown[], _b: unknown[], aMs: number, bMs: number) => bMs - aMs < gap
      : (a: unknown[], b: unknown[]) => {
          try {
            return predicate!(a[width], b[width]) === true;
          } catch (e) {
            makeError(`session(): the predicate threw: ${e instanceof Error ? e.message : String(e)}`, site);
            return false;
          }
        };
  return ctx.add(
    new SessionOperator<unknown[]>(timed, {
      instance: (r) => instanceKey(r[width + 1]),
      timeMs: (r) => timeMs(r[width]),
      connected,
      tag: (r, first, last) => {
        const row = r.slice(0, width);
        row.push(first[width], last[width], r[width + 1]);
        return row;
      },
      behavior,
    }),
    node,
  );
}

function instanceKey(v: unknown): IndexKey {
  const t = typeof v;
  return v === null || t === 'string' || t === 'number' || t === 'boolean'
    ? (v as IndexKey)
    : keyFromValues([v]);
}
