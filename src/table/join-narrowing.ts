// The dtypes of a join's padded sides: their columns are optional in the joined row (unmatched rows hold None there)
// unless a filter kept them non-None (`filter(cw.left.x.isNotNone())`, Pathway's narrowing by `is_not_none`).

import { ANY } from './dtype.js';
import { columnRefLike, isRowIdRef, type Expr } from './expression.js';
import { mapChildren } from './expression-tree.js';
import type { Table } from './table.js';

/** No column narrowed (see `JoinResult.narrowed`). */
export const NOT_NARROWED: ReadonlySet<string> = new Set();

/**
 * `narrowed` (`"left:x"` / `"right:y"` entries) with the column `cond` keeps non-None added, when `cond` is
 * `<a side's column>.isNotNone()` (`cw.left.x`, `t.c.x` of a side, or `cw.this.x` of a name only one side has).
 */
export function narrowedBy(
  cond: Expr,
  narrowed: ReadonlySet<string>,
  left: Table<any>,
  right: Table<any>,
): ReadonlySet<string> {
  const n = cond.node;
  if (n.kind !== 'unary' || n.op !== 'isNotNone') return narrowed;
  const ref = n.arg.node;
  if (ref.kind !== 'column' || isRowIdRef(ref)) return narrowed;
  const inL = left.columnNames().includes(ref.name);
  const inR = right.columnNames().includes(ref.name);
  let side: 'left' | 'right' | undefined;
  if (ref.slot === 'left' || ref.slot === left) side = 'left';
  else if (ref.slot === 'right' || ref.slot === right) side = 'right';
  else if (ref.slot === 'this' && inL !== inR) side = inL ? 'left' : 'right';
  return side === undefined ? narrowed : new Set([...narrowed, `${side}:${ref.name}`]);
}

/**
 * `e` with its typed references to a padded side's table (`t2.c.x` in a left join: `paddedRight` is t2) untyped, so
 * that resolving them against the join (which makes a padded side's columns optional) retypes them and what is built
 * on them, as `cw.right.x` is; a narrowed column keeps its type.
 */
export function optionalPaddedRefs(
  e: Expr,
  paddedLeft: Table<any> | undefined,
  paddedRight: Table<any> | undefined,
  narrowed: ReadonlySet<string>,
): Expr {
  if (paddedLeft === undefined && paddedRight === undefined) return e;
  const padded = (slot: unknown, name: string): boolean =>
    (slot === paddedLeft && !narrowed.has(`left:${name}`)) ||
    (slot === paddedRight && !narrowed.has(`right:${name}`));
  const map = (x: Expr): Expr => {
    const n = x.node;
    if (n.kind === 'column' && padded(n.slot, n.name) && !isRowIdRef(n) && x.dtype.name !== 'ANY') {
      return columnRefLike(n, n.slot, ANY);
    }
    return mapChildren(x, map);
  };
  return map(e);
}
