// Update streams (Pathway's `to_stream`, `stream_to_table`, `Table.from_streams`, `unpack_snapshots`,
// `assert_append_only`, `_remove_retractions`): a table's changes as an append-only table of upsert / delete events
// with the rows' ids, such streams back into a table keeping the last event per id, a table as a stream of its
// snapshots, a check that a table only grows, and a table's insertions alone. The engine's ToStreamOperator / FromStreamsOperator / UnpackSnapshotsOperator do the work.

import { FromStreamsOperator, ToStreamOperator } from '../engine/update-streams.js';
import { FilterOperator, FlatMapOperator, MapOperator } from '../engine/linear-operators.js';
import { ConsolidateOperator } from '../engine/consolidate.js';
import { UnpackSnapshotsOperator } from '../engine/unpack-snapshots.js';
import type { Batch } from '../engine/batch.js';
import { keyToString } from '../engine/key.js';
import { BOOL } from './dtype.js';
import { toExpr, type ExprLike } from './expression.js';
import { compileCell } from './expression-compiler.js';
import { GraphBuildError } from './errors.js';
import { planNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { checkCondition } from './type-check.js';
import { Table, type Row } from './table.js';
import { markAppendOnly } from './append-only.js';
import { Universe } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { makeError, reportDropped } from './expressions/error-reporter.js';

/** The row type of `toStream(name)`: the table's columns and a boolean column `name`. */
export type StreamRow<TRow, N extends string> = {
  [K in keyof TRow | N]: K extends keyof TRow ? TRow[K] : boolean;
};

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * This table's changes as an append-only stream (Pathway's `to_stream`): per epoch and id, the inserted row with
     * `is_upsert` true, or, for an id only deleted, the deleted row with `is_upsert` false. Rows keep their ids, so
     * an id appears once per epoch that changed it. Stateless.
     */
    toStream<const N extends string = 'is_upsert'>(upsertColumnName?: N): Table<StreamRow<TRow, N>>;
    /**
     * The table an update stream describes (Pathway's `stream_to_table`): per id, the row of its last event when that
     * was an upsert (`isUpsert` true); a deletion (false) removes the id, whatever its other cells. Events of one id
     * within an epoch apply in arrival order. An event whose `isUpsert` is None or an error is skipped and logged;
     * retracting an event changes nothing (streams are append-only).
     */
    streamToTable(isUpsert: ExprLike<boolean>): Table<TRow>;
    /**
     * This table as a stream of snapshots (Pathway's `unpack_snapshots`): at every epoch that changes it, all its rows
     * as they are after the epoch, inserted again (an id appears once per snapshot). Mind the size: each changing
     * epoch emits the whole table.
     */
    unpackSnapshots(): Table<TRow>;
    /**
     * The same table, checked to only grow (Pathway's `assert_append_only`): a row deleted or updated at run time is
     * an error at this line (the run stops, or with `terminateOnError: false` the error is logged and the change
     * passes).
     */
    assertAppendOnly(): Table<TRow>;
    /**
     * This table without its retractions (Pathway's `_remove_retractions`): every row ever inserted stays (an insertion
     * and a deletion within one epoch cancel first), so the result only grows. Stateless.
     */
    removeRetractions(): Table<TRow>;
  }
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merging a static member into the Table class
  namespace Table {
    /**
     * The table two update streams describe (Pathway's `Table.from_streams`): each row of `upserts` inserts or
     * replaces the row of its id, each row of `deletions` removes its id (only its id is read); within an epoch
     * upserts apply first, then deletions. `Table.fromStreams(updates, deletions)`.
     */
    let fromStreams: <TRow extends Row>(upserts: Table<TRow>, deletions: Table<any>) => Table<TRow>;
  }
}

Table.prototype.toStream = function <TRow extends Row, const N extends string = 'is_upsert'>(
  this: Table<TRow>,
  upsertColumnName?: N,
): Table<StreamRow<TRow, N>> {
  const site = userCallSite();
  const name = upsertColumnName ?? 'is_upsert';
  if (typeof name !== 'string' || name === '' || name === 'id') {
    throw new GraphBuildError(
      `toStream() takes a column name for the upsert flag, got ${String(name)}`,
      site,
    );
  }
  if (this.columns.some((c) => c.name === name)) {
    throw new GraphBuildError(
      `toStream(): the table already has a column "${name}"; pass another name, e.g. toStream('${name}_flag')`,
      site,
    );
  }
  const width = this.columns.length;
  const node = planNode('to-stream', [this.node], site, (ctx, ops) =>
    ctx.add(
      new ToStreamOperator<unknown[], unknown[]>(ops[0]!, (row, upsert) => {
        const r = row.slice(0, width);
        r.push(upsert);
        return r;
      }),
      node,
    ),
  );
  return markAppendOnly(
    new Table<StreamRow<TRow, N>>([...this.columns, { name, dtype: BOOL }], node, new Universe()),
  );
};

Table.prototype.streamToTable = function <TRow extends Row>(
  this: Table<TRow>,
  isUpsert: ExprLike<boolean>,
): Table<TRow> {
  const site = userCallSite();
  const flag = toExpr(isUpsert);
  checkCondition(resolveDtypes(flag, tableResolver([this], { this: this })), site);
  const prepared = prepareRows(this, [this], [flag], site);
  const width = this.columns.length;
  const node = planNode('stream-to-table', prepared.inputs, site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops);
    const flagOf = compileCell(prepared.exprs[0]!, scope);
    const rows = ctx.add(
      new FromStreamsOperator<unknown[]>(op, (k, r) => {
        const v = flagOf(r, k);
        if (v === true || v === false) return v;
        const error = v instanceof ErrorValue ? v : new ErrorValue(`the flag is ${String(v)}, not a boolean`);
        reportDropped(error, 'streamToTable skipped an event whose isUpsert is not True or False', site);
        return undefined;
      }),
      node,
    );
    return ctx.add(new MapOperator<unknown[], unknown[]>(rows, (r) => r.slice(0, width)), node);
  });
  return new Table<TRow>(this.columns, node, new Universe());
};

Table.fromStreams = <TRow extends Row>(upserts: Table<TRow>, deletions: Table<any>): Table<TRow> => {
  const site = userCallSite();
  if (!(upserts instanceof Table) || !(deletions instanceof Table)) {
    throw new GraphBuildError('Table.fromStreams(upserts, deletions) takes two tables', site);
  }
  const width = upserts.columns.length;
  const node = planNode('from-streams', [upserts.node, deletions.node], site, (ctx, ops) => {
    const rows = ctx.add(new FromStreamsOperator<unknown[]>(ops[0]!, () => true, ops[1]), node);
    return ctx.add(new MapOperator<unknown[], unknown[]>(rows, (r) => r.slice(0, width)), node);
  });
  return new Table<TRow>(upserts.columns, node, new Universe());
};

Table.prototype.unpackSnapshots = function <TRow extends Row>(this: Table<TRow>): Table<TRow> {
  const site = userCallSite();
  const node = planNode('unpack-snapshots', [this.node], site, (ctx, ops) =>
    ctx.add(new UnpackSnapshotsOperator<unknown[]>(ops[0]!), node),
  );
  return new Table<TRow>(this.columns, node, new Universe());
};

Table.prototype.assertAppendOnly = function <TRow extends Row>(this: Table<TRow>): Table<TRow> {
  const site = userCallSite();
  const node = planNode('assert-append-only', [this.node], site, (ctx, ops) => {
    // Consolidated first: a row inserted and deleted within one epoch never was in the table.
    const net = ctx.add(new ConsolidateOperator<unknown[]>(ops[0]!), node);
    return ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(net, (k, r, d, out: Batch<unknown[]>) => {
        if (d < 0) {
          makeError(
            `assertAppendOnly(): the table is not append-only: row ${keyToString(k)} was deleted or updated`,
            site,
          );
        }
        out.push(k, r, d);
      }),
      node,
    );
  });
  return markAppendOnly(new Table<TRow>(this.columns, node, this.universe));
};

Table.prototype.removeRetractions = function <TRow extends Row>(this: Table<TRow>): Table<TRow> {
  const site = userCallSite();
  const node = planNode('remove-retractions', [this.node], site, (ctx, ops) => {
    const net = ctx.add(new ConsolidateOperator<unknown[]>(ops[0]!), node);
    return ctx.add(new FilterOperator<unknown[]>(net, (_row, _key, diff) => diff > 0), node);
  });
  return markAppendOnly(new Table<TRow>(this.columns, node, new Universe()));
};
