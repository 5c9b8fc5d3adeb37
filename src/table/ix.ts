// `ix` / `ixRef`: look up rows of this table by pointer, one lookup per row of a context table (Pathway's `ix`,
// `ix_ref`). The result has the context's universe and this table's columns. Without a context table (the pointer
// reads cw.this, or constants only) the lookup is deferred to the method using it (ix-deferred.ts).
//
// Algorithm: the context rows' pointers are arranged by pointer value, this table by id; the bilinear join gives
// the found rows; rows whose pointer finds nothing are `all - semijoin(all, this)` padded with a fill row (nulls
// or errors), so retractions on either side just work. A consolidation cancels fill rows within an epoch before
// misses are reported, so only net misses are logged.
// State: the two arrangements (in the engine).
// Invariants: every context row has exactly one output row: the pointed-to row, or the fill row.

import { Arrangement } from '../engine/arrangement.js';
import { JoinOperator } from '../engine/join.js';
import { ConsolidateOperator } from '../engine/consolidate.js';
import { ConcatOperator, FlatMapOperator } from '../engine/linear-operators.js';
import type { Batch } from '../engine/batch.js';
import type { Key } from '../engine/key.js';
import { POINTER } from './dtype.js';
import { Expr, require as requireAll, toExpr, type ExprLike } from './expression.js';
import { visitExpr } from './expression-tree.js';
import { compileCell } from './expression-compiler.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { isDeferredRowSource, prepareRows, type RowContext } from './row-context.js';
import { DeferredIxTable } from './ix-deferred.js';
import type { ColumnInfo } from './columns.js';
import { Table, type Nullable, type Row } from './table.js';
import { columnAppendOnly, exprAppendOnly, markRowwise } from './append-only.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { makeError, withoutReports } from './expressions/error-reporter.js';
import { arrangeById } from './by-id.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { mayBePointer } from './id-checks.js';

/** Options of `ix`. */
export interface IxOptions {
  /** A null pointer gives a row of nulls (instead of an error). */
  optional?: boolean;
  /** A pointer to a missing row gives a row of nulls (instead of an error). */
  allowMisses?: boolean;
  /** The table whose rows do the lookups (default: the one table the pointer reads; with cw.this, the method using it). */
  context?: Table<any>;
}

/** Options of `ixRef`. */
export interface IxRefOptions extends IxOptions {
  /** Extra value the ids were built with (Pathway's `instance`). */
  instance?: ExprLike;
}

/** The row type of a lookup: nullable when misses or null pointers give nulls. */
export type IxRow<TRow, O> = O extends { optional: true } | { allowMisses: true } ? Nullable<TRow> : TRow;

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * The rows of this table that the pointers point at, one per row of the pointers' table:
     * `birds.select({ desc: birds.c.desc, latin: animals.ix(birds.id).c.genus })`. A missing row is an error
     * value (null with `allowMisses`); a null pointer is an error (null with `optional`). A pointer reading
     * `cw.this` / `cw.left` / `cw.right` is resolved by the method using the result: `t.select({ n: o.ix(cw.this.p).c.n })`.
     */
    ix<const O extends IxOptions = Record<never, never>>(
      pointer: Expr<Key | null>,
      options?: O,
    ): Table<IxRow<TRow, O>>;
    /**
     * Like `ix`, with the pointer built from values as `pointerFrom` does: `counts.ixRef(t.c.pet).c.count`.
     * Values reading `cw.this` (or constants only) are resolved by the method using the result.
     */
    ixRef<const O extends IxRefOptions = Record<never, never>>(
      ...args: [...ExprLike[], O] | ExprLike[]
    ): Table<IxRow<TRow, O>>;
  }
}

// Pointers that are not row ids (null, errors) are arranged under this value, which no 8-unit key equals.
const NO_MATCH = '\u0000ix: no match\u0000';

/** The lookups' context: a given table, or the one table the pointer reads; undefined when it must be deferred. */
function contextOf(
  pointer: Expr,
  given: Table<any> | undefined,
  site: string | undefined,
): Table<any> | undefined {
  if (given !== undefined) return given;
  const tables = new Set<Table<any>>();
  let placeholder = false;
  visitExpr(pointer, (x) => {
    const n = x.node;
    // A reducer's result (`t.ix(cw.reducers.argmax(t.c.v))`) is a value of a group: resolved by the reduce using it.
    if (n.kind === 'reducer') placeholder = true;
    if (n.kind !== 'column' && n.kind !== 'id') return;
    if (typeof n.slot === 'string' || isDeferredRowSource(n.slot)) placeholder = true;
    else if (n.slot instanceof Table) tables.add(n.slot);
  });
  // cw.this / cw.left / cw.right (also through a nested deferred lookup), or constants only: resolved by the
  // method the lookup is used in (as Pathway).
  if (placeholder || tables.size === 0) return undefined;
  if (tables.size === 1) return [...tables][0]!;
  throw new GraphBuildError(
    'ix() pointer uses columns of several tables; pass { context: table } naming the one whose rows do the lookups',
    site,
  );
}

/** Output columns of a lookup: this table's, nullable when misses or null pointers give nulls. */
function lookupColumns(self: Table<any>, options: IxOptions): ColumnInfo[] {
  const nullable = options.optional === true || options.allowMisses === true;
  return self.columns.map((c) => (nullable ? { name: c.name, dtype: c.dtype.optional() } : c));
}

function startLookup(
  self: Table<any>,
  pointer: Expr,
  options: IxOptions,
  site: string | undefined,
): Table<any> {
  const context = contextOf(pointer, options.context, site);
  if (context !== undefined)
    return lookup(self, pointer, options, { source: context, selfSlots: [context] }, site);
  const deferred = new DeferredIxTable(
    lookupColumns(self, options),
    pointer,
    (p, ctx, s) => lookup(self, p, options, ctx, s),
    site,
  );
  // The pointer is read in the table using the lookup (`exprAppendOnly` follows it there).
  return markLookup(deferred, self, options, true);
}

/**
 * Records a lookup's properties: its ids as `idGrows` says (the pointer's rows), each cell only growing when the row it
 * finds and the cell do and no miss may be filled later (`allowMisses`).
 */
function markLookup<T extends Table<any>>(out: T, self: Table<any>, options: IxOptions, idGrows: boolean): T {
  const found = options.allowMisses !== true && columnAppendOnly(self, 'id');
  return markRowwise(out, idGrows, (name) => found && columnAppendOnly(self, name));
}

function lookup(
  self: Table<any>,
  pointer: Expr,
  options: IxOptions,
  context: RowContext,
  site: string | undefined,
): Table<any> {
  const pointerDtype = resolveDtypes(
    pointer,
    tableResolver([context.source], { this: context.source }),
  ).dtype.unoptional();
  if (pointerDtype.name !== 'NONE' && !mayBePointer(pointerDtype)) {
    throw new GraphBuildError(
      `ix(): the pointer must be a row id (POINTER, e.g. from pointerFrom), got ${pointerDtype}; use ixRef() to look up by values`,
      site,
    );
  }
  const prepared = prepareRows(context.source, context.selfSlots, [pointer], site, context.baseSlots);
  const width = self.columns.length;
  const nullRow: unknown[] = new Array<unknown>(width).fill(null);
  const missRow: unknown[] = new Array<unknown>(width).fill(new ErrorValue('ix(): no row has this id'));
  const noneRow: unknown[] = new Array<unknown>(width).fill(new ErrorValue('ix(): the pointer is None'));
  const notPointerRow: unknown[] = new Array<unknown>(width).fill(
    new ErrorValue('ix(): the pointer is not a row id'),
  );
  const fill = (p: unknown): unknown[] => {
    if (typeof p === 'string') return options.allowMisses ? nullRow : missRow;
    if (p instanceof ErrorValue) return new Array<unknown>(width).fill(p);
    if (p !== null && p !== undefined) return notPointerRow;
    return options.optional ? nullRow : noneRow;
  };
  const node = planNode('ix', [self.node, ...prepared.inputs], site, (ctx, ops) => {
    const target = arrangeById(ctx, node, ops[0]!);
    const { op, scope } = prepared.lower(ctx, node, ops.slice(1));
    const pointerOf = compileCell(prepared.exprs[0]!, scope);
    const pointers = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(op, (k, r, d, out: Batch<unknown[]>) =>
        out.push(k, [d > 0 ? pointerOf(r, k) : withoutReports(() => pointerOf(r, k))], d),
      ),
      node,
    );
    const byPointer = ctx.add(
      new Arrangement<unknown[]>(pointers, (_k, r) => (typeof r[0] === 'string' ? r[0] : NO_MATCH)),
      node,
    );
    const found = ctx.add(
      new JoinOperator<unknown[], unknown[], unknown[]>(byPointer, target, (ck, _cr, _tk, tr, d, out) =>
        out.push(ck, tr.length === width ? tr : tr.slice(0, width), d),
      ),
      node,
    );
    const filled = ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(byPointer, (ck, cr, d, out) => out.push(ck, fill(cr[0]), d)),
      node,
    );
    const unfilled = ctx.add(
      new JoinOperator<unknown[], unknown[], unknown[]>(byPointer, target, (ck, cr, _tk, _tr, d, out) =>
        out.push(ck, fill(cr[0]), -d),
      ),
      node,
    );
    const net = ctx.add(
      new ConsolidateOperator<unknown[]>(
        ctx.add(new ConcatOperator<unknown[]>([found, filled, unfilled]), node),
      ),
      node,
    );
    return ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(net, (k, r, d, out) => {
        if (d > 0 && (r === missRow || r === noneRow || r === notPointerRow)) {
          makeError(
            r === missRow
              ? 'ix(): no row of the indexed table has this id (use { allowMisses: true } for nulls)'
              : r === noneRow
                ? 'ix(): the pointer is None (use { optional: true } for nulls)'
                : 'ix(): the pointer is not a row id (a POINTER, e.g. from pointerFrom); use ixRef() to look up by values',
            site,
          );
        }
        out.push(k, r, d);
      }),
      node,
    );
  });
  const out = new Table(lookupColumns(self, options), node, context.source.universe);
  const idGrows = columnAppendOnly(context.source, 'id') && exprAppendOnly(pointer, context.source);
  return markLookup(out, self, options, idGrows);
}

Table.prototype.ix = function (
  this: Table<any>,
  pointer: Expr<Key | null>,
  options: IxOptions = {},
): Table<any> {
  const site = userCallSite();
  if (!(pointer instanceof Expr))
    throw new GraphBuildError('ix() needs a pointer expression such as other.id or other.c.ptr', site);
  return startLookup(this, pointer, options, site);
};

function isOptions(x: unknown): x is IxRefOptions {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

Table.prototype.ixRef = function (this: Table<any>, ...args: unknown[]): Table<any> {
  const site = userCallSite();
  const last = args[args.length - 1];
  const options: IxRefOptions = isOptions(last) ? last : {};
  const values = (isOptions(last) ? args.slice(0, -1) : args).map((a) => toExpr(a));
  const instance = options.instance === undefined ? undefined : toExpr(options.instance);
  const ptr = new Expr<Key>({ kind: 'pointer', args: values, ...(instance ? { instance } : {}) }, POINTER);
  // With `optional`, a null value gives a null pointer (hence a row of nulls), as Pathway's `pointer_from(optional=True)`.
  const pointer = options.optional && values.length > 0 ? requireAll(ptr, ...values) : ptr;
  return startLookup(this, pointer, options, site);
};
