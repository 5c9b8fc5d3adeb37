// `asofJoin` (Pathway's `pw.temporal.asof_join`): every row of the kept side(s) joined with the row of the other
// side nearest in time (backward, forward or nearest), within equal join keys; incremental (AsofJoinOperator).

import { combineKeys, keyFromValue, type Key } from '../../../engine/key.js';
import { ColumnRef, type Expr, type ExprLike } from '../../expression.js';
import type { ColumnInfo } from '../../columns.js';
import { ANY } from '../../dtype.js';
import { GraphBuildError } from '../../errors.js';
import { JoinResult, type JoinMode } from '../../join.js';
import { planNode, type PlanNode } from '../../plan.js';
import type { ScopeSlot } from '../../scope.js';
import { Table } from '../../table.js';
import type { Nullable, Row } from '../../table-types.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { AsofJoinOperator, type AsofDirection, type AsofMeta } from './asof-join-operator.js';
import {
  instanceOf,
  lowerQuietSides,
  NO_MATCH_LEFT,
  NO_MATCH_RIGHT,
  prepareTimedSides,
} from './join-sides.js';
import {
  joinModeOf,
  rejectSelfJoin,
  temporalArgs,
  type InstanceOptions,
  type TemporalCondition,
} from './join-args.js';
import { timeNumber } from './time-values.js';
import type { Behavior } from '../windows/behaviors.js';
import { joinBehavior, lowerSideBehavior, Watermark } from './side-behavior.js';
import { MapOperator } from '../../../engine/linear-operators.js';
import type { Operator } from '../../../engine/operator.js';

export type { AsofDirection } from './asof-join-operator.js';

/** Values for the columns of a missing peer: `new Map([[right.c.val, -1]])` or `[[right.c.val, -1]]`. */
export type AsofDefaults =
  ReadonlyMap<ColumnRef<any, string>, unknown> | readonly (readonly [ColumnRef<any, string>, unknown])[];

/** Options of `asofJoin`. */
export interface AsofJoinOptions extends InstanceOptions {
  /** Rows kept: 'left' (default) every left row, 'right' every right row, 'outer' both, 'inner' matched left rows. */
  how?: JoinMode;
  /** Peer searched at or before (default), at or after, or nearest in time (ties go forward). */
  direction?: AsofDirection;
  /** Values of a missing peer's columns (None otherwise). */
  defaults?: AsofDefaults;
  /**
   * Temporal behavior (Pathway's `behavior=`): `cw.temporal.commonBehavior({ delay, cutoff, keepResults })`, per
   * side against that side's largest time seen: rows wait until time + delay <= it; rows with time + cutoff <= it (as
   * at the end of the previous epoch) are ignored; rows are forgotten once time + cutoff <= it, their output rows
   * kept (keepResults, default: rows that lose their peer to forgetting keep showing it) or retracted.
   */
  behavior?: Behavior;
}

const NULL_KEY = keyFromValue(null);

/**
 * The result of an asof join: `select` over `cw.left.*`, `cw.right.*`, and `cw.this.t` (the row's own time) /
 * `cw.this.instance` (its join-key value, a tuple for several conditions, None without conditions).
 */
export class AsofJoinResult<TLeft extends Row, TRight extends Row> extends JoinResult<TLeft, TRight> {
  /** Creates the result; use `asofJoin`. */
  constructor(
    leftTable: Table<TLeft>,
    rightTable: Table<TRight>,
    node: PlanNode,
    universe: Universe,
    mode: JoinMode,
    private readonly extra: readonly ColumnInfo[],
  ) {
    super(leftTable, rightTable, node, universe, mode);
  }

  /** Left columns, left id, right columns, right id, then `t` and `instance`. */
  override get columns(): ColumnInfo[] {
    return [...super.columns, ...this.extra];
  }

  /** The join's slots, with `t` and `instance` answering to `cw.this`. */
  override slots(): ScopeSlot[] {
    const base = super.slots().slice(0, 2);
    const offset = this.leftTable.columns.length + this.rightTable.columns.length + 2;
    const names = this.extra.map((c) => c.name);
    return [
      ...base,
      { table: this, aliases: ['this'], columns: names, offset, idPosition: 'key', prefer: names },
    ];
  }
}

/** Builds an asof join (the free function and the Table methods call this). */
export function asofJoinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  args: readonly unknown[],
  forced: JoinMode | undefined,
  site: string | undefined,
): AsofJoinResult<any, any> {
  rejectSelfJoin(left, right, 'asofJoin()', site);
  const { conditions, options } = temporalArgs<AsofJoinOptions>(left, right, args);
  const how = joinModeOf(
    forced,
    options.how,
    'left',
    'asofJoin()',
    site,
    '; use inner, left, right or outer',
  );
  const direction: AsofDirection = options.direction ?? 'backward';
  if (!['backward', 'forward', 'nearest'].includes(direction)) {
    throw new GraphBuildError(
      `asofJoin(): unknown direction "${String(direction)}"; use backward, forward or nearest`,
      site,
    );
  }
  const sides = prepareTimedSides(left, right, [leftTime, rightTime], conditions, [], 'asofJoin()', site);
  const { lt, leftKeys, lSide, rSide, inputs } = sides;
  const nl = left.columns.length;
  const nr = right.columns.length;
  const lDefaults = new Array<unknown>(nl).fill(null);
  const rDefaults = new Array<unknown>(nr).fill(null);
  const defaults = options.defaults === undefined ? [] : [...options.defaults];
  for (const [col, value] of defaults) {
    if (!(col instanceof ColumnRef)) {
      throw new GraphBuildError('asofJoin(): defaults are keyed by column references (right.c.val)', site);
    }
    const slot = col.node.kind === 'column' ? col.node.slot : undefined;
    const target =
      slot === left || slot === 'left'
        ? [left, lDefaults]
        : slot === right || slot === 'right'
          ? [right, rDefaults]
          : undefined;
    if (target === undefined) {
      throw new GraphBuildError('asofJoin(): defaults must name columns of the joined tables', site);
    }
    const idx = (target[0] as Table<any>).columns.findIndex((c) => c.name === col.name);
    if (idx < 0) throw new GraphBuildError(`asofJoin(): no column "${col.name}" for a default`, site);
    (target[1] as unknown[])[idx] = value;
  }
  const behavior = joinBehavior(options.behavior, 'asofJoin()', site);
  const node = planNode(`asof-join-${how}`, inputs, site, (ctx, ops) => {
    const sides = lowerQuietSides(ctx, node, ops, lSide, rSide);
    let { lOp, rOp } = sides;
    const cells = [sides.lc, sides.rc] as const;
    const wms = [new Watermark(), new Watermark()] as const;
    if (behavior !== undefined) {
      // Each side through its watermark, late filter and buffer; the row's time rides along as its last cell.
      const timed = (op: Operator<unknown[]>, side: 0 | 1) => {
        const withTime = ctx.add(
          new MapOperator<unknown[], unknown[]>(op, (r, k) => {
            const row = r.slice();
            row.push(timeNumber(cells[side][0]!(r, k)) ?? Number.NaN);
            return row;
          }),
          node,
        );
        return lowerSideBehavior(ctx, node, withTime, wms[side], behavior, (r) => r[r.length - 1] as number);
      };
      lOp = timed(lOp, 0);
      rOp = timed(rOp, 1);
    }
    const noMatch = [NO_MATCH_LEFT, NO_MATCH_RIGHT] as const;
    const meta = (side: 0 | 1, key: Key, row: unknown[]): AsofMeta => {
      const cs = cells[side];
      const tv = cs[0]!(row, key);
      const { inst, value } = instanceOf(cs.slice(1), row, key, noMatch[side]);
      return { t: timeNumber(tv), tv, inst, iv: value };
    };
    const width = nl + nr + 4;
    return ctx.add(
      new AsofJoinOperator(lOp, rOp, {
        mode: how,
        direction,
        forgetting:
          behavior?.cutoff === undefined
            ? undefined
            : { cutoff: behavior.cutoff, keepResults: behavior.keepResults },
        meta,
        outKey: (side, key) =>
          how === 'outer' ? (side === 0 ? combineKeys(key, NULL_KEY) : combineKeys(NULL_KEY, key)) : key,
        make(own, key, row, m, peerKey, peerRow) {
          const lr = own === 0 ? row : peerRow;
          const rr = own === 0 ? peerRow : row;
          const out = new Array<unknown>(width);
          for (let i = 0; i < nl; i++) out[i] = lr === null ? lDefaults[i] : lr[i];
          out[nl] = own === 0 ? key : peerKey;
          for (let j = 0; j < nr; j++) out[nl + 1 + j] = rr === null ? rDefaults[j] : rr[j];
          out[nl + 1 + nr] = own === 1 ? key : peerKey;
          out[nl + 2 + nr] = m.tv;
          out[nl + 3 + nr] = m.iv;
          return out;
        },
      }),
      node,
    );
  });
  const universe =
    how === 'outer' ? new Universe() : new Universe(how === 'right' ? right.universe : left.universe);
  if (how === 'left') universe.promiseEqualTo(left.universe);
  if (how === 'right') universe.promiseEqualTo(right.universe);
  const instanceDtype: Expr['dtype'] =
    leftKeys.length === 1 ? leftKeys[0]!.dtype.optional() : leftKeys.length === 0 ? ANY.optional() : ANY;
  return new AsofJoinResult(left, right, node, universe, how, [
    { name: 't', dtype: lt.dtype },
    { name: 'instance', dtype: instanceDtype },
  ]);
}

/** `cw.temporal.asofJoin(left, right, left.c.t, right.c.t, ...conditions, { how, direction, defaults })`. */
export function asofJoin<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  ...args: (TemporalCondition<TL, TR> | AsofJoinOptions)[]
): AsofJoinResult<Nullable<TL>, Nullable<TR>> {
  return asofJoinTables(left, right, leftTime, rightTime, args, undefined, userCallSite());
}

/** Left asof join: every left row with its peer (or defaults / None). */
export function asofJoinLeft<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  ...args: (TemporalCondition<TL, TR> | Omit<AsofJoinOptions, 'how'>)[]
): AsofJoinResult<TL, Nullable<TR>> {
  return asofJoinTables(left, right, leftTime, rightTime, args, 'left', userCallSite());
}

/** Right asof join: every right row with its peer on the left. */
export function asofJoinRight<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  ...args: (TemporalCondition<TL, TR> | Omit<AsofJoinOptions, 'how'>)[]
): AsofJoinResult<Nullable<TL>, TR> {
  return asofJoinTables(left, right, leftTime, rightTime, args, 'right', userCallSite());
}

/** Outer asof join: every row of both sides with its peer on the other side. */
export function asofJoinOuter<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  leftTime: ExprLike,
  rightTime: ExprLike,
  ...args: (TemporalCondition<TL, TR> | Omit<AsofJoinOptions, 'how'>)[]
): AsofJoinResult<Nullable<TL>, Nullable<TR>> {
  return asofJoinTables(left, right, leftTime, rightTime, args, 'outer', userCallSite());
}

declare module '../../table.js' {
  interface Table<TRow extends Row> {
    /**
     * Asof join (Pathway's `asof_join`): `t.asofJoin(o, t.c.t, o.c.t, cw.left.k.eq(cw.right.k), { how: 'left' })`,
     * then `.select(...)` with `cw.left`, `cw.right`, `cw.this.t`, `cw.this.instance`.
     */
    asofJoin<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      ...args: (TemporalCondition<TRow, TOther> | AsofJoinOptions)[]
    ): AsofJoinResult<Nullable<TRow>, Nullable<TOther>>;
    /** Left asof join. */
    asofJoinLeft<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      ...args: (TemporalCondition<TRow, TOther> | Omit<AsofJoinOptions, 'how'>)[]
    ): AsofJoinResult<TRow, Nullable<TOther>>;
    /** Right asof join. */
    asofJoinRight<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      ...args: (TemporalCondition<TRow, TOther> | Omit<AsofJoinOptions, 'how'>)[]
    ): AsofJoinResult<Nullable<TRow>, TOther>;
    /** Outer asof join. */
    asofJoinOuter<TOther extends Row>(
      other: Table<TOther>,
      selfTime: ExprLike,
      otherTime: ExprLike,
      ...args: (TemporalCondition<TRow, TOther> | Omit<AsofJoinOptions, 'how'>)[]
    ): AsofJoinResult<Nullable<TRow>, Nullable<TOther>>;
  }
}

Table.prototype.asofJoin = function (this: Table<any>, other, selfTime, otherTime, ...args) {
  return asofJoinTables(this, other, selfTime, otherTime, args, undefined, userCallSite());
};
Table.prototype.asofJoinLeft = function (this: Table<any>, other, selfTime, otherTime, ...args) {
  return asofJoinTables(this, other, selfTime, otherTime, args, 'left', userCallSite());
};
Table.prototype.asofJoinRight = function (this: Table<any>, other, selfTime, otherTime, ...args) {
  return asofJoinTables(this, other, selfTime, otherTime, args, 'right', userCallSite());
};
Table.prototype.asofJoinOuter = function (this: Table<any>, other, selfTime, otherTime, ...args) {
  return asofJoinTables(this, other, selfTime, otherTime, args, 'outer', userCallSite());
};
