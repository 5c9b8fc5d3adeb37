// intervalsOver windows: one window per value of a column of another table (probes); placeholder.

import type { Expr } from '../../expression.js';
import { GraphBuildError } from '../../errors.js';
import type { Table } from '../../table.js';
import type { IntervalsOverWindow } from './window-kinds.js';

/** The rows of `table` tagged with every intervalsOver window containing their time. */
export function intervalsOverTable(
  _table: Table<any>,
  _time: Expr,
  _instance: Expr,
  _window: IntervalsOverWindow,
  site: string | undefined,
): Table<any> {
  throw new GraphBuildError('intervalsOver windows are not implemented yet', site);
}
