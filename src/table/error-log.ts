// The global error log as a table: one row per failing cell or dropped row (Pathway's `pw.global_error_log()`).

import { STR } from './dtype.js';
import { planNode } from './plan.js';
import type { Runtime } from './runtime.js';
import { Table } from './table.js';

/** A row of the error log. */
export interface ErrorLogRow extends Record<string, unknown> {
  /** The operator (and user's line) where the error happened. */
  operator: string | null;
  /** What went wrong. */
  message: string;
  /** The user's line that built the failing expression. */
  trace: string | null;
}

const node = planNode('error-log', [], undefined, (ctx) => (ctx as Runtime).errorLog());
const table = new Table<ErrorLogRow>(
  [
    { name: 'operator', dtype: STR.optional() },
    { name: 'message', dtype: STR },
    { name: 'trace', dtype: STR.optional() },
  ],
  node,
  undefined,
  'global_error_log',
);

/** The table of errors of the running program (rows appear when run with `terminateOnError: false`). */
export function globalErrorLog(): Table<ErrorLogRow> {
  return table;
}
