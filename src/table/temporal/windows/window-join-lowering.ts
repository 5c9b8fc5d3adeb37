// Lowering of `windowJoin` (Pathway's `window_join`): pairs of rows that fall in the same window and have equal join keys;
// tumbling and sliding windows are assigned on each side, sessions over the union of both sides' times.
//
// Algorithm: each side's rows are tagged, once per window containing them, with a bucket = (join keys, window
// start): tumbling/sliding windows by arithmetic on the row's own time; sessions by one SessionOperator over both
// sides' rows (tagged with their side), per join-key instance, so a late event bridging two sessions re-tags the
// rows of both. The engine's bilinear join over the two bucket arrangements gives the pairs. Outer sides add, per
// (row, window), the tagged rows whose bucket holds no row of the other side: tagged - semijoin(tagged, buckets
// present on the other side), the present buckets counted by a reduction (linear, so retractions just work).
// State: the session operator (sessions), the bucket arrangements and present-bucket reductions (engine operators).
// Invariants: output ids are combineKeys(leftId, rightId) (the missing side's id is keyFromValue(null)), with the
// window start mixed in when a row can lie in several windows (sliding windows longer than their hop).

import { Arrangement, type IndexKey } from '../../../engine/arrangement.js';
import type { Batch } from '../../../engine/batch.js';
import { JoinOperator } from '../../../engine/join.js';
import { combineKeys, keyFromValue, keyWithIndex, type Key } from '../../../engine/key.js';
import { ConcatOperator, FlatMapOperator } from '../../../engine/linear-operators.js';
import type { Operator } from '../../../engine/operator.js';
import type { ExprLike } from '../../expression.js';
import type { CellFn } from '../../expression-compiler.js';
import { GraphBuildError } from '../../errors.js';
import { JoinResult, type JoinCore, type JoinMode } from '../../join.js';
import { planNode, type LoweringContext, type PlanNode } from '../../plan.js';
import { Universe } from '../../universe.js';
import type { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import { makeError } from '../../expressions/error-reporter.js';
import { commonKeyNames } from '../../join-conditions.js';
import {
  instanceOf,
  lowerQuietSides,
  NO_MATCH_LEFT,
  NO_MATCH_RIGHT,
  plainJoinRow,
  prepareTimedSides,
} from '../joins/join-sides.js';
import { joinModeOf, rejectSelfJoin, temporalArgs } from '../joins/join-args.js';
import { bucketKey, joinedRow, paddedRows, rowsWithoutMatch, withPadding } from '../joins/bucketed-join.js';
import { SessionOperator } from './session-operator.js';
import { resolveBehavior, type Behavior } from './behaviors.js';
import { windowJoinBehaviorSides } from './window-join-behavior.js';
import { intervalMs, timeMs } from './time-values.js';
import { SessionWindow, SlidingWindow, type Window } from './window-kinds.js';

/** Options of `windowJoin`. */
export interface WindowJoinOptions {
  /** Rows kept (default inner): unmatched rows of kept sides come once per window, padded with None. */
  how?: JoinMode;
  /**
   * Temporal behavior (tumbling and sliding windows), as for `windowBy`, with one watermark for both sides:
   * `commonBehavior({ delay, cutoff, keepResults })` or `exactlyOnceBehavior({ shift })` (window-join-behavior.ts).
   */
  behavior?: Behavior;
}

/** A tagged row of one side: [...columns, window start, bucket]. */
type Tagged = unknown[];

/** Builds a window join (the free functions and the Table methods call this). */
export function windowJoinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  window: Window,
  args: readonly unknown[],
  forced: JoinMode | undefined,
  site: string | undefined,
): JoinResult<any, any> {
  rejectSelfJoin(left, right, 'windowJoin()', site);
  if (!(window instanceof SlidingWindow) && !(window instanceof SessionWindow)) {
    throw new GraphBuildError(
      'windowJoin() needs a tumbling(...), sliding(...) or session(...) window (intervalsOver is for windowBy only)',
      site,
    );
  }
  const { conditions, options } = temporalArgs<WindowJoinOptions>(left, right, args);
  const how = joinModeOf(forced, options.how, 'inner', 'windowJoin()', site);
  if (window instanceof SessionWindow && options.behavior !== undefined) {
    throw new GraphBuildError('windowJoin(): behaviors apply to tumbling and sliding windows only', site);
  }
  const behavior =
    window instanceof SlidingWindow ? resolveBehavior(options.behavior, window.durationMs) : undefined;
  const spans = window instanceof SlidingWindow ? [window.hop, window.duration] : [];
  if (window instanceof SessionWindow && window.maxGap !== undefined) spans.push(window.maxGap);
  const { leftKeys, rightKeys, lSide, rSide, inputs } = prepareTimedSides(
    left,
    right,
    [leftTime, rightTime],
    conditions,
    spans,
    'windowJoin()',
    site,
  );
  const nl = left.columns.length;
  const nr = right.columns.length;
  // A row lies in at most one window (tumbling, sessions, sliding with duration <= hop): pair ids need no window.
  const single = window instanceof SessionWindow || window.durationMs <= window.hopMs;
  const pairKey = single
    ? (lk: Key, rk: Key) => combineKeys(lk, rk)
    : (lk: Key, rk: Key, start: number) => keyWithIndex(combineKeys(lk, rk), start);

  const lowerCore: JoinCore['lower'] = (ctx, node, ops, make) => {
    const { lOp, rOp, lc, rc } = lowerQuietSides(ctx, node, ops, lSide, rSide);
    let frozen: ((start: number) => boolean) | undefined;
    let lTagged: Operator<Tagged>;
    let rTagged: Operator<Tagged>;
    if (window instanceof SlidingWindow && behavior !== undefined) {
      const sides = windowJoinBehaviorSides(
        ctx,
        node,
        [lOp, rOp],
        [(r, k) => timeMs(lc[0]!(r, k)), (r, k) => timeMs(rc[0]!(r, k))],
        (op, side) =>
          ctx.add(
            side === 0
              ? tagSliding(op, lc, nl, NO_MATCH_LEFT, window)
              : tagSliding(op, rc, nr, NO_MATCH_RIGHT, window),
            node,
          ),
        [nl, nr],
        window.durationMs,
        behavior,
      );
      [lTagged, rTagged, frozen] = [sides.left, sides.right, sides.frozen];
    } else if (window instanceof SlidingWindow) {
      lTagged = ctx.add(tagSliding(lOp, lc, nl, NO_MATCH_LEFT, window), node);
      rTagged = ctx.add(tagSliding(rOp, rc, nr, NO_MATCH_RIGHT, window), node);
    } else [lTagged, rTagged] = tagSessions(ctx, node, lOp, rOp, lc, rc, nl, nr, window);
    const la = ctx.add(new Arrangement<Tagged>(lTagged, (_k, r) => r[nl + 1] as IndexKey), node);
    const ra = ctx.add(new Arrangement<Tagged>(rTagged, (_k, r) => r[nr + 1] as IndexKey), node);
    const matched = ctx.add(
      new JoinOperator<Tagged, Tagged, unknown[]>(la, ra, (lk, lr, rk, rr, d, out) => {
        if (frozen?.(lr[nl] as number) === true) return;
        const key = pairKey(lk, rk, lr[nl] as number);
        out.push(key, joinedRow(make, lr, lk, rr, rk, key, d), d);
      }),
      node,
    );
    // Per (row, window), the tagged rows whose bucket holds no row of the other side.
    return withPadding(ctx, node, matched, how, (which) => {
      const [own, ownArr, other, w, wo] =
        which === 0 ? [lTagged, la, rTagged, nl, nr] : [rTagged, ra, lTagged, nr, nl];
      const net = rowsWithoutMatch(
        ctx,
        node,
        own,
        other,
        (_k, r) => r[wo + 1] as IndexKey,
        (g) => keyFromValue(g),
        ownArr,
      );
      return paddedRows(ctx, node, net, which, make, {
        widths: [nl, nr],
        pairKey: (lk, rk, r) => pairKey(lk, rk, r[w] as number),
        skip: frozen === undefined ? undefined : (r) => frozen(r[w] as number),
      });
    });
  };
  const joined = plainJoinRow(nl, nr);
  const node = planNode(`window-join-${how}`, inputs, site, (ctx, ops) => lowerCore(ctx, node, ops, joined));
  // Columns joined on equal names (left.k == right.k): `cw.this.k` refers to that key in the result.
  const common = commonKeyNames(leftKeys, rightKeys);
  return new JoinResult(left, right, node, new Universe(), how, { inputs, lower: lowerCore }, common);
}

/** Tags each row once per sliding window containing its time: [...columns, start, bucket]. */
function tagSliding(
  op: Operator<unknown[]>,
  cells: readonly CellFn[],
  n: number,
  noMatch: string,
  window: SlidingWindow,
): Operator<Tagged> {
  const timeCell = cells[0]!;
  const keyCells = cells.slice(1);
  return new FlatMapOperator<unknown[], Tagged>(op, (k, r, d, out: Batch<Tagged>) => {
    const ms = timeMs(timeCell(r, k));
    if (Number.isNaN(ms)) return;
    const { inst } = instanceOf(keyCells, r, k, noMatch);
    // Pathway's enumeration of the windows holding a time (see SlidingWindow).
    const lastK = window.lastK(ms);
    for (let i = window.firstK(ms); i <= lastK; i++) {
      const start = window.startOf(i);
      if (!window.holds(start, window.endOf(i), ms)) continue;
      const row = r.slice(0, n);
      row.push(start, bucketKey(inst, start));
      out.push(k, row, d);
    }
  });
}

/**
 * Session windows over both sides: rows [side, time, instance, ...columns] of the two sides go through one
 * SessionOperator, then are split back into each side's tagged rows.
 */
function tagSessions(
  ctx: LoweringContext,
  node: PlanNode,
  lOp: Operator<unknown[]>,
  rOp: Operator<unknown[]>,
  lc: readonly CellFn[],
  rc: readonly CellFn[],
  nl: number,
  nr: number,
  window: SessionWindow,
): [Operator<Tagged>, Operator<Tagged>] {
  const timed = (
    op: Operator<unknown[]>,
    cells: readonly CellFn[],
    n: number,
    side: number,
    noMatch: string,
  ) =>
    ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out) => {
        const t = cells[0]!(r, k);
        if (Number.isNaN(timeMs(t))) return;
        const { inst } = instanceOf(cells.slice(1), r, k, noMatch);
        const row: unknown[] = [side, t, inst];
        for (let i = 0; i < n; i++) row.push(r[i]);
        out.push(k, row, d);
      }),
      node,
    );
  const both = ctx.add(
    new ConcatOperator<unknown[]>([
      timed(lOp, lc, nl, 0, NO_MATCH_LEFT),
      timed(rOp, rc, nr, 1, NO_MATCH_RIGHT),
    ]),
    node,
  );
  const gap = window.maxGap === undefined ? undefined : intervalMs(window.maxGap);
  const predicate = window.predicate;
  const site = node.site;
  const sessions = ctx.add(
    new SessionOperator<unknown[]>(both, {
      instance: (r) => r[2] as IndexKey,
      timeMs: (r) => timeMs(r[1]),
      connected:
        gap !== undefined
          ? (_a, _b, aMs, bMs) => bMs - aMs < gap
          : (a, b) => {
              try {
                return predicate!(a[1], b[1]) === true;
              } catch (e) {
                makeError(
                  `session(): the predicate threw: ${e instanceof Error ? e.message : String(e)}`,
                  site,
                );
                return false;
              }
            },
      tag: (r, first) => {
        const row = r.slice();
        row.push(timeMs(first[1]));
        return row;
      },
    }),
    node,
  );
  const split = (side: number, n: number) =>
    ctx.add(
      new FlatMapOperator<unknown[], Tagged>(sessions, (k, r, d, out) => {
        if (r[0] !== side) return;
        const row = r.slice(3, 3 + n);
        const start = r[3 + n] as number;
        row.push(start, bucketKey(r[2] as IndexKey, start));
        out.push(k, row, d);
      }),
      node,
    );
  return [split(0, nl), split(1, nr)];
}
