// Prepares the row an expression-evaluating operator sees: the table's own columns, columns of other tables
// with a compatible universe (zipped by id), and results of UDFs (computed batch-wise before the expressions).

import { DistinctOperator } from '../engine/distinct.js';
import type { Operator } from '../engine/operator.js';
import { GraphBuildError } from './errors.js';
import { Expr, ColumnRef, isRowIdRef } from './expression.js';
import { mapChildren, visitExpr } from './expression-tree.js';
import type { ColumnInfo } from './columns.js';
import type { LoweringContext, PlanNode } from './plan.js';
import { SlotScope, type ScopeSlot } from './scope.js';
import type { Universe } from './universe.js';
import { lowerUdfs, UDF_SLOT, type UdfCall, type UdfGuard } from './udf-operator.js';
import { zipById } from './zip-by-id.js';

/** What a table-like source offers to row contexts. */
export interface RowSourceLike {
  readonly columns: readonly ColumnInfo[];
  readonly node: PlanNode;
  readonly universe: Universe;
  /** See `Table.repeatsIds`. */
  readonly repeatsIds?: boolean;
}

/** Expressions rewritten for lowering, and how to build the operator that feeds them. */
export interface PreparedRows {
  /** Plan inputs: the source first, then zipped tables. */
  readonly inputs: readonly PlanNode[];
  /** The expressions with UDF calls replaced by references to their results. */
  readonly exprs: readonly Expr[];
  /** Builds the row operator and its scope from the lowered inputs. */
  lower(
    ctx: LoweringContext,
    node: PlanNode,
    ops: readonly Operator<unknown[]>[],
  ): { op: Operator<unknown[]>; scope: SlotScope };
}

/** The rows a method evaluates expressions on: its source, the objects answering to it, and its row layout. */
export interface RowContext {
  readonly source: RowSourceLike;
  readonly selfSlots: readonly object[];
  readonly baseSlots?: ((offsetCols: number) => ScopeSlot[]) | undefined;
}

/** A table-like value made concrete where it is used (a lookup whose pointer reads `cw.this`, `cw.left`, ...). */
export interface DeferredRowSource extends RowSourceLike {
  /** Marks deferred sources. */
  readonly deferredRowSource: true;
  /** The concrete table for the rows of `context`; its rows have the context's ids (universe). */
  resolveFor(context: RowContext, site: string | undefined): RowSourceLike;
  /** The same deferred source with its expressions rewritten (once per `owner`: repeated uses share one). */
  rebound(owner: object, rewrite: (e: Expr) => Expr): DeferredRowSource;
}

/** Whether a slot is a deferred source. */
export function isDeferredRowSource(x: unknown): x is DeferredRowSource {
  return (
    typeof x === 'object' && x !== null && (x as { deferredRowSource?: unknown }).deferredRowSource === true
  );
}

function isRowSource(x: unknown): x is RowSourceLike {
  return typeof x === 'object' && x !== null && 'columns' in x && 'node' in x && 'universe' in x;
}

/**
 * Prepares expressions over `source` (whose slot answers to `this` and to `selfSlot` objects). References to other
 * tables are allowed when `source`'s universe is a subset of theirs; those tables are zipped in by id. Deferred
 * sources (`other.ix(cw.this.ptr)`) are resolved against these rows and zipped in likewise.
 */
export function prepareRows(
  source: RowSourceLike,
  selfSlots: readonly object[],
  exprs: readonly Expr[],
  site: string | undefined,
  baseSlots?: (offsetCols: number) => ScopeSlot[],
): PreparedRows {
  if (isDeferredRowSource(source)) {
    throw new GraphBuildError(
      'a lookup whose pointer uses cw.this / cw.left / cw.right (or only constants) has no rows of its own: use its ' +
        'columns inside a method of the table doing the lookups, e.g. t.select({ x: other.ix(cw.this.ptr).c.x }), ' +
        'or pass { context: table } to ix()/ixRef()',
      site,
    );
  }
  // `others` are the slots the scope answers to; `sources` what is zipped in for them (differs for deferred ones).
  const others: RowSourceLike[] = [];
  const sources: RowSourceLike[] = [];
  // Lookups resolved against rows whose ids repeat give one row per copy; those are made distinct before the zip, so
  // each copy gets the lookup once (instead of once per copy of its id).
  const distinctFirst: boolean[] = [];
  // Outside joins, `cw.this.<name>` must name a column of the source: refused here, at the user's line, rather than
  // when the program is built to run (methods that do not validate their references themselves: sort, deduplicate...).
  const own =
    baseSlots === undefined
      ? new SlotScope([
          {
            table: source,
            aliases: ['this'],
            columns: source.columns.map((c) => c.name),
            offset: 0,
            idPosition: 'key',
          },
        ])
      : undefined;
  for (const e of exprs) {
    visitExpr(e, (x) => {
      const n = x.node;
      const slot = n.kind === 'column' || n.kind === 'id' ? n.slot : undefined;
      if (own !== undefined && n.kind === 'column' && slot === 'this' && !isRowIdRef(n)) {
        own.column('this', n.name, x.site ?? site); // throws for a name the source does not have
      }
      if (slot === undefined || typeof slot === 'string' || selfSlots.includes(slot) || slot === UDF_SLOT)
        return;
      if (!isRowSource(slot)) return;
      if (others.includes(slot)) return;
      if (isDeferredRowSource(slot)) {
        others.push(slot);
        sources.push(slot.resolveFor({ source, selfSlots, baseSlots }, x.site ?? site));
        distinctFirst.push(source.repeatsIds === true);
        return;
      }
      if (!source.universe.isSubsetOf(slot.universe)) {
        throw new GraphBuildError(
          `a column of another table is used${n.kind === 'column' ? ` ("${n.name}"${'name' in slot ? ` of ${String(slot.name)}` : ''})` : ''}, ` +
            `but this table's universe is not known to be a subset of that table's ` +
            `(use a join, or promise it with withUniverseOf / promiseUniverseIsSubsetOf)`,
          x.site ?? site,
        );
      }
      others.push(slot);
      sources.push(slot);
      distinctFirst.push(false);
    });
  }
  const udfs: UdfCall[] = [];
  const rewritten = exprs.map((e) => extractUdfs(e, udfs));
  return {
    inputs: [source.node, ...sources.map((o) => o.node)],
    exprs: rewritten,
    lower(ctx, node, ops) {
      let op = ops[0]!;
      const slots: ScopeSlot[] = baseSlots
        ? baseSlots(0)
        : [
            {
              table: source,
              aliases: ['this'],
              columns: source.columns.map((c) => c.name),
              offset: 0,
              idPosition: 'key',
            },
          ];
      if (baseSlots === undefined) {
        for (const s of selfSlots) if (s !== source) slots.push({ ...slots[0]!, table: s });
      }
      let width = slots.reduce(
        (w, s) => Math.max(w, s.offset + s.columns.length + (s.idPosition === 'key' ? 0 : 1)),
        0,
      );
      others.forEach((other, i) => {
        const looked = ops[i + 1]!;
        const rows = distinctFirst[i] ? ctx.add(new DistinctOperator(looked), node) : looked;
        op = zipById(ctx, node, op, rows, other.columns.length, site);
        slots.push({
          table: other,
          aliases: [],
          columns: other.columns.map((c) => c.name),
          offset: width,
          idPosition: 'key',
        });
        width += other.columns.length;
      });
      if (udfs.length > 0) {
        const pre = new SlotScope(slots);
        op = lowerUdfs(ctx, node, op, udfs, pre);
        slots.push({
          table: UDF_SLOT,
          aliases: [],
          columns: udfs.map((_, i) => `__udf${i}`),
          offset: width,
          idPosition: 'key',
        });
      }
      return { op, scope: new SlotScope(slots) };
    },
  };
}

/**
 * Replaces every UDF call of `e` by a reference to its result column, adding the call to `out`. A call inside a branch
 * (`ifElse`'s then / otherwise, a later `coalesce` argument, `require`'s value) carries the conditions under which the
 * branch is evaluated (`guards`), so it runs only for the rows that take it, as Pathway evaluates branches.
 */
function extractUdfs(e: Expr, out: UdfCall[], guards: readonly UdfGuard[] = []): Expr {
  const n = e.node;
  if (n.kind === 'udf') {
    const args = n.args.map((a) => extractUdfs(a, out, guards));
    const idx = out.length;
    out.push({ udf: n.udf, args, site: e.site, guards, dtype: e.dtype });
    return new ColumnRef(UDF_SLOT, `__udf${idx}`, e.dtype);
  }
  if (n.kind === 'ifElse') {
    const cond = extractUdfs(n.cond, out, guards);
    const then = extractUdfs(n.then, out, [...guards, { expr: cond, when: 'true' }]);
    const otherwise = extractUdfs(n.otherwise, out, [...guards, { expr: cond, when: 'false' }]);
    return new Expr({ ...n, cond, then, otherwise }, e.dtype, e.site);
  }
  if (n.kind === 'coalesce') {
    const args: Expr[] = [];
    for (const a of n.args) {
      const before = args.map((x): UdfGuard => ({ expr: x, when: 'none' }));
      args.push(extractUdfs(a, out, [...guards, ...before]));
    }
    return new Expr({ ...n, args }, e.dtype, e.site);
  }
  if (n.kind === 'require') {
    const args = n.args.map((a) => extractUdfs(a, out, guards));
    const value = extractUdfs(n.value, out, [
      ...guards,
      ...args.map((x): UdfGuard => ({ expr: x, when: 'notNone' })),
    ]);
    return new Expr({ ...n, value, args }, e.dtype, e.site);
  }
  return mapChildren(e, (c) => extractUdfs(c, out, guards));
}
