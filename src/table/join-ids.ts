// Joins keeping one side's ids (Pathway's `id=left.id`): which side the option names, the universe of the result, and
// the guard giving an id that several joined rows would share one row (the kept side's cells, the other's errors).

import type { Key } from '../engine/key.js';
import { keyToString } from '../engine/key.js';
import type { Operator } from '../engine/operator.js';
import { UniqueKeyOperator } from '../engine/unique-key.js';
import { GraphBuildError } from './errors.js';
import { Expr, isRowIdRef } from './expression.js';
import type { JoinRowFn } from './expression-compiler.js';
import { reportError, withoutReports } from './expressions/error-reporter.js';
import type { JoinMode, JoinOptions } from './join.js';
import type { LoweringContext, PlanNode } from './plan.js';
import type { Table } from './table.js';
import { Universe } from './universe.js';
import { ErrorValue } from './values/error-value.js';

/**
 * A join keeping one side's ids, over its joined rows `[...left, leftId, ...right, rightId]` (`nl`, `nr` cells a side):
 * a row of the kept side matching several rows of the other would give them all its id. As Pathway, each such id is
 * reported ("duplicate key") and shows one row while they collide: the kept side's cells and id, the other side's as
 * errors; the row of the one match left comes back when the others go.
 */
export function uniqueIds(
  ctx: LoweringContext,
  node: PlanNode,
  joined: Operator<unknown[]>,
  idMode: 'left' | 'right',
  nl: number,
  nr: number,
  site: string | undefined,
): Operator<unknown[]> {
  const other = idMode === 'left' ? 'right' : 'left';
  const error = new ErrorValue(`duplicate key: a ${idMode} row matched more than one ${other} row`);
  // One error value for every conflict row, so two conflict rows of one id are equal (no change is emitted).
  const conflict = (first: unknown[]): unknown[] => {
    const row = first.slice();
    const from = idMode === 'left' ? nl + 1 : 0;
    const to = idMode === 'left' ? nl + nr + 2 : nl + 1;
    for (let i = from; i < to; i++) row[i] = error;
    return row;
  };
  const report = (k: Key): void =>
    reportError(
      new ErrorValue(
        `duplicate key: ${keyToString(k)} (a join keeping the ${idMode} ids: a ${idMode} row matched more than one ` +
          `${other} row; the ${other} columns of its row hold errors until one is left)`,
      ),
      site,
    );
  return ctx.add(new UniqueKeyOperator<unknown[]>(joined, report, conflict), node);
}

/** A map function building the output of a joined row `[...left, leftId, ...right, rightId]` with `make`. */
export function splitJoinedRow(make: JoinRowFn, nl: number, nr: number) {
  const build = (row: unknown[], key: Key): unknown[] =>
    make(row.slice(0, nl), row[nl] as Key, row.slice(nl + 1, nl + 1 + nr), row[nl + 1 + nr] as Key, key);
  // A retraction's row quietly: the errors it makes were reported with its insertion.
  return (row: unknown[], key: Key, diff: number): unknown[] =>
    diff > 0 ? build(row, key) : withoutReports(() => build(row, key));
}

/** The universe of a join keeping one side's ids: a subset of that side's, equal to it when that side is kept whole. */
export function joinUniverse(
  left: Universe,
  right: Universe,
  how: JoinMode,
  idMode: JoinOptions['id'],
): Universe {
  const side =
    idMode === 'left' && (how === 'inner' || how === 'left')
      ? left
      : idMode === 'right' && (how === 'inner' || how === 'right')
        ? right
        : undefined;
  if (side === undefined) return new Universe();
  const u = new Universe(side);
  if (how !== 'inner') u.promiseEqualTo(side);
  return u;
}

/** `id: t1.id` / `cw.left.id` (Pathway's `id=t1.id`) means keeping that side's ids, like `id: 'left'`. */
export function normalizeIdMode(
  id: JoinOptions['id'],
  left: Table<any>,
  right: Table<any>,
  site: string | undefined,
): 'left' | 'right' | undefined {
  if (id === undefined || id === 'left' || id === 'right') return id;
  if (!(id instanceof Expr)) {
    throw new GraphBuildError(
      `a join's id must be 'left', 'right' or one side's id (e.g. { id: left.id }), got ${JSON.stringify(id)}`,
      site,
    );
  }
  const n = id.node;
  const slot = (n.kind === 'id' || n.kind === 'column') && isRowIdRef(n) ? n.slot : undefined;
  if (slot === 'left' || slot === left) return 'left';
  if (slot === 'right' || slot === right) return 'right';
  throw new GraphBuildError(
    "a join's id must be the id of one side: { id: left.id }, { id: cw.right.id } or 'left' / 'right'",
    site,
  );
}
