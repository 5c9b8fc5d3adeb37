// Lookups in reduce outputs: `t.groupBy(cw.this.pet).reduce({ owner: t.ix(cw.reducers.argmax(t.c.age)).c.owner })`
// (Pathway's `t.ix(pw.reducers.argmax(t.age)).owner` in `reduce`). A lookup's pointer is a value of the group (a
// reducer result, a grouping column), known only once the group is reduced.
//
// Algorithm: the outputs are split in two stages. Stage one is the reduce itself, computing every part of the outputs
// that reads no lookup (each maximal such sub-expression, reducers included) into a hidden column, and each lookup's
// pointer likewise. Stage two is a `select` over the reduced table rebuilding the outputs from those columns, each
// lookup rebound to its pointer column there (so it is resolved against the reduced rows, one lookup per group).
// Invariants: the result has the reduce's ids, universe and output columns in order; a lookup inside a reducer's
// arguments (per grouped row) is left to the reduce, as before.

import { ColumnRef, Expr } from './expression.js';
import { childrenOf, mapChildren } from './expression-tree.js';
import { isDeferredRowSource } from './row-context.js';

/** A reduce split around its lookups: the reduce's hidden outputs, then the outputs over the reduced table. */
export interface ReduceLookupSplit {
  /** Outputs of the reduce itself (hidden names). */
  readonly reduced: [string, Expr][];
  /** The user's outputs, reading the reduced table through `cw.this` (a `select` over it). */
  readonly outputs: [string, Expr][];
}

/** Prefix of the reduce's hidden columns (never seen: the second stage selects the user's outputs only). */
const HIDDEN = '__cw_reduced';

/** True when `e` reads a deferred lookup's column outside any reducer's arguments. */
function readsLookup(e: Expr): boolean {
  const n = e.node;
  if (n.kind === 'reducer') return false;
  if ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) return true;
  return childrenOf(n).some(readsLookup);
}

/** Splits reduce outputs that read lookups (see the header); undefined when none does. */
export function splitReduceLookups(outputs: readonly [string, Expr][]): ReduceLookupSplit | undefined {
  if (!outputs.some(([, e]) => readsLookup(e))) return undefined;
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
    if (!readsLookup(e)) return n.kind === 'const' ? e : hide(e);
    if ((n.kind === 'column' || n.kind === 'id') && isDeferredRowSource(n.slot)) {
      const lookup = n.slot.rebound(owner, split);
      if (n.kind === 'id') return new Expr({ kind: 'id', slot: lookup }, e.dtype, e.site);
      return new ColumnRef(lookup, n.name, e.dtype, n.data === true);
    }
    return mapChildren(e, split);
  };
  return { reduced, outputs: outputs.map(([name, e]) => [name, split(e)]) };
}
