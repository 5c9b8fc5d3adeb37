// Typed column accessors: `t.c.age` is a `ColumnRef<number, 'age'>`; a wrong name is a compile error.

import type { Key } from '../engine/key.js';
import { ColumnRef, type TableSlot } from './expression.js';
import type { DType } from './dtype.js';
import { WHOLE_SLOT } from './whole-columns.js';
import { ColumnSlice } from './column-slice.js';

export { slotOfColumns } from './whole-columns.js';

/** A table's columns as typed references, plus its `id` (a data column named "id" takes that name: the row id is then only `t.id`; untyped rows get untyped references). */
export type ColumnsOf<TRow> = string extends keyof TRow
  ? AnyColumns
  : { readonly [K in keyof TRow & string]: ColumnRef<TRow[K], K> } & { readonly id: ColumnRef<Key, 'id'> };

/** Name and dtype of one column of a table. */
export interface ColumnInfo {
  readonly name: string;
  readonly dtype: DType;
}

export function columnsProxy<TRow>(slot: TableSlot, columns: readonly ColumnInfo[]): ColumnsOf<TRow> {
  const refs: Record<string, ColumnRef> = { id: new ColumnRef(slot, 'id') };
  // A data column named "id" gets a reference of its own (the table's row id stays `t.id`).
  for (const c of columns) refs[c.name] = new ColumnRef(slot, c.name, c.dtype, c.name === 'id');
  return new Proxy(refs, {
    get(target, prop) {
      if (prop === WHOLE_SLOT) return slot;
      if (typeof prop !== 'string') return undefined;
      const r = target[prop];
      if (r === undefined) {
        throw new Error(`no column "${prop}"; available columns: ${columns.map((c) => c.name).join(', ')}`);
      }
      return r;
    },
  }) as unknown as ColumnsOf<TRow>;
}

/**
 * `cw.this`, `cw.left`, `cw.right`: column references resolved by the method they are used in. Names are checked
 * when the expression is used (the typed alternatives are `t.c.name` and callbacks receiving typed columns).
 * Members are typed `any` so that strict code (noUncheckedIndexedAccess) can write `cw.this.age` without `!`.
 */
export type AnyColumns = { readonly [name: string]: any } & { readonly id: ColumnRef<Key, 'id'> };

/**
 * `cw.this`, `cw.left`, `cw.right`: untyped column references, and Pathway's slice methods on them (`cw.left.without
 * ('col')`, see column-slice.ts). The methods' names are taken: such a column is read with `cw.slice(cw.this).col(name)`.
 */
export type Placeholder = AnyColumns & {
  /** The columns without some (Pathway's `pw.left.without("col")`). */
  readonly without: (...cols: (string | ColumnRef<any, string>)[]) => ColumnSlice;
  /** The columns with some renamed, old name -> new name (Pathway's `pw.right.rename({"col": "col2"})`). */
  readonly rename: (
    mapping:
      Record<string, string> | ReadonlyMap<string | ColumnRef<any, string>, string | ColumnRef<any, string>>,
  ) => ColumnSlice;
  /** The columns with their names prefixed (Pathway's `pw.left.with_prefix("t")`). */
  readonly withPrefix: (prefix: string) => ColumnSlice;
  /** The columns with their names suffixed (Pathway's `pw.left.with_suffix("_l")`). */
  readonly withSuffix: (suffix: string) => ColumnSlice;
};

/** The slice methods of a placeholder, by name. */
const SLICE_METHODS = new Set(['without', 'rename', 'withPrefix', 'withSuffix']);

/** Builds an untyped placeholder (`cw.this.x`), checked when the expression is used. */
export function placeholder(slot: 'this' | 'left' | 'right'): Placeholder {
  const cache = new Map<string, ColumnRef<any, string>>();
  return new Proxy({} as Placeholder, {
    get(_t, prop) {
      if (prop === WHOLE_SLOT) return slot;
      if (typeof prop !== 'string') return undefined;
      if (SLICE_METHODS.has(prop)) {
        return (...args: unknown[]): unknown =>
          (new ColumnSlice(slot) as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
      }
      let r = cache.get(prop);
      if (r === undefined) {
        r = new ColumnRef(slot, prop);
        cache.set(prop, r);
      }
      return r;
    },
  });
}
