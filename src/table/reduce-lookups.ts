// Lookups in reduce outputs: `t.groupBy(cw.this.pet).reduce({ owner: t.ix(cw.reducers.argmax(t.c.age)).c.owner })`
// (Pathway's `t.ix(pw.reducers.argmax(t.age)).owner` in `reduce`). A lookup's pointer is a value of the group (a
// reducer result, a grouping column), known only once the group is reduced. Columns of another table of the reduce's
// universe (an earlier reduce of the same grouping: `grouped.reduce({ c: reduced1.c.col.add(sum(...)) })`, Pathway's
// test_groupby_foreign_column) are read the same way, by the reduced rows' ids.
//
// Algorithm: the outputs are split in two stages. Stage one is the reduce itself, computing every part of the outputs
// that reads no lookup (each maximal such sub-expression, reducers included) into a hidden column, and each lookup's
// pointer likewise. Stage two is a `select` over the reduced table rebuilding the outputs from those columns, each
// lookup rebound to its pointer column there (so it is resolved against the reduced rows, one lookup per group), and
// another table's columns read as they are (the select reads them by id; a table of another universe is refused there).
// Invariants: the result has the reduce's ids, universe and output columns in order; a lookup inside a reducer's
// arguments (per grouped row) is left to the reduce, as before.

import { ColumnRef, Expr } from './expression.js';
import { childrenOf, mapChildren } from './expression-tree.js';
import { isDeferredRowSource } from './row-context.js';
import { Table } from './table.js';
import type { Universe } from './universe.js';

/** A reduce split around its lookups: the reduce's hidden outputs, then the outputs over the reduced table. */
export interface ReduceLookupSplit {
  /** Outputs of the reduce itself (hidden names). */
  readonly reduced: [string, Expr][];
  /** The user's outputs, reading the reduced table through `cw.this` (a `select` over it). */
  readonly outputs: [string, Expr][];
}

/** Prefix of the reduce's hidden columns (never seen: the second stage selects the user's outputs only). */
const HIDDEN = '__cw_reduced';

/** True when `n` is a column or id of a table other than `table` (not `cw.this`, not a lookup). */
function isForeign(n: Expr['node'], table: object): boolean {
  return (
    (n.kind === 'column' || n.kind === 'id') &&
    n.slot instanceof Table &&
    n.slot !== table &&
    !isDeferredRowSource(n.slot)
  );
}

/** The first node of `e` outside any reducer's arguments for which `test` holds, or undefined. */
function findOutsideReducers(e: Expr, test: (n: Expr['node']) => boolean): Expr | undefined {
  const n = e.node;
  if (n.kind === 'reducer') return undefined;
  if (test(n)) return e;
  for (const c of childrenOf(n)) {
    const found = findOutsideReducers(c, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when `e` reads, outside any reducer's arguments, a deferred lookup's column or another table's column. */
function readsOutside(e: Expr, table: object): boolean {
  const outside = (n: Expr['node']): boolean =>
    ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) || isForeign(n, table);
  return findOutsideReducers(e, outside) !== undefined;
}

/**
 * The first column (or id) of a table other than `table` that `outputs` read outside reducers, whose universe does not
 * hold `universe` (the reduce's): such a table cannot be read by the reduced rows' ids. Undefined when there is none.
 */
export function foreignOutsideUniverse(
  outputs: readonly [string, Expr][],
  table: object,
  universe: Universe,
): { output: string; ref: Expr } | undefined {
  const elsewhere = (n: Expr['node']): boolean =>
    isForeign(n, table) && !universe.isSubsetOf((n as { slot: Table<any> }).slot.universe);
  for (const [output, e] of outputs) {
    const ref = findOutsideReducers(e, elsewhere);
    if (ref !== undefined) return { output, ref };
  }
  return undefined;
}

/** Splits reduce outputs of `table`'s rows that read lookups or other tables (see the header); undefined when none does. */
export function splitReduceLookups(
  outputs: readonly [string, Expr][],
  table: object,
): ReduceLookupSplit | undefined {
  if (!outputs.some(([, e]) => readsOutside(e, table))) return undefined;
  const reduced: [string, Expr][] = [];
  // One rebound lookup per lookup of these outputs (its columns read together share it).
  const owner = {};
  const hide = (e: Expr): Expr => {
    const name = `${HIDDEN}${reduced.length}`;
    reduced.push([name, e]);
    return new ColumnRef('this', name);
  };
  const split = (e: Expr): Expr => {
    const n = e.node;
    if (!readsOutside(e, table)) return n.kind === 'const' ? e : hide(e);
    if (isForeign(n, table)) return e;
    if ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) {
      const lookup = n.slot.rebound(owner, split);
      if (n.kind === 'id') return new Expr({ kind: 'id', slot: lookup }, e.dtype, e.site);
      return new ColumnRef(lookup, n.name, e.dtype, n.data === true);
    }
    return mapChildren(e, split);
  };
  return { reduced, outputs: outputs.map(([name, e]) => [name, split(e)]) };
}
