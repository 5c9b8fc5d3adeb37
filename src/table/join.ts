// Joins: inner, left, right, outer and cross joins of two tables on equality conditions.
//
// Algorithm: both sides are arranged by their join-key values; the engine's bilinear join produces matching
// pairs; outer sides add their unmatched rows padded with nulls, computed incrementally as
// `side - semijoin(side, distinct keys of the other side)` (linear in the semijoin, so retractions just work).
// State: the two arrangements and the distinct-key reductions (in the engine).
// Invariants: every output row is [...leftRow, leftId, ...rightRow, rightId], with nulls for a missing side.
// A join's rows joined with another table (`a.join(b).join(c)`) are a join whose left side is them: join-chain.ts.
import { type Key } from '../engine/key.js';
import { FlatMapOperator, MapOperator } from '../engine/linear-operators.js';
import type { Operator } from '../engine/operator.js';
import { NOT_NARROWED, narrowedBy, optionalPaddedRefs } from './join-narrowing.js';
import { ColumnRef, Expr, coalesce, columnRefLike, isRowIdRef, type ExprLike } from './expression.js';
import { mapChildren, someNode } from './expression-tree.js';
import { compileCell, compileJoinRow, compileRow, type JoinRowFn } from './expression-compiler.js';
import { columnsProxy, type AnyColumns, type ColumnsOf, type ColumnInfo } from './columns.js';
import { planNode, type LoweringContext, type PlanNode } from './plan.js';
import { isDeferredRowSource, prepareRows } from './row-context.js';
import { resolveDtypes, tableResolver, type DtypeResolver } from './resolve-dtypes.js';
import { checkUniqueNames, validateRefs } from './validate-refs.js';
import { SlotScope, type ScopeSlot } from './scope.js';
import { Table, type Row, type RowFromSpecs, type ColumnSpec, type RowFromPicks } from './table.js';
import { markJoin, markJoinRows, markJoinSelect } from './append-only.js';
import { appendOnlyOf, recordAppendOnly } from './append-only-props.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { reportDropped, withoutReports } from './expressions/error-reporter.js';
import { reduceTable, type GroupByOptions, type GroupedTable } from './group-by.js';
import { groupJoinRows } from './join-grouped-table.js';
import type { JoinChain } from './join-chain.js';
import { selectSpecs } from './join-picks.js';
import type { ColumnSlice, RowOfSlices } from './column-slice.js';

/** Which rows a join keeps. */
export type JoinMode = 'inner' | 'left' | 'right' | 'outer';

/** Options of a join. */
export interface JoinOptions {
  /** Kind of join (default inner). */
  how?: JoinMode;
  /**
   * Keep the ids of one side, as Pathway's `id=left.id`: its rows should match at most once; a row matching several is
   * reported ("duplicate key") and its row holds the other side's columns as errors until one match is left.
   */
  id?: 'left' | 'right' | Expr<Key>;
  /**
   * With `rightInstance`, Pathway's `left_instance` / `right_instance`: rows pair only within one instance (a left row's
   * `leftInstance` equals the right row's `rightInstance`), as one more equality condition.
   */
  leftInstance?: ExprLike;
  /** The right side's instance (see `leftInstance`). */
  rightInstance?: ExprLike;
  /**
   * Pathway's `left_exactly_once` (inner joins): each left row joins at most once, so it leaves the join's state in the
   * step it matches and its memory is freed; its pairs stay in the output. The left input must be append-only: a row
   * matching several right rows in one step, or retracted after it joined, is reported.
   */
  leftExactlyOnce?: boolean;
  /** Pathway's `right_exactly_once`: as `leftExactlyOnce`, for the right side's rows. */
  rightExactlyOnce?: boolean;
}

/** How to lower a join with a custom output row (used to fuse `select` into the join). */
export interface JoinCore {
  readonly inputs: readonly PlanNode[];
  lower(
    ctx: LoweringContext,
    node: PlanNode,
    ops: readonly Operator<unknown[]>[],
    make: JoinRowFn,
  ): Operator<unknown[]>;
}

/** The result of `join`: select, filter or reduce over both sides' columns (`cw.left.x`, `cw.right.y`). */
export class JoinResult<TLeft extends Row, TRight extends Row> {
  /** Typed references to the left side's columns. */
  readonly left: ColumnsOf<TLeft>;
  /** Typed references to the right side's columns. */
  readonly right: ColumnsOf<TRight>;

  /** Creates a join result; use `table.join(...)`. */
  constructor(
    readonly leftTable: Table<TLeft>,
    readonly rightTable: Table<TRight>,
    readonly node: PlanNode,
    readonly universe: Universe,
    readonly mode: JoinMode,
    private readonly core?: JoinCore,
    /** Names of columns joined on `left.name == right.name`. */
    readonly common: readonly string[] = [],
    /** Set for a join of an earlier join's rows (`a.join(b).join(c)`, join-chain.ts); its left side is them. */
    readonly chain?: JoinChain,
    /**
     * A padded side's columns a filter kept non-None (`filter(cw.left.x.isNotNone())`), as `"left:x"` / `"right:y"`:
     * not optional in the joined row (Pathway's narrowing by `is_not_none`).
     */
    readonly narrowed: ReadonlySet<string> = NOT_NARROWED,
  ) {
    this.left =
      chain?.leftColumns === undefined ? leftTable.c : columnsProxy<TLeft>('left', chain.leftColumns);
    this.right =
      chain?.rightColumns === undefined ? rightTable.c : columnsProxy<TRight>('right', chain.rightColumns);
  }

  /** This join with `chain` set (join-chain.ts). */
  withChain(chain: JoinChain): JoinResult<TLeft, TRight> {
    const { leftTable, rightTable, node, universe, mode, core, common, narrowed } = this;
    const chained = new JoinResult(
      leftTable,
      rightTable,
      node,
      universe,
      mode,
      core,
      common,
      chain,
      narrowed,
    );
    return recordAppendOnly(chained, appendOnlyOf(this));
  }

  /** A user's expression with a chained join's references rebound to the earlier join's rows (else as it is). */
  private bind(e: Expr): Expr {
    return this.chain === undefined ? e : this.chain.prebind(e);
  }

  /**
   * Column layout of the joined row: left columns, left id, right columns, right id. A side padded with Nones (the
   * right side of a left join, both of an outer join) has optional dtypes, as in Pathway.
   */
  get columns(): ColumnInfo[] {
    const [padL, padR] = this.padded();
    const side = (cols: readonly ColumnInfo[], pad: boolean, which: 'left' | 'right') =>
      pad
        ? cols.map((c) => (this.narrowed.has(`${which}:${c.name}`) ? c : { ...c, dtype: c.dtype.optional() }))
        : cols;
    const lid = this.leftTable.id.dtype;
    const rid = this.rightTable.id.dtype;
    return [
      ...side(this.leftTable.columns, padL, 'left'),
      { name: '__left_id', dtype: padL ? lid.optional() : lid },
      ...side(this.rightTable.columns, padR, 'right'),
      { name: '__right_id', dtype: padR ? rid.optional() : rid },
    ];
  }

  /** Whether the left and the right side are padded with Nones for unmatched rows of the other side. */
  private padded(): [boolean, boolean] {
    return [this.mode === 'right' || this.mode === 'outer', this.mode === 'left' || this.mode === 'outer'];
  }

  /** `e` with its typed references to a padded side's table made optional (see `optionalPaddedRefs`). */
  private paddedRefs(e: Expr): Expr {
    const [padL, padR] = this.padded();
    return optionalPaddedRefs(
      e,
      padL ? this.leftTable : undefined,
      padR ? this.rightTable : undefined,
      this.narrowed,
    );
  }

  /** Dtypes of both sides' columns as the joined row has them (a padded side's are optional). */
  private dtypeResolver(): DtypeResolver {
    const base = tableResolver([this.leftTable, this.rightTable], {
      left: this.leftTable,
      right: this.rightTable,
    });
    const [padL, padR] = this.padded();
    if (!padL && !padR) return base;
    const left = this.leftTable;
    const right = this.rightTable;
    const preferRight = this.mode === 'right';
    return (slot, name) => {
      const d = base(slot, name);
      if (d === undefined) return d;
      let isLeft: boolean;
      if (slot === 'left' || slot === left) isLeft = true;
      else if (slot === 'right' || slot === right) isLeft = false;
      else if (slot === 'this') {
        const inL = left.columnNames().includes(name);
        const inR = right.columnNames().includes(name);
        isLeft = inL && inR ? !preferRight : inL;
      } else return d;
      const narrowed = this.narrowed.has(`${isLeft ? 'left' : 'right'}:${name}`);
      return (isLeft ? padL : padR) && !narrowed ? d.optional() : d;
    };
  }

  /** The scope of the joined row. */
  slots(): ScopeSlot[] {
    const nl = this.leftTable.columns.length;
    // `cw.this.k` for a column joined on `left.k == right.k` means that key (Pathway): the left side's in inner and
    // left joins, the right side's in right joins (outer joins rewrite it to coalesce(left.k, right.k)).
    const preferRight = this.mode === 'right';
    return [
      {
        table: this.leftTable,
        aliases: ['left', 'this'],
        columns: this.leftTable.columnNames(),
        offset: 0,
        idPosition: nl,
        prefer: preferRight ? [] : this.common,
      },
      {
        table: this.rightTable,
        aliases: ['right', 'this'],
        columns: this.rightTable.columnNames(),
        offset: nl + 1,
        idPosition: nl + 1 + this.rightTable.columns.length,
        prefer: preferRight ? this.common : [],
      },
      { table: this, aliases: [], columns: [], offset: 0, idPosition: 'key' },
    ];
  }

  /** In an outer join, `cw.this.k` for a common key column is `coalesce(left.k, right.k)`. */
  commonKeys(e: Expr): Expr {
    if (this.mode !== 'outer' || this.common.length === 0) return e;
    const map = (x: Expr): Expr => {
      const n = x.node;
      if (n.kind === 'column' && n.slot === 'this' && this.common.includes(n.name)) {
        return coalesce(new ColumnRef('left', n.name), new ColumnRef('right', n.name));
      }
      return mapChildren(x, map);
    };
    return map(e);
  }

  /**
   * Output columns computed from both sides: `.select({ owner: cw.left.name, pet: cw.right.pet })`, a callback
   * `(l, r) => ({ ... })`, or picks keeping names: `.select(j.left.name, j.right.pet)`.
   */
  select<const M extends Record<string, ColumnSpec<TLeft & TRight>>>(
    map: M | ((left: ColumnsOf<TLeft>, right: ColumnsOf<TRight>) => M),
  ): Table<RowFromSpecs<M>>;
  select<const P extends readonly ColumnRef<any, string>[]>(
    ...picks: P
  ): Table<RowFromPicks<TLeft & TRight, P>>;
  /** Column slices (Pathway's `select(*left.slice.with_suffix("_l"))`): `.select(l.slice.withSuffix('_l'), ...)`. */
  select<const S extends readonly ColumnSlice<any>[]>(...slices: S): Table<RowOfSlices<S>>;
  /** Whole sides, slices and picks mixed (Pathway's `select(*pw.left, pw.right.b)`): `.select(cw.left, cw.right.b, { c })`. */
  select(
    ...picks: (ColumnRef<any, string> | AnyColumns | ColumnSlice<any> | Record<string, ExprLike>)[]
  ): Table<Row>;
  select(map: unknown, ...more: unknown[]): Table<any> {
    const site = userCallSite();
    const specs = selectSpecs(this, map, more).map(([n, e]): [string, Expr] => [n, this.bind(e)]);
    checkUniqueNames(
      specs.map(([n]) => n),
      site,
    );
    validateRefs(
      specs.map(([, e]) => e),
      this.slots(),
      site,
    );
    const resolver = this.dtypeResolver();
    const named = specs.map(([n, e]): [string, Expr] => [n, resolveDtypes(this.paddedRefs(e), resolver)]);
    const prepared = prepareRows(
      this,
      [this.leftTable, this.rightTable, this],
      named.map(([, e]) => e),
      site,
      () => this.slots(),
    );
    const exprOf = new Map(named);
    const selected = (node: PlanNode): Table<any> =>
      markJoinSelect(
        new Table(
          named.map(([name, e]) => ({ name, dtype: e.dtype })),
          node,
          this.universe,
        ),
        this,
        (name) => exprOf.get(name)!,
      );
    const core = this.core;
    const fusable =
      core !== undefined &&
      prepared.inputs.length === 1 &&
      !named.some(([, e]) => someNode(e, (n) => n.kind === 'udf' || n.kind === 'lambda'));
    if (fusable) {
      // The select runs inside the join's emit: no intermediate joined row, one operator less.
      const nl = this.leftTable.columns.length;
      const nr = this.rightTable.columns.length;
      const fused = planNode('join-select', core.inputs, site, (ctx, ops) => {
        const make = compileJoinRow(prepared.exprs, new SlotScope(this.slots()), nl, nr)!;
        return core.lower(ctx, fused, ops, make);
      });
      return selected(fused);
    }
    const node = planNode('join-select', prepared.inputs, site, (ctx, ops) => {
      const { op, scope } = prepared.lower(ctx, node, ops);
      const fn = compileRow(prepared.exprs, scope);
      return ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out) =>
          out.push(k, d > 0 ? fn(r, k) : withoutReports(() => fn(r, k)), d),
        ),
        node,
      );
    });
    return selected(node);
  }

  /** Keeps joined rows satisfying a condition over both sides. */
  filter(
    condition: Expr<boolean> | ((left: ColumnsOf<TLeft>, right: ColumnsOf<TRight>) => Expr<boolean>),
  ): JoinResult<TLeft, TRight> {
    const site = userCallSite();
    const cond = this.commonKeys(
      this.bind(
        typeof condition === 'function' && !(condition instanceof Expr)
          ? condition(this.left, this.right)
          : condition,
      ),
    );
    validateRefs([cond], this.slots(), site);
    const prepared = prepareRows(this, [this.leftTable, this.rightTable, this], [cond], site, () =>
      this.slots(),
    );
    const width = this.columns.length;
    const node = planNode('join-filter', prepared.inputs, site, (ctx, ops) => {
      const { op, scope } = prepared.lower(ctx, node, ops);
      const test = compileCell(prepared.exprs[0]!, scope);
      return ctx.add(
        new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out) => {
          const v = d > 0 ? test(r, k) : withoutReports(() => test(r, k));
          if (v === true) out.push(k, r.length === width ? r : r.slice(0, width), d);
          else if (v instanceof ErrorValue && d > 0)
            reportDropped(v, 'join filter dropped a row whose condition is an error', site);
        }),
        node,
      );
    });
    const filtered = new JoinResult(
      this.leftTable,
      this.rightTable,
      node,
      new Universe(this.universe),
      this.mode,
      undefined,
      this.common,
      this.chain,
      narrowedBy(cond, this.narrowed, this.leftTable, this.rightTable),
    );
    return markJoin(filtered, [cond], this);
  }

  /**
   * Groups the joined rows (use `cw.left.x` / `cw.right.y` or names unique to one side), with `groupBy`'s options last
   * as on a table: `join.groupBy(cw.left.k, { id: cw.left.k })`.
   */
  groupBy(...args: (Expr | GroupByOptions)[]): GroupedTable<any, any> {
    const flat = this.flatten();
    return groupJoinRows(flat, (e) => this.rebindDeep(e, flat), args, userCallSite());
  }

  /** One row summarizing all joined rows. */
  reduce(map: Record<string, Expr<any>>): Table<any> {
    const flat = this.flatten();
    return reduceTable(
      flat,
      [],
      {},
      Object.entries(map).map(([k, v]) => [k, this.rebindDeep(v, flat)]),
      userCallSite(),
    );
  }

  private flatCache: Table<any> | undefined;
  /** The joined rows as a table of columns `__c0`, `__c1`, ... (the layout of `columns`), for operators after the join. */
  flatten(): Table<any> {
    if (this.flatCache) return this.flatCache;
    const cols = this.columns.map((c, i) => ({ ...c, name: `__c${i}` }));
    // Outer joins on equal-named keys: `cw.this.k` is coalesce(left.k, right.k), computed into an extra column.
    const outerCommon = this.mode === 'outer' ? this.common : [];
    if (outerCommon.length === 0) {
      const node = planNode('join-rows', [this.node], undefined, (_ctx, ops) => ops[0]!);
      this.flatCache = markJoinRows(new Table(cols, node, this.universe), this);
      return this.flatCache;
    }
    const scope = new SlotScope(this.slots());
    const pairs = outerCommon.map(
      (n) => [scope.column('left', n, undefined), scope.column('right', n, undefined)] as const,
    );
    const node = planNode('join-rows', [this.node], undefined, (ctx, ops) =>
      ctx.add(
        new MapOperator<unknown[], unknown[]>(ops[0]!, (r) => {
          const row = r.slice();
          for (const [l, rr] of pairs) row.push(r[l] ?? r[rr] ?? null);
          return row;
        }),
        node,
      ),
    );
    const extra = outerCommon.map((n, i) => ({
      name: `__common_${n}`,
      dtype: this.leftTable.columns[pairs[i]![0]]!.dtype,
    }));
    this.flatCache = markJoinRows(new Table([...cols, ...extra], node, this.universe), this);
    return this.flatCache;
  }

  /** `e` over this join's scope, rebound to the columns of `flat` (this join's `flatten()`). */
  rebindDeep(e: Expr, flat: Table<any>): Expr {
    const scope = new SlotScope(this.slots());
    const map = (x: Expr): Expr => {
      const n = x.node;
      // A deferred lookup (`o.ix(cw.left.p).c.x`): its pointer is rebound to the joined row like the rest.
      if ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) {
        const slot = n.slot.rebound(flat, map);
        return n.kind === 'id' ? new Expr({ kind: 'id', slot }, x.dtype) : columnRefLike(n, slot, x.dtype);
      }
      if (n.kind === 'column' && n.slot === 'this' && this.mode === 'outer' && this.common.includes(n.name)) {
        return flat.c[`__common_${n.name}`] as Expr;
      }
      if (n.kind === 'column' && !isRowIdRef(n))
        return flat.c[`__c${scope.column(n.slot, n.name, x.site)}`] as Expr;
      if ((n.kind === 'id' || n.kind === 'column') && isRowIdRef(n)) {
        const p = scope.id(n.slot, x.site);
        return p === 'key' ? flat.id : (flat.c[`__c${p}`] as Expr);
      }
      return mapChildren(x, map);
    };
    return map(this.bind(e));
  }
}
