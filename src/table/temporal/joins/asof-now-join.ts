// `asofNowJoin` (Pathway's `asof_now_join`): each left row, when it arrives, is joined with the right rows as they
// are at that moment (after the same epoch's right updates); its output is never revised. Inner and left modes.
//
// Algorithm: the right side is an arrangement by join key; left insertions look their key up and emit one row per
// right row (or a None-padded row in left mode); left retractions and later right updates emit nothing.
// State: the right arrangement only (left rows are not stored).
// Invariants: the output is append-only; ids are combineKeys(leftId, rightId) (keyFromValue(null) unmatched), or
// the left id with `{ id: 'left' }`.

import { Arrangement } from '../../../engine/arrangement.js';
import { rowAt, strideOf } from '../../../engine/flat-group.js';
import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import { combineKeys, keyFromValue, type Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { GraphBuildError } from '../../errors.js';
import { JoinResult, type JoinCore } from '../../join.js';
import { planNode } from '../../plan.js';
import { Table } from '../../table.js';
import type { Nullable, Row } from '../../table-types.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import {
  instanceOf,
  lowerQuietSides,
  NO_MATCH_LEFT,
  NO_MATCH_RIGHT,
  plainJoinRow,
  prepareSide,
  sideInputs,
  splitConditions,
} from './join-sides.js';
import { rejectSelfJoin, temporalArgs, type InstanceOptions, type TemporalCondition } from './join-args.js';

/** Options of `asofNowJoin`. */
export interface AsofNowJoinOptions extends InstanceOptions {
  /** 'inner' (default) or 'left'. */
  how?: 'inner' | 'left';
  /** Keep the left ids (each left row must then match at most one right row). */
  id?: 'left';
}

const NULL_KEY = keyFromValue(null);
const NO_KEY = null as unknown as Key;

/** Joins left insertions with the current right arrangement; never revises. */
class AsofNowJoinOperator extends Operator<unknown[]> {
  constructor(
    left: Operator<unknown[]>,
    private readonly right: Arrangement<unknown[]>,
    private readonly leftIndexKey: (key: Key, row: unknown[]) => unknown,
    private readonly emit: (
      lk: Key,
      lr: unknown[],
      rk: Key | null,
      rr: unknown[] | null,
      out: Batch<unknown[]>,
    ) => void,
    private readonly keepUnmatched: boolean,
  ) {
    super([left, right]);
  }
  get name(): string {
    return 'asof-now-join';
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<unknown[]>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const dl = consolidateBatch(raw);
    const out = new Batch<unknown[]>();
    const index = this.right.index;
    const cells = this.right.cells;
    const stride = strideOf(cells);
    for (let i = 0; i < dl.keys.length; i++) {
      if (dl.diffs[i]! <= 0) continue;
      const lk = dl.keys[i]!;
      const lr = dl.rows[i]!;
      const g = index.get(this.leftIndexKey(lk, lr) as never);
      if (g === undefined || g.length === 0) {
        if (this.keepUnmatched) for (let n = 0; n < dl.diffs[i]!; n++) this.emit(lk, lr, null, null, out);
        continue;
      }
      for (let j = 0; j < g.length; j += stride) {
        const w = dl.diffs[i]! * (g[j + 1] as number);
        const rr = rowAt<unknown[]>(g, j, cells);
        for (let n = 0; n < w; n++) this.emit(lk, lr, g[j] as Key, rr, out);
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
}

/** Builds an asof-now join (the free functions and the Table methods call this). */
export function asofNowJoinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  args: readonly unknown[],
  forced: 'inner' | 'left' | undefined,
  site: string | undefined,
): JoinResult<any, any> {
  rejectSelfJoin(left, right, 'asofNowJoin()', site);
  const { conditions, options } = temporalArgs<AsofNowJoinOptions>(left, right, args);
  const how = forced ?? options.how ?? 'inner';
  if (how !== 'inner' && how !== 'left') {
    throw new GraphBuildError('asofNowJoin() supports only how: inner or left', site);
  }
  if (options.id !== undefined && options.id !== 'left') {
    throw new GraphBuildError("asofNowJoin(): id can only be 'left'", site);
  }
  const { leftKeys, rightKeys } = splitConditions(left, right, conditions, 'asofNowJoin()', site);
  const lSide = prepareSide(left, leftKeys, site);
  const rSide = prepareSide(right, rightKeys, site);
  const inputs = sideInputs(left, right, lSide, rSide);
  const nr = right.columns.length;
  const nullsR = new Array<unknown>(nr).fill(null);
  const byLeft = options.id === 'left';
  const lowerCore: JoinCore['lower'] = (ctx, node, ops, make) => {
    const { lOp, rOp, lc, rc } = lowerQuietSides(ctx, node, ops, lSide, rSide);
    const ra = ctx.add(
      new Arrangement<unknown[]>(rOp, (k, r) => instanceOf(rc, r, k, NO_MATCH_RIGHT).inst),
      node,
    );
    return ctx.add(
      new AsofNowJoinOperator(
        lOp,
        ra,
        (k, r) => instanceOf(lc, r, k, NO_MATCH_LEFT).inst,
        (lk, lr, rk, rr, out) => {
          const key = byLeft ? lk : combineKeys(lk, rk ?? NULL_KEY);
          out.push(key, make(lr, lk, rr ?? nullsR, rk ?? NO_KEY, key), 1);
        },
        how === 'left',
      ),
      node,
    );
  };
  const joined = plainJoinRow(left.columns.length, nr);
  const node = planNode(`asof-now-join-${how}`, inputs, site, (ctx, ops) =>
    lowerCore(ctx, node, ops, joined),
  );
  const universe = byLeft ? new Universe(left.universe) : new Universe();
  // A left join keyed by the queries' ids has one row per query: the queries' universe (Pathway's
  // test_asof_now_joins.py::test_asof_now_left[set_id=True]).
  if (byLeft && how === 'left') universe.promiseEqualTo(left.universe);
  return new JoinResult(left, right, node, universe, how, { inputs, lower: lowerCore });
}

type NowArgs<TL, TR> = (TemporalCondition<TL, TR> | AsofNowJoinOptions)[];

/** `cw.temporal.asofNowJoin(queries, data, cw.left.k.eq(cw.right.k), { how: 'left' })`. */
export function asofNowJoin<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: NowArgs<TL, TR>
): JoinResult<TL, Nullable<TR>> {
  return asofNowJoinTables(left, right, args, undefined, userCallSite());
}

/** Inner asof-now join: left rows without a match give nothing. */
export function asofNowJoinInner<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: NowArgs<TL, TR>
): JoinResult<TL, TR> {
  return asofNowJoinTables(left, right, args, 'inner', userCallSite());
}

/** Left asof-now join: left rows without a match give a row with None on the right. */
export function asofNowJoinLeft<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: NowArgs<TL, TR>
): JoinResult<TL, Nullable<TR>> {
  return asofNowJoinTables(left, right, args, 'left', userCallSite());
}

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Asof-now join (Pathway's `asof_now_join`): each row of this table joined with `other` as it is when the row
     * arrives, never revised: `queries.asofNowJoin(data, cw.left.k.eq(cw.right.k)).select(...)`.
     */
    asofNowJoin<TOther extends Row>(
      other: Table<TOther>,
      ...args: NowArgs<TRow, TOther>
    ): JoinResult<TRow, Nullable<TOther>>;
    /** Inner asof-now join. */
    asofNowJoinInner<TOther extends Row>(
      other: Table<TOther>,
      ...args: NowArgs<TRow, TOther>
    ): JoinResult<TRow, TOther>;
    /** Left asof-now join. */
    asofNowJoinLeft<TOther extends Row>(
      other: Table<TOther>,
      ...args: NowArgs<TRow, TOther>
    ): JoinResult<TRow, Nullable<TOther>>;
  }
}

Table.prototype.asofNowJoin = function (this: Table<any>, other, ...args) {
  return asofNowJoinTables(this, other, args, undefined, userCallSite());
};
Table.prototype.asofNowJoinInner = function (this: Table<any>, other, ...args) {
  return asofNowJoinTables(this, other, args, 'inner', userCallSite());
};
Table.prototype.asofNowJoinLeft = function (this: Table<any>, other, ...args) {
  return asofNowJoinTables(this, other, args, 'left', userCallSite());
};
