// Whole-columns objects (`cw.this`, `cw.left`, `t.c`) passed where columns are picked, as Pathway's `*pw.this`: how
// they are recognised, and how a method of a table expands one into that table's columns.

import { GraphBuildError } from './errors.js';
import type { TableSlot } from './expression.js';

/** The key under which a whole-columns proxy answers its slot. */
export const WHOLE_SLOT = Symbol('causeway.columns');

/**
 * The slot of a whole-columns object (`cw.left`, `cw.this`, `t.c`) passed where columns are picked, as Pathway's
 * `*pw.left`: `j.select(cw.left, { b: cw.right.b })` takes every left column. Undefined for anything else.
 */
export function slotOfColumns(x: unknown): TableSlot | undefined {
  if ((typeof x !== 'object' && typeof x !== 'function') || x === null) return undefined;
  return (x as Record<symbol, TableSlot | undefined>)[WHOLE_SLOT];
}

/**
 * `args` with each whole-columns object of `table` (`cw.this` or `table.c`) replaced by `columns()` (the picks it
 * stands for); another table's is a GraphBuildError at `site`.
 */
export function expandWhole(
  args: readonly unknown[],
  table: object,
  columns: () => readonly unknown[],
  site: string | undefined,
): unknown[] {
  const out: unknown[] = [];
  for (const a of args) {
    const slot = slotOfColumns(a);
    if (slot === undefined) out.push(a);
    else if (slot === 'this' || slot === table) out.push(...columns());
    else {
      throw new GraphBuildError(
        "only this table's own columns can be picked whole here (cw.this or t.c)",
        site,
      );
    }
  }
  return out;
}
