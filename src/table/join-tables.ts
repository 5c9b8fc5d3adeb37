// Building joins: splitting conditions into key expressions, lowering onto arrangements and the engine join,
// outer-join padding, and the joined (or fused-select) output rows. `JoinResult` (join.ts) is what users hold.

import { Arrangement, type IndexKey } from '../engine/arrangement.js';
import { CoJoinOperator } from '../engine/co-join.js';
import { ExactlyOnceJoinOperator } from '../engine/exactly-once-join.js';
import { JoinOperator, type JoinEmit } from '../engine/join.js';
import { combineKeys, keyFromValue, keyFromValues, keyToString, type Key } from '../engine/key.js';
import { ConcatOperator, FlatMapOperator, MapOperator, NegateOperator } from '../engine/linear-operators.js';
import { ConsolidateOperator } from '../engine/consolidate.js';
import type { Operator } from '../engine/operator.js';
import { ReduceOperator } from '../engine/reduce.js';
import type { Batch } from '../engine/batch.js';
import { ColumnRef, Expr, isRowIdRef, toExpr } from './expression.js';
import { mapChildren } from './expression-tree.js';
import { sideRowId } from './scope.js';
import { compileCell, type CellFn, type JoinRowFn } from './expression-compiler.js';
import { GraphBuildError } from './errors.js';
import { planNode, type LoweringContext, type PlanNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Table, type Row } from './table.js';
import { markJoin } from './append-only.js';
import { ErrorValue } from './values/error-value.js';
import { reportDropped, reportError, setQuiet, withoutReports } from './expressions/error-reporter.js';
import { JoinResult, type JoinOptions } from './join.js';
import { joinUniverse, normalizeIdMode, splitJoinedRow, uniqueIds } from './join-ids.js';
import { commonKeyNames, splitJoinConditions } from './join-conditions.js';

const NULL_KEY = keyFromValue(null);
// The id of the missing side of an outer-join row reads as None.
const NO_KEY = null as unknown as Key;
// A join's sides are tables: one row per id, rows as arrays of one width, kept inline in the index groups.
const TABLE_ROWS = { keyed: true, inlineRows: true } as const;

/**
 * Index key of a row for a join: the key value itself for one primitive, else a hash; None and error keys match
 * nothing: they get `noMatch`, one per side (errors are reported once per inserted row by `keyErrorReporter`, not
 * here: this runs several times per row).
 */
function indexKeyFn(cells: CellFn[], noMatch: string): (key: Key, row: unknown[]) => IndexKey {
  const raw = rawIndexKeyFn(cells, noMatch);
  // Quiet: errors in key cells are logged once, by keyErrorReporter, not by each of these evaluations.
  return (key, row) => {
    const prev = setQuiet(true);
    const k = raw(key, row);
    setQuiet(prev);
    return k;
  };
}

function rawIndexKeyFn(cells: CellFn[], noMatch: string): (key: Key, row: unknown[]) => IndexKey {
  if (cells.length === 0) return () => null;
  if (cells.length === 1) {
    const f = cells[0]!;
    return (key, row) => {
      const v = f(row, key);
      const t = typeof v;
      if (t === 'string' || t === 'number' || t === 'boolean') return v as IndexKey;
      if (v === null || v === undefined || v instanceof ErrorValue) return noMatch;
      return keyFromValues([v]);
    };
  }
  return (key, row) => {
    const vs = cells.map((f) => f(row, key));
    for (const v of vs) if (v === null || v === undefined || v instanceof ErrorValue) return noMatch;
    return keyFromValues(vs);
  };
}

// A None join key matches nothing (SQL semantics, as Pathway). A unique symbol-like string that no value hashes to
// is used per side so the two sides' rows without a match never meet.
const NO_MATCH_LEFT = '\u0000no-match\u0000';
const NO_MATCH_RIGHT = '\u0000no-match\u0000r';

/** An arrangement's `inspect` reporting (once, on insertion) rows whose join key is an error: they match nothing. */
function keyErrorReporter(
  cells: readonly CellFn[],
  site: string | undefined,
): (key: Key, row: unknown[], diff: number) => void {
  return (key, row, diff) => {
    // No error value made yet: no key can be one (and a join's every insertion passes here).
    if (diff <= 0 || ErrorValue.made === 0) return;
    for (const f of cells) {
      const v = f(row, key);
      if (v instanceof ErrorValue) reportDropped(v, 'join key is an error; the row matches nothing', site);
    }
  };
}

/**
 * Generates the function assembling a joined row `[...left, leftId, ...right, rightId]` as one array literal
 * (cheaper than pushing cell by cell; rows may carry extra trailing cells, which are dropped).
 */
function joinedRowFn(nl: number, nr: number): JoinRowFn {
  const cells = [
    ...Array.from({ length: nl }, (_, i) => `l[${i}]`),
    'lk',
    ...Array.from({ length: nr }, (_, i) => `r[${i}]`),
    'rk',
  ];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation, as for expressions
  const fn = new Function('l', 'lk', 'r', 'rk', `return [${cells.join(', ')}];`) as JoinRowFn;
  fn.readsKey = false;
  fn.copies = true;
  return fn;
}

/** The conditions with the instances' equality added (`JoinOptions.leftInstance` / `rightInstance`), when given. */
function withInstances(
  conditions: readonly Expr<boolean>[],
  options: JoinOptions,
  site: string | undefined,
): readonly Expr<boolean>[] {
  const { leftInstance, rightInstance } = options;
  if (leftInstance === undefined && rightInstance === undefined) return conditions;
  if (leftInstance === undefined || rightInstance === undefined) {
    throw new GraphBuildError('join(): give both leftInstance and rightInstance, or neither', site);
  }
  return [...conditions, toExpr(leftInstance).eq(rightInstance)];
}

/** Builds the join plan node. */
export function joinTables<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  conditions: readonly Expr<boolean>[],
  options: JoinOptions,
  site: string | undefined,
): JoinResult<TL, TR> {
  if (!(right instanceof Table)) {
    throw new GraphBuildError(
      (right as unknown) instanceof JoinResult
        ? 'a join result joined with another join result: select the columns of one of them first ' +
            '(a.join(b, ...).join(c.join(d, ...).select(...), ...))'
        : `join() takes a table on the right, got ${typeof (right as unknown)}`,
      site,
    );
  }
  if ((left as unknown) === right) {
    throw new GraphBuildError(
      'a table cannot be joined with itself directly; join it with a copy, e.g. t.select(...) or t.copy()',
      site,
    );
  }
  const how = options.how ?? 'inner';
  const known = ['how', 'id', 'leftInstance', 'rightInstance', 'leftExactlyOnce', 'rightExactlyOnce'];
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new GraphBuildError(
      `join() does not take the option(s) ${unknown.join(', ')}; it takes ${known.join(', ')}`,
      site,
    );
  }
  conditions = withInstances(conditions, options, site);
  if (how !== 'inner' && how !== 'left' && how !== 'right' && how !== 'outer') {
    throw new GraphBuildError(
      `join(): how must be 'inner', 'left', 'right' or 'outer', got ${JSON.stringify(how)}`,
      site,
    );
  }
  const exactlyOnce = [options.leftExactlyOnce === true, options.rightExactlyOnce === true] as const;
  if ((exactlyOnce[0] || exactlyOnce[1]) && how !== 'inner') {
    throw new GraphBuildError(
      `join(): leftExactlyOnce / rightExactlyOnce work with inner joins only, and this join is ${how}`,
      site,
    );
  }
  const { leftKeys, rightKeys } = splitJoinConditions(left, right, conditions, 'join', site);
  const lPrep = prepareRows(left, [left], leftKeys.map(stripSide('left', left)), site);
  const rPrep = prepareRows(right, [right], rightKeys.map(stripSide('right', right)), site);
  const nl = left.columns.length;
  const nr = right.columns.length;
  const idMode = normalizeIdMode(options.id, left, right, site);
  // A padded side's rows are missing from some output rows: its ids cannot be the output's (Pathway: KeyError).
  if (
    (idMode === 'left' && (how === 'right' || how === 'outer')) ||
    (idMode === 'right' && (how === 'left' || how === 'outer'))
  ) {
    throw new GraphBuildError(
      `a ${how} join cannot keep the ${idMode} side's ids: that side is missing from some of its rows` +
        (how === 'outer' ? '' : `; use { id: '${how}' }`),
      site,
    );
  }
  const outKey = (lk: Key | null, rk: Key | null): Key => {
    if (idMode === 'left' && lk !== null) return lk;
    if (idMode === 'right' && rk !== null) return rk;
    return combineKeys(lk ?? NULL_KEY, rk ?? NULL_KEY);
  };
  const nullsL = new Array<unknown>(nl).fill(null);
  const nullsR = new Array<unknown>(nr).fill(null);
  const inputs = [left.node, right.node, ...lPrep.inputs.slice(1), ...rPrep.inputs.slice(1)];
  // Lowers the join, building each output row with `make` (the joined row, or a fused select over it).
  const lowerBody = (
    ctx: LoweringContext,
    node: PlanNode,
    ops: readonly Operator<unknown[]>[],
    make: JoinRowFn,
  ): Operator<unknown[]> => {
    const lOps = [ops[0]!, ...ops.slice(2, 2 + lPrep.inputs.length - 1)];
    const rOps = [ops[1]!, ...ops.slice(2 + lPrep.inputs.length - 1)];
    const l = lPrep.lower(ctx, node, lOps);
    const r = rPrep.lower(ctx, node, rOps);
    const lCells = lPrep.exprs.map((e) => compileCell(e, l.scope));
    const rCells = rPrep.exprs.map((e) => compileCell(e, r.scope));
    // Plain column keys cannot create errors, so they need no quiet wrapper.
    const plain = (es: readonly Expr[]) => es.every((e) => e instanceof ColumnRef);
    const lKey = (plain(lPrep.exprs) ? rawIndexKeyFn : indexKeyFn)(lCells, NO_MATCH_LEFT);
    const rKey = (plain(rPrep.exprs) ? rawIndexKeyFn : indexKeyFn)(rCells, NO_MATCH_RIGHT);
    const row = pairRows(make);
    const emit: JoinEmit<unknown[], unknown[], unknown[]> = (lk, lr, rk, rr, d, out) => {
      const key = outKey(lk, rk);
      out.push(key, row(lk, lr, rk, rr, d, key), d);
    };
    const options = {
      pairKeys: idMode === undefined,
      // `make` copies cells into a new row and never keeps the ones it reads.
      transientRows: true,
      // Pair ids are made only if a reader reads them, when `make` does not (see JoinOptions.pairRow).
      ...(idMode === undefined && make.readsKey === false
        ? {
            pairRow: (lk: Key, lr: unknown[], rk: Key, rr: unknown[], d: number) =>
              row(lk, lr, rk, rr, d, NULL_KEY),
            pairKey: combineKeys,
          }
        : {}),
    };
    // Rows whose join key is an error are reported as they arrive.
    const lInspect = keyErrorReporter(lCells, site);
    const rInspect = keyErrorReporter(rCells, site);
    if (exactlyOnce[0] || exactlyOnce[1]) {
      if (ctx.nested === true) {
        throw new GraphBuildError(
          'join(): leftExactlyOnce / rightExactlyOnce are not supported inside the body of cw.iterate ' +
            '(its steps are iterations, not epochs); join without them there',
          site,
        );
      }
      return ctx.add(
        new ExactlyOnceJoinOperator<unknown[], unknown[], unknown[]>(l.op, r.op, lKey, rKey, emit, {
          exactlyOnce,
          onRepeated: (s, k) => reportError(exactlyOnceError(s, k, true), site),
          onLateRetraction: (s, k) => reportError(exactlyOnceError(s, k, false), site),
          inspectLeft: lInspect,
          inspectRight: rInspect,
        }),
        node,
      );
    }
    if (how === 'inner') {
      // Nothing else reads the sides by join key: one operator keeps both in one index, each side's rows reduced to
      // the cells the output is built from (the join key and columns nobody reads are not kept).
      const keep = (cells: readonly number[] | undefined, width: number) =>
        cells !== undefined && cells.length < width ? cells : undefined;
      const joined = ctx.add(
        new CoJoinOperator<unknown[], unknown[], unknown[]>(l.op, r.op, lKey, rKey, emit, {
          ...options,
          ...TABLE_ROWS,
          keepCells: [keep(make.leftCells, nl), keep(make.rightCells, nr)],
          inspectLeft: lInspect,
          inspectRight: rInspect,
        }),
        node,
      );
      return joined;
    }
    // A side's rows by join key, read by the join and by the side's unmatched rows.
    const arrange = (op: Operator<unknown[]>, keyOf: typeof lKey, inspect: typeof lInspect) =>
      ctx.add(new Arrangement<unknown[]>(op, keyOf, { ...TABLE_ROWS, inspect }), node);
    const la = arrange(l.op, lKey, lInspect);
    const ra = arrange(r.op, rKey, rInspect);
    const inner = ctx.add(new JoinOperator<unknown[], unknown[], unknown[]>(la, ra, emit, options), node);
    const parts: Operator<unknown[]>[] = [inner];
    if (how === 'left' || how === 'outer')
      parts.push(...unmatched(ctx, node, la, ra, 'left', nullsR, outKey, make));
    if (how === 'right' || how === 'outer')
      parts.push(...unmatched(ctx, node, ra, la, 'right', nullsL, outKey, make));
    return parts.length === 1 ? inner : ctx.add(new ConcatOperator<unknown[]>(parts), node);
  };
  const joined = joinedRowFn(nl, nr);
  // Keeping one side's ids: the joined rows are guarded (one row per id, Pathway's duplicate key) before `make` builds
  // the output from them, so a colliding id's row is built from its kept side's cells and the other side's errors.
  const lower = (
    ctx: LoweringContext,
    node: PlanNode,
    ops: readonly Operator<unknown[]>[],
    make: JoinRowFn,
  ): Operator<unknown[]> => {
    if (idMode === undefined) return lowerBody(ctx, node, ops, make);
    const guarded = uniqueIds(ctx, node, lowerBody(ctx, node, ops, joined), idMode, nl, nr, site);
    return make === joined ? guarded : ctx.add(new MapOperator(guarded, splitJoinedRow(make, nl, nr)), node);
  };
  const node = planNode(`join-${how}`, inputs, site, (ctx, ops) => lower(ctx, node, ops, joined));
  // Columns joined on equal names (left.k == right.k): `cw.this.k` refers to that key in the result.
  const common = commonKeyNames(leftKeys, rightKeys);
  const result = new JoinResult(
    left,
    right,
    node,
    joinUniverse(left.universe, right.universe, how, idMode),
    how,
    { inputs, lower },
    common,
  );
  return markJoin(result, conditions);
}

/** The error reported when row `key` of exactly-once side `s` broke its promise: joined twice, or changed after it joined. */
function exactlyOnceError(s: 0 | 1, key: Key, repeated: boolean): ErrorValue {
  const side = s === 0 ? 'left' : 'right';
  const row = `the ${side} row ${keyToString(key)} of a join with ${side}ExactlyOnce`;
  return new ErrorValue(
    repeated
      ? `Repeated entry in a batch: ${row} matched more than one ${s === 0 ? 'right' : 'left'} row in one step ` +
          `(each ${side} row must join at most once)`
      : `${row} was deleted or updated after it joined; the change is ignored (that side must be append-only)`,
  );
}

/**
 * A pair's output row made by `make` with the joined id `key`: a retraction's row quietly (the errors it makes were
 * reported with its insertion), unless `make` only copies cells and can make none.
 */
function pairRows(make: JoinRowFn) {
  if (make.copies === true)
    return (lk: Key, lr: unknown[], rk: Key, rr: unknown[], _d: number, key: Key) =>
      make(lr, lk, rr, rk, key);
  return (lk: Key, lr: unknown[], rk: Key, rr: unknown[], d: number, key: Key): unknown[] => {
    if (d > 0) return make(lr, lk, rr, rk, key);
    const prev = setQuiet(true);
    const row = make(lr, lk, rr, rk, key);
    setQuiet(prev);
    return row;
  };
}

function stripSide(side: 'left' | 'right', table: Table<any>) {
  return (e: Expr): Expr => {
    const map = (x: Expr): Expr => {
      const n = x.node;
      if ((n.kind === 'column' || n.kind === 'id') && n.slot === side) {
        return n.kind === 'id' || isRowIdRef(n)
          ? sideRowId(table, side, x.site)
          : (table.c as Record<string, Expr>)[n.name]!;
      }
      return mapChildren(x, map);
    };
    return map(e);
  };
}

/** Rows of `side` with no match on `other`, padded with nulls: side - semijoin(side, distinct keys of other). */
function unmatched(
  ctx: LoweringContext,
  node: PlanNode,
  side: Arrangement<unknown[]>,
  other: Arrangement<unknown[]>,
  which: 'left' | 'right',
  nulls: unknown[],
  outKey: (lk: Key | null, rk: Key | null) => Key,
  make: JoinRowFn,
): Operator<unknown[]>[] {
  const keysOfOther = ctx.add(
    new ReduceOperator<unknown[], number, unknown[]>(other, {
      groupOf: (k, r) => other.keyOf(k, r),
      outputKey: (g) => keyFromValues([g]),
      create: () => 0,
      update: (s, _k, _r, d) => s + d,
      result: (_s, g) => [g],
    }),
    node,
  );
  const keysArr = ctx.add(new Arrangement<unknown[]>(keysOfOther, (_k, r) => r[0] as IndexKey), node);
  const matched = ctx.add(
    new JoinOperator<unknown[], unknown[], unknown[]>(side, keysArr, (sk, sr, _kk, _kr, d, out) =>
      out.push(sk, sr, d),
    ),
    node,
  );
  // side - matched, consolidated before padding, so rows that cancel within the epoch never reach `make`.
  const net = ctx.add(
    new ConsolidateOperator<unknown[]>(
      ctx.add(
        new ConcatOperator<unknown[]>([side, ctx.add(new NegateOperator<unknown[]>(matched), node)]),
        node,
      ),
    ),
    node,
  );
  const pad = (k: Key, r: unknown[], d: number, out: Batch<unknown[]>) => {
    const key = which === 'left' ? outKey(k, null) : outKey(null, k);
    const build = () => (which === 'left' ? make(r, k, nulls, NO_KEY, key) : make(nulls, NO_KEY, r, k, key));
    out.push(key, d > 0 ? build() : withoutReports(build), d);
  };
  return [ctx.add(new FlatMapOperator<unknown[], unknown[]>(net, pad), node)];
}
