// The error logs as tables: one row per failing cell or dropped row, for the whole program (Pathway's
// `pw.global_error_log()`) or for the part of it built in a block (`localErrorLog`, Pathway's `pw.local_error_log()`).

import { STR } from './dtype.js';
import { lastPlanNodeId, planNode } from './plan.js';
import { userCallSite } from './call-site.js';
import type { Runtime } from './runtime.js';
import { Table } from './table.js';
import { markAppendOnly } from './append-only.js';

/** A row of the error log. */
export interface ErrorLogRow extends Record<string, unknown> {
  /** The operator (and user's line) where the error happened. */
  operator: string | null;
  /** What went wrong. */
  message: string;
  /** The user's line that built the failing expression. */
  trace: string | null;
}

/** The columns of an error log. */
const COLUMNS = [
  { name: 'operator', dtype: STR.optional() },
  { name: 'message', dtype: STR },
  { name: 'trace', dtype: STR.optional() },
];

const node = planNode('error-log', [], undefined, (ctx) => (ctx as Runtime).errorLog());
// Error logs only grow (as Pathway's error-log source).
const table = markAppendOnly(new Table<ErrorLogRow>(COLUMNS, node, undefined, 'global_error_log'));

/** The table of errors of the running program (rows appear when run with `terminateOnError: false`). */
export function globalErrorLog(): Table<ErrorLogRow> {
  return table;
}

/**
 * Runs `build` and returns what it returns with a log of the errors of the tables it built (Pathway's
 * `local_error_log`): `const [ratios, errors] = cw.localErrorLog(() => t.select({ r: t.c.a.div(t.c.b) }))`. Their errors
 * go to this log instead of the global one (to the innermost log when blocks nest); when nothing reads this log they
 * go to the global one. Rows appear when run with `terminateOnError: false`.
 */
export function localErrorLog<T>(build: () => T): [T, Table<ErrorLogRow>] {
  const site = userCallSite();
  const from = lastPlanNodeId() + 1;
  const result = build();
  const covered = { from, to: lastPlanNodeId() };
  const logNode = planNode('local-error-log', [], site, (ctx) => (ctx as Runtime).localErrorLog(covered));
  return [result, markAppendOnly(new Table<ErrorLogRow>(COLUMNS, logNode, undefined, 'local_error_log'))];
}
