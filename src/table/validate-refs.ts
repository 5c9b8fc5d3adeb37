// Checks column references when a method is called, so a wrong `cw.this.x` fails at the user's line while the
// program is being built, not later when it runs.

import { isRowIdRef, type Expr } from './expression.js';
import { visitExpr } from './expression-tree.js';
import { SlotScope, type ScopeSlot } from './scope.js';
import { GraphBuildError } from './errors.js';

/**
 * Resolves every column reference of `exprs` whose slot is one of `slots`' tables or aliases; throws a
 * GraphBuildError (ColumnResolutionError) naming the column, the available ones and the user's line.
 * References to other tables (zipped by id, checked by `prepareRows`) and internal slots are left alone.
 */
export function validateRefs(
  exprs: readonly Expr[],
  slots: readonly ScopeSlot[],
  site: string | undefined,
): void {
  const scope = new SlotScope(slots);
  const known = new Set<unknown>(slots.map((s) => s.table));
  for (const e of exprs) {
    visitExpr(e, (x) => {
      const n = x.node;
      if (n.kind !== 'column' && n.kind !== 'id') return;
      // Placeholders (cw.this / cw.left / cw.right) must resolve here; so must references to the slots' tables.
      const ours = typeof n.slot === 'string' || known.has(n.slot);
      if (!ours) return;
      if (n.kind === 'id' || isRowIdRef(n)) scope.id(n.slot, x.site ?? site);
      else scope.column(n.slot, n.name, x.site ?? site);
    });
  }
}

/** Throws a GraphBuildError when two output columns get the same name (Pathway: "Duplicate expression value"). */
export function checkUniqueNames(names: readonly string[], site: string | undefined): void {
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new GraphBuildError(`two output columns are named "${twice}"; rename one of them`, site);
  }
}
