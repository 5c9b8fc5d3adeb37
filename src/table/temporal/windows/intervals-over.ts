// intervalsOver windows (Pathway's `intervals_over`): one window per distinct value of `at`, holding the rows whose
// time lies in [at + lowerBound, at + upperBound]; an outer window without rows holds one row of Nones.
//
// Algorithm: as Pathway, an interval join of the distinct `at` values (left) with the windowed table (right) -- incremental
// in both the rows and the `at` points, retractions included -- selected into the windowed rows
// [...columns, _windowStart, _windowEnd, _instance, _windowLocation, __time], each keyed by its source row's id (the
// `at` value's pair key for an empty outer window), so argmin/argmax give original ids. `__time` (Pathway's `_pw_key`,
// None in an empty outer window) is the row's time: the reduce's sort key, so `tuple` lists a window's values in time
// order as Pathway's `sort_by=_pw_key` does (ties: by row id; Pathway's ids there are the join's, so tied rows may
// be listed in another order than Pathway's).
// State: the interval join's arrangements (engine operators, snapshotted with the program).
// Invariants: the windowed rows equal, at every epoch, the pairs (at value, row) with the row's time in the window.

import { FlatMapOperator } from '../../../engine/linear-operators.js';
import type { Batch } from '../../../engine/batch.js';
import type { Key } from '../../../engine/key.js';
import { ColumnRef, type Expr } from '../../expression.js';
import { NONE } from '../../dtype.js';
import { require as noneUnless } from '../../expression-builders.js';
import { GraphBuildError } from '../../errors.js';
import { planNode } from '../../plan.js';
import { resolveDtypes, tableResolver } from '../../resolve-dtypes.js';
import { Table } from '../../table.js';
import { Universe } from '../../universe.js';
import { interval, intervalJoinTables } from '../joins/interval-join.js';
import { bindSide } from '../joins/join-sides.js';
import { intervalMs, timeLike, timeMs } from './time-values.js';
import type { IntervalsOverWindow } from './window-kinds.js';

/** Name of the windowed rows' time column: the sort key of their reduce (Pathway's `_pw_key`). */
export const WINDOW_TIME = '__time';

/** The rows of `table` tagged with every intervalsOver window containing their time. */
export function intervalsOverTable(
  table: Table<any>,
  time: Expr,
  instance: Expr,
  window: IntervalsOverWindow,
  hasInstance: boolean,
  site: string | undefined,
): Table<any> {
  const at0 = window.at;
  if (!(at0 instanceof ColumnRef)) {
    throw new GraphBuildError('intervalsOver() needs at: a column of a table, e.g. probes.c.t', site);
  }
  // One window per distinct value of `at` (Pathway makes one per `at` row, so duplicated values count rows twice).
  const source = at0.slot instanceof Table ? at0.slot : table;
  const atTable: Table<any> = source
    .groupBy(source.col(at0.name))
    .reduce({ [at0.name]: source.col(at0.name) });
  const at = atTable.col(at0.name);
  const lower = intervalMs(window.lowerBound);
  const upper = intervalMs(window.upperBound);
  if (!(lower < upper)) {
    throw new GraphBuildError('intervalsOver(): lowerBound must be less than upperBound', site);
  }
  const joined = intervalJoinTables(
    atTable,
    table,
    at,
    bindSide(time, table, ['this']),
    interval(window.lowerBound, window.upperBound),
    [],
    window.isOuter ? 'left' : 'inner',
    site,
  );
  const names = table.columnNames();
  const spec: Record<string, Expr> = {};
  for (const n of names) spec[n] = table.col(n);
  spec.__at = at;
  spec.__instance = bindSide(instance, table, ['this']);
  spec.__rid = table.id;
  // An empty outer window's row of Nones has no time (evaluating one there could fail: None + 1).
  const timeOfRow = bindSide(time, table, ['this']);
  spec.__time = window.isOuter ? noneUnless(timeOfRow, table.id) : timeOfRow;
  const selected = joined.select(spec);
  const width = names.length;
  const node = planNode('intervalsOver', [selected.node], site, (ctx, ops) =>
    ctx.add(
      new FlatMapOperator<unknown[], unknown[]>(ops[0]!, (k, r, d, out: Batch<unknown[]>) => {
        const loc = r[width];
        const ms = timeMs(loc);
        if (Number.isNaN(ms)) return;
        const row = r.slice(0, width);
        row.push(timeLike(loc, ms + lower), timeLike(loc, ms + upper), r[width + 1], loc, r[width + 3]);
        out.push((r[width + 2] as Key | null) ?? k, row, d);
      }),
      node,
    ),
  );
  const atDtype = resolveDtypes(at, tableResolver([atTable], { this: atTable })).dtype.unoptional();
  const timeDtype = selected.columns[width + 3]!.dtype;
  const instDtype = hasInstance ? selected.columns[width + 1]!.dtype : NONE;
  const columns = [
    ...table.columns.map((c) => (window.isOuter ? { name: c.name, dtype: c.dtype.optional() } : c)),
    { name: '_windowStart', dtype: atDtype },
    { name: '_windowEnd', dtype: atDtype },
    { name: '_instance', dtype: instDtype },
    { name: '_windowLocation', dtype: atDtype },
    { name: WINDOW_TIME, dtype: window.isOuter ? timeDtype.optional() : timeDtype },
  ];
  const windowed = new Table<any>(columns, node, new Universe());
  windowed.repeatsIds = true; // a row once per window holding it, under its own id
  return windowed;
}
