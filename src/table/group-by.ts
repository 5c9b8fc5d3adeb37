// groupBy(...).reduce(...): grouped, incremental aggregation with retraction.
//
// Algorithm: a prepared row operator evaluates group values and reducer arguments; the engine's ReduceOperator
// routes rows to groups (by the raw value for one primitive column, else by the values' 128-bit hash) and keeps
// one accumulator per reducer per group; a group's output row is computed from its group values and reducer results.
// State: in the engine operator (group -> accumulators, count, last output).
// Invariants: one output row per non-empty group, id = hash of the group values (or the `id` expression).

import { refuseFutures } from './future-checks.js';
import { ReduceOperator, type ReduceSpec } from '../engine/reduce.js';
import { keyFromValues, type Key } from '../engine/key.js';
import type { IndexKey } from '../engine/arrangement.js';
import type { DType } from './dtype.js';
import { ColumnRef, Expr, isRowIdRef, toExpr } from './expression.js';
import { mapChildren } from './expression-tree.js';
import { compileCell, compileRow, type CellFn, type RowFn } from './expression-compiler.js';
import { slotOfColumns, type AnyColumns, type ColumnsOf } from './columns.js';
import { GraphBuildError } from './errors.js';
import { planNode, type LoweringContext } from './plan.js';
import type { Operator } from '../engine/operator.js';
import { prepareRows } from './row-context.js';
import { reportDropped, reportError, withoutReports } from './expressions/error-reporter.js';
import { ErrorValue } from './values/error-value.js';
import { checkUniqueNames, validateRefs } from './validate-refs.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import type { ReducerSpec } from './reducer-exprs.js';
import type { ReducerImpl } from './reducers/reducer.js';
import { SlotScope } from './scope.js';
import { compileDirect, compileLastRow, countOnlySpec } from './reduce-rows.js';
import { foreignOutsideUniverse, splitReduceLookups } from './reduce-lookups.js';
import type { GroupByOptions } from './group-by-options.js';
import { Table, type ColumnPick, type Row, type RowFromSpecs, type RowFromPicks } from './table.js';
import { userCallSite } from './call-site.js';
import { Universe } from './universe.js';

const GROUP_SLOT = Object.freeze({ groupValues: true });
const REDUCER_SLOT = Object.freeze({ reducerResults: true });
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** What a reduce output column may be: an expression over group columns and reducers, or a constant. */
export type ReduceSpecMap = Record<string, Expr<any> | string | number | boolean | null>;

interface ReducerUse {
  impl: ReducerImpl<any, any>;
  argFn: RowFn | undefined;
}

/** A table grouped by some columns, waiting for `reduce`. */
export class GroupedTable<TRow extends Row, TGroup extends Row> {
  /** The grouping columns' row type (type-level only). */
  declare readonly __group?: TGroup;
  /** The universe of every reduce of this grouping: they have one row per group, with the same ids (Pathway's). */
  private universe: Universe | undefined;
  /** Creates a grouping; use `table.groupBy(...)`. */
  constructor(
    readonly table: Table<TRow>,
    readonly groupBy: readonly [string, Expr][],
    readonly options: GroupByOptions = {},
  ) {}

  /** Every grouping column, then more (Pathway's `.reduce(*pw.this, n=...)`): `reduce(cw.this, { n: ... })`. */
  reduce<const M extends ReduceSpecMap = Record<never, never>>(
    whole: AnyColumns | ColumnsOf<TRow>,
    map?: M,
  ): Table<TGroup & RowFromSpecs<M>>;
  /**
   * One row per group: `t.groupBy('owner').reduce({ owner: cw.this.owner, n: cw.reducers.count() })`.
   * Group columns may be used directly; other columns only inside reducers.
   */
  reduce<const M extends ReduceSpecMap>(map: M | ((c: ColumnsOf<TRow>) => M)): Table<RowFromSpecs<M>>;
  /** Picks keep their names (Pathway's `.reduce(pw.this.owner)`): `reduce(t.c.owner)`. */
  reduce<const P extends readonly ColumnRef<any, string>[]>(...picks: P): Table<RowFromPicks<TRow, P>>;
  /** Picks, then named outputs (Pathway's `.reduce(pw.this.owner, n=...)`): `reduce(t.c.owner, { n: ... })`. */
  reduce<const P extends readonly ColumnRef<any, string>[], const M extends ReduceSpecMap>(
    ...args: [...P, M]
  ): Table<RowFromPicks<TRow, P> & RowFromSpecs<M>>;
  reduce(...args: unknown[]): Table<any> {
    const site = userCallSite();
    const named: [string, Expr][] = [];
    for (const a of args) {
      if (slotOfColumns(a) !== undefined) {
        named.push(...this.wholeGroup(a, site));
        continue;
      }
      if (a instanceof ColumnRef) named.push([a.name, this.output(a)]);
      else if (a instanceof Expr) {
        throw new GraphBuildError('reduce() needs a name for a computed column: pass { name: expr }', site);
      } else if (typeof a === 'function') {
        const m = (a as (c: ColumnsOf<TRow>) => ReduceSpecMap)(this.table.c);
        for (const [k, v] of Object.entries(m)) named.push([k, this.output(toExpr(v))]);
      } else if (typeof a === 'object' && a !== null) {
        for (const [k, v] of Object.entries(a as ReduceSpecMap)) named.push([k, this.output(toExpr(v))]);
      } else {
        throw new GraphBuildError(
          `reduce() takes columns and { name: expr } maps, got ${JSON.stringify(a)}` +
            (typeof a === 'string' ? `; did you mean cw.this.${a}?` : ''),
          site,
        );
      }
    }
    this.universe ??= new Universe();
    return reduceTable(this.table, this.groupBy, this.options, named, site, undefined, this.universe);
  }

  /** An output expression as `reduce` builds it (a join's grouping rebinds it to the joined rows). */
  protected output(e: Expr): Expr {
    return e;
  }

  /** `reduce(cw.this, ...)` (Pathway's `reduce(*pw.this)`): every grouping column (and an own instance column). */
  protected wholeGroup(whole: unknown, site: string | undefined): [string, Expr][] {
    const slot = slotOfColumns(whole);
    if (slot !== 'this' && slot !== this.table) {
      throw new GraphBuildError(
        "reduce() picks whole only the grouped table's columns (cw.this or t.c)",
        site,
      );
    }
    if (this.groupBy.length === 0) {
      throw new GraphBuildError(
        'reduce(cw.this) takes the grouping columns, and a reduce of the whole table has none; name the outputs',
        site,
      );
    }
    const inst = this.options.instance;
    const own = inst instanceof ColumnRef && !this.groupBy.some(([n]) => n === inst.name);
    return own ? [...this.groupBy, [inst.name, inst]] : [...this.groupBy];
  }
}

/** Lowers a grouped reduction. */
export function reduceTable(
  table: Table<any>,
  groupBy: readonly [string, Expr][],
  options: GroupByOptions,
  outputs: readonly [string, Expr][],
  site: string | undefined,
  /** Builds the reducing operator (default: the engine's ReduceOperator); windows close groups with their own. */
  makeOperator?: (
    input: Operator<unknown[]>,
    spec: ReduceSpec<unknown[], any, unknown[]>,
    ctx: LoweringContext,
  ) => Operator<unknown[]>,
  /** The result's universe (a grouping's reduces share one: `GroupedTable.reduce`). */
  universe: Universe = new Universe(),
): Table<any> {
  // Lookups whose pointer is a value of the group (`t.ix(cw.reducers.argmax(...))`) and columns of another table of
  // this universe (an earlier reduce of the grouping): reduce, then look up / read by id.
  const foreign = foreignOutsideUniverse(outputs, table, universe);
  if (foreign !== undefined) {
    const n = foreign.ref.node;
    throw new GraphBuildError(
      `reduce() output "${foreign.output}" refers to another table${n.kind === 'column' ? ` (its column "${n.name}")` : ''}; ` +
        'only grouping columns, reducers, lookups by them (other.ix(pointer).c.x, other.ixRef(cw.this.g).c.x) and ' +
        'columns of another reduce of the same groupBy() are allowed',
      foreign.ref.site ?? site,
    );
  }
  const split = splitReduceLookups(outputs, table);
  if (split !== undefined) {
    const reduced = reduceTable(table, groupBy, options, split.reduced, site, makeOperator, universe);
    return reduced.select(Object.fromEntries(split.outputs));
  }
  validateRefs(
    outputs.map(([, e]) => e),
    [{ table, aliases: ['this'], columns: table.columnNames(), offset: 0, idPosition: 'key' }],
    site,
  );
  checkUniqueNames(
    outputs.map(([n]) => n),
    site,
  );
  const groupNames = groupBy.map(([n]) => n);
  const groupExprs = groupBy.map(([, e]) => e);
  const isSelf = (slot: unknown) => slot === 'this' || slot === table;
  if (options.instance !== undefined) {
    // The instance is part of the group: a column given as the instance can be used in reduce, as in Pathway.
    const inst = toExpr(options.instance);
    groupExprs.push(inst);
    const own = inst instanceof ColumnRef && isSelf(inst.slot) && !groupNames.includes(inst.name);
    groupNames.push(own ? inst.name : '__instance');
  }
  const reducerSpecs: { spec: ReducerSpec; args: readonly Expr[] }[] = [];
  // Rewrite outputs: reducers -> REDUCER_SLOT refs, group columns -> GROUP_SLOT refs.
  const rewrite = (e: Expr): Expr => {
    const n = e.node;
    if (n.kind === 'reducer') {
      reducerSpecs.push({ spec: n.reducer as ReducerSpec, args: n.args });
      return new ColumnRef(REDUCER_SLOT, `__r${reducerSpecs.length - 1}`, e.dtype);
    }
    if (isRowIdRef(n)) return new Expr({ kind: 'id', slot: GROUP_SLOT }, e.dtype);
    if (n.kind === 'column' && isSelf(n.slot)) {
      const i = groupBy.findIndex(
        ([name, g]) => g instanceof ColumnRef && g.name === n.name && name === n.name,
      );
      const j = i >= 0 ? i : groupNames.indexOf(n.name);
      if (j < 0) {
        throw new GraphBuildError(
          `column "${n.name}" is not a grouping column; use it inside a reducer (e.g. cw.reducers.any(...)) or add it to groupBy()`,
          e.site ?? site,
        );
      }
      return new ColumnRef(GROUP_SLOT, groupNames[j]!, groupExprs[j]!.dtype);
    }
    if (n.kind === 'column') {
      throw new GraphBuildError(
        `reduce() output "${n.name}" refers to another table; only grouping columns, reducers and lookups by them ` +
          `(other.ix(pointer).c.x, other.ixRef(cw.this.g).c.x) are allowed`,
        e.site ?? site,
      );
    }
    return mapChildren(e, rewrite);
  };
  const resolver = tableResolver([table], { this: table });
  const rewritten = outputs.map(([, e]) => rewrite(resolveDtypes(e, resolver)));
  // The sort key is appended to the arguments of the reducers that take it (Pathway: `tuple`).
  const sortBy = options.sortBy === undefined ? undefined : resolveDtypes(toExpr(options.sortBy), resolver);
  const argLists = reducerSpecs.map((r) =>
    sortBy !== undefined && r.spec.sortKey === true ? [...r.args, sortBy] : r.args,
  );
  const argExprs = argLists.flat();
  const idExprs = options.id ? [options.id] : [];
  refuseFutures(table, groupExprs, 'groupBy()', site);
  refuseFutures(table, argExprs, 'a reducer', site);
  const prepared = prepareRows(table, [table], [...groupExprs, ...argExprs, ...idExprs], site);
  const nGroup = groupExprs.length;

  // A row whose grouping value is an error is left out of every group (Pathway: "Error value encountered in grouping
  // columns, skipping the row"), logged once, when it is inserted.
  const skipRow = (error: ErrorValue, diff: number): undefined => {
    if (diff > 0) reportDropped(error, 'groupBy skipped a row whose grouping value is an error', site);
    return undefined;
  };
  const node = planNode('reduce', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const pexprs = prepared.exprs;
    const groupCells: CellFn[] = pexprs.slice(0, nGroup).map((e) => compileCell(e, scope));
    const groupRow: RowFn | undefined = nGroup > 1 ? compileRow(pexprs.slice(0, nGroup), scope) : undefined;
    let offset = nGroup;
    const uses: ReducerUse[] = reducerSpecs.map((r, i) => {
      const n = argLists[i]!.length;
      const exprs = pexprs.slice(offset, offset + n);
      offset += n;
      return { impl: r.spec.make(), argFn: exprs.length > 0 ? compileRow(exprs, scope) : undefined };
    });
    const idCell = options.id ? compileCell(pexprs[offset]!, scope) : undefined;
    const post = compileRow(
      rewritten,
      new SlotScope([
        { table: GROUP_SLOT, aliases: [], columns: groupNames, offset: 0, idPosition: 'key' },
        {
          table: REDUCER_SLOT,
          aliases: [],
          columns: uses.map((_, i) => `__r${i}`),
          offset: nGroup,
          idPosition: 'key',
        },
      ]),
    );
    // Common case: every output is a group column or a reducer result; then the row is assembled directly.
    const direct = rewritten.every(
      (e) => e instanceof ColumnRef && (e.slot === GROUP_SLOT || e.slot === REDUCER_SLOT),
    )
      ? rewritten.map((e) => {
          const ref = e as ColumnRef;
          return ref.slot === GROUP_SLOT ? groupNames.indexOf(ref.name) : -1 - Number(ref.name.slice(3));
        })
      : undefined;
    const single = groupCells.length === 1 ? groupCells[0]! : undefined;
    // Grouping by one plain column (the common case): read it straight from the row.
    const g0 = pexprs[0];
    const position =
      single !== undefined && g0 instanceof ColumnRef && !isRowIdRef(g0.node)
        ? scope.column(g0.slot, g0.name, g0.site)
        : -1;
    const valuesOf = (row: unknown[], key: Key): unknown[] =>
      groupRow ? groupRow(row, key) : single ? [single(row, key)] : [];
    // State of a group: one array [...group values, ...accumulators] (one object per group keeps lookups cheap).
    // A plain count() needs no accumulator: it is the group's net multiplicity, which the engine tracks.
    const isCount = uses.map((u) => u.impl.name === 'count' && u.argFn === undefined);
    const updated = uses.map((_, i) => i).filter((i) => !isCount[i]);
    const nVals = groupNames.length;
    const accAt = (i: number) => nVals + i;
    const resultOf = (state: unknown[], i: number, count: number): unknown =>
      isCount[i] ? count : uses[i]!.impl.result(state[accAt(i)]);
    // The direct output row, generated as one array literal: `[state[0], count, R[1].result(state[2])]`.
    const directRow =
      direct === undefined
        ? undefined
        : compileDirect(
            direct,
            isCount,
            nVals,
            uses.map((u) => u.impl),
          );
    // With direct rows, the last emitted reducer results are kept in the state (after the accumulators) and the
    // last row is rebuilt from them, so emitted rows are short-lived.
    const lastAt = nVals + uses.length;
    const lastRowOf = direct === undefined ? undefined : compileLastRow(direct, lastAt);
    const spec: ReduceSpec<unknown[], unknown[], unknown[]> = {
      groupOf(key, row, diff): IndexKey {
        if (single !== undefined) {
          const v = position >= 0 ? row[position] : single(row, key);
          const t = typeof v;
          if (t === 'string' || t === 'number' || t === 'boolean' || v === null) return v as IndexKey;
          if (v instanceof ErrorValue) return skipRow(v, diff);
          return keyFromValues([v]);
        }
        if (groupRow === undefined) return null;
        const values = groupRow(row, key);
        for (const v of values) if (v instanceof ErrorValue) return skipRow(v, diff);
        return keyFromValues(values);
      },
      outputKey(_g, key, row) {
        if (idCell) return idCell(row, key) as Key;
        return keyFromValues(valuesOf(row, key));
      },
      create(_g, key, row) {
        const state = valuesOf(row, key).slice(0, nVals);
        for (let i = 0; i < uses.length; i++) state.push(isCount[i] ? null : uses[i]!.impl.create());
        if (direct !== undefined) for (let i = 0; i < uses.length; i++) state.push(null);
        return state;
      },
      result(state, _g, outKey, count) {
        if (directRow !== undefined) {
          const row = directRow(state, count);
          // A reducer whose result becomes an error (e.g. unique() over two values) reports it once, when it
          // appears, so the default terminateOnError stops the run as for any failing cell.
          for (let p = 0; p < direct!.length; p++) {
            const d = direct![p]!;
            const v = row[p];
            if (
              d < 0 &&
              v instanceof ErrorValue &&
              !v.logged &&
              !(state[lastAt - 1 - d] instanceof ErrorValue)
            ) {
              reportError(v, site);
            }
          }
          return row;
        }
        const cells = state.slice(0, nVals);
        for (let i = 0; i < uses.length; i++) {
          const v = resultOf(state, i, count);
          // A reducer's own failure is reported as in the direct branch (an input's error was reported already).
          if (v instanceof ErrorValue && !v.logged) reportError(v, site);
          cells.push(v);
        }
        return post(cells, outKey);
      },
      snapshotState(state) {
        // Layout: group values, accumulators, then (direct rows) the last emitted reducer results.
        return state.map((v, i) =>
          i < nVals || i >= lastAt || isCount[i - nVals]
            ? v
            : (uses[i - nVals]!.impl.snapshot?.(v) ?? structuredClone(v)),
        );
      },
      restoreState(saved) {
        return (saved as unknown[]).map((v, i) =>
          i < nVals || i >= lastAt || isCount[i - nVals]
            ? v
            : (uses[i - nVals]!.impl.restore?.(v) ?? structuredClone(v)),
        );
      },
    };
    // A user-given id may map two groups to one id: then the output is not consolidated by construction.
    if (options.id !== undefined) spec.uniqueOutputKeys = false;
    if (lastRowOf !== undefined) {
      spec.lastRow = (state) => lastRowOf.build(state);
      spec.remember = (state, row) => lastRowOf.remember(state, row);
    }
    const skipErrors = options.skipErrors !== false;
    if (updated.length > 0) {
      spec.update = (state, key, row, diff, time) => {
        for (let j = 0; j < updated.length; j++) {
          const i = updated[j]!;
          const u = uses[i]!;
          const args = u.argFn
            ? diff > 0
              ? u.argFn(row, key)
              : withoutReports(() => u.argFn!(row, key))
            : NO_ARGS;
          if (skipErrors && ErrorValue.made > 0 && args !== NO_ARGS && args.some(isErrorArg)) continue;
          state[nVals + i] = u.impl.update(state[nVals + i], args, key, diff, time);
        }
        return state;
      };
    }
    // Only group columns and count()s (or nothing else): the state is the group values, the engine keeps the count.
    const chosen: ReduceSpec<unknown[], any, unknown[]> =
      direct !== undefined && updated.length === 0
        ? countOnlySpec(direct, nVals, valuesOf, spec, idCell === undefined)
        : spec;
    if (makeOperator !== undefined) return ctx.add(makeOperator(op, chosen, ctx), node);
    // A count-only reduction reads its input's ids only through the group expressions and the id.
    if (chosen !== spec && idCell === undefined && groupCells.every((f) => f.readsKey === false))
      chosen.readsInputKeys = false;
    return ctx.add(new ReduceOperator<unknown[], unknown, unknown[]>(op, chosen), node);
  });
  return new Table(
    outputs.map(([name], i) => ({ name, dtype: rewritten[i]!.dtype })),
    node,
    universe,
  );
}

/** True for an error value (a reducer argument skipped under `skipErrors`). */
function isErrorArg(v: unknown): boolean {
  return v instanceof ErrorValue;
}

export type { ColumnPick, DType };
export {
  checkGroupByOptions,
  groupColumns,
  splitGroupByArgs,
  type GroupByOptions,
} from './group-by-options.js';
