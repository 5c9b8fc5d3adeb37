// Deferred lookups: `owners.ix(cw.this.owner_id)` has no rows of its own; each method using its columns resolves it
// against the rows that method evaluates (a table, or a join's joined rows) and zips the lookup in by id.

import type { Operator } from '../engine/operator.js';
import type { ColumnInfo } from './columns.js';
import type { Expr } from './expression.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import type { DeferredRowSource, RowContext, RowSourceLike } from './row-context.js';
import { Table, type Row } from './table.js';
import { Universe } from './universe.js';
import { appendOnlyOf, recordAppendOnly } from './append-only-props.js';

/** Builds the concrete lookup of `pointer` for the rows of a context. */
export type DeferredLookup = (pointer: Expr, context: RowContext, site: string | undefined) => RowSourceLike;

/**
 * A lookup waiting for the table it is used in: its columns may appear in `select`, `withColumns`, `filter`,
 * reducer arguments, join `select`/`filter`/`reduce`; used anywhere else (as a table) it is a GraphBuildError.
 */
export class DeferredIxTable<TRow extends Row = Row> extends Table<TRow> implements DeferredRowSource {
  /** Marks deferred sources for `prepareRows`. */
  readonly deferredRowSource = true as const;
  private readonly rebinds = new WeakMap<object, DeferredIxTable<TRow>>();

  /** Creates a deferred lookup; use `table.ix(cw.this.ptr)` / `table.ixRef(cw.this.x)`. */
  constructor(
    columns: readonly ColumnInfo[],
    /** The pointer expression, still reading placeholders. */
    readonly pointer: Expr,
    private readonly build: DeferredLookup,
    /** The user's line that called ix/ixRef. */
    readonly site: string | undefined,
  ) {
    const node = planNode('ix-deferred', [], site, (): Operator<unknown[]> => {
      throw new GraphBuildError(
        'a lookup whose pointer uses cw.this / cw.left / cw.right (or only constants) was used as a table; use its ' +
          'columns inside a method of the table doing the lookups, e.g. t.select({ x: other.ix(cw.this.ptr).c.x }), ' +
          'or pass { context: table } to ix()/ixRef()',
        site,
      );
    });
    super(columns, node, new Universe());
  }

  /** The concrete lookup for the rows of `context`. */
  resolveFor(context: RowContext, site: string | undefined): RowSourceLike {
    return this.build(this.pointer, context, this.site ?? site);
  }

  /** The same lookup with its pointer rewritten (once per `owner`, so repeated uses share one lookup). */
  rebound(owner: object, rewrite: (e: Expr) => Expr): DeferredIxTable<TRow> {
    let r = this.rebinds.get(owner);
    if (r === undefined) {
      r = new DeferredIxTable<TRow>(this.columns, rewrite(this.pointer), this.build, this.site);
      recordAppendOnly(r, appendOnlyOf(this));
      this.rebinds.set(owner, r);
    }
    return r;
  }
}
