// Free join functions (Pathway's `pw.join`, `pw.join_left`, ...): the same as the methods on the left table.

import type { JoinResult } from './join.js';
import type { JoinArg, Nullable, Row } from './table-types.js';
import type { Table } from './table.js';

/** `cw.join(left, right, ...conditions, options?)`: an inner join (a cross join without conditions). */
export function join<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: JoinArg<TL, TR>[]
): JoinResult<TL, TR> {
  return left.join(right, ...args);
}

/** `cw.joinInner(left, right, ...)`. */
export function joinInner<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: JoinArg<TL, TR>[]
): JoinResult<TL, TR> {
  return left.joinInner(right, ...args);
}

/** `cw.joinLeft(left, right, ...)`: unmatched left rows kept with nulls on the right. */
export function joinLeft<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: JoinArg<TL, TR>[]
): JoinResult<TL, Nullable<TR>> {
  return left.joinLeft(right, ...args);
}

/** `cw.joinRight(left, right, ...)`: unmatched right rows kept with nulls on the left. */
export function joinRight<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: JoinArg<TL, TR>[]
): JoinResult<Nullable<TL>, TR> {
  return left.joinRight(right, ...args);
}

/** `cw.joinOuter(left, right, ...)`: unmatched rows of both sides kept. */
export function joinOuter<TL extends Row, TR extends Row>(
  left: Table<TL>,
  right: Table<TR>,
  ...args: JoinArg<TL, TR>[]
): JoinResult<Nullable<TL>, Nullable<TR>> {
  return left.joinOuter(right, ...args);
}
