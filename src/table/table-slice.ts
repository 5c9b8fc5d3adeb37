// `t.slice` (Pathway's `Table.slice`) and `cw.slice(...)`: column slices of a table or of `cw.this` / `cw.left` /
// `cw.right` (column-slice.ts).

import { ColumnSlice } from './column-slice.js';
import { slotOfColumns, type AnyColumns, type ColumnsOf, type Placeholder } from './columns.js';
import { GraphBuildError } from './errors.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /** This table's columns as a slice (Pathway's `t.slice`): `j.select(t.slice.withSuffix('_l'), ...)`. */
    readonly slice: ColumnSlice<TRow>;
  }
}

Object.defineProperty(Table.prototype, 'slice', {
  get(this: Table<any>): ColumnSlice {
    return new ColumnSlice(this, [], this.columnNames());
  },
});

/**
 * A slice of every column of a table, of `t.c`, or of `cw.this` / `cw.left` / `cw.right` (whose columns are those of
 * the table or join side where it is used): `cw.slice(cw.this).pick('a', 'b')` (Pathway's `pw.this[["a", "b"]]`).
 */
export function slice(of: Placeholder): ColumnSlice<any>;
export function slice<TRow extends Row>(of: Table<TRow> | ColumnsOf<TRow>): ColumnSlice<TRow>;
export function slice(of: AnyColumns): ColumnSlice<any>;
export function slice(of: unknown): ColumnSlice<any> {
  if (of instanceof Table) return of.slice;
  const slot = slotOfColumns(of);
  if (slot instanceof Table) return slot.slice;
  if (slot === 'this' || slot === 'left' || slot === 'right') return new ColumnSlice(slot);
  throw new GraphBuildError('cw.slice() takes a table, t.c, cw.this, cw.left or cw.right', userCallSite());
}
