// Typed column accessors: `t.c.age` is a `ColumnRef<number, 'age'>`; a wrong name is a compile error.

import type { Key } from '../engine/key.js';
import { ColumnRef, type TableSlot } from './expression.js';
import type { DType } from './dtype.js';
import { WHOLE_SLOT } from './whole-columns.js';

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

/** Builds an untyped placeholder (`cw.this.x`), checked when the expression is used. */
export function placeholder(slot: 'this' | 'left' | 'right'): AnyColumns {
  const cache = new Map<string, ColumnRef<any, string>>();
  return new Proxy({} as AnyColumns, {
    get(_t, prop) {
      if (prop === WHOLE_SLOT) return slot;
      if (typeof prop !== 'string') return undefined;
      let r = cache.get(prop);
      if (r === undefined) {
        r = new ColumnRef(slot, prop);
        cache.set(prop, r);
      }
      return r;
    },
  });
}
