// `Table.empty(...)`: a table with columns and no rows (Pathway's `pw.Table.empty`).

import type { DType, TypeOf } from './dtype.js';
import { Schema } from './schema.js';
import { staticTable } from './static-source.js';
import { Table, type Row } from './table.js';

declare module './table.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merging a static member into the Table class
  namespace Table {
    /** An empty table: `Table.empty({ age: cw.FLOAT, pet: cw.STR })` or `Table.empty(schema)`. */
    let empty: EmptyTable;
  }
}

/** The signature of `Table.empty`. */
export interface EmptyTable {
  <TRow extends Row>(schema: Schema<TRow>): Table<TRow>;
  <const M extends Record<string, DType>>(columns: M): Table<{ -readonly [K in keyof M]: TypeOf<M[K]> }>;
}

Table.empty = ((spec: Schema<any> | Record<string, DType>): Table<any> => {
  const columns =
    spec instanceof Schema
      ? spec.columns.map((c) => ({ name: c.name, dtype: c.dtype }))
      : Object.entries(spec).map(([name, dtype]) => ({ name, dtype }));
  return staticTable(columns, []);
}) as EmptyTable;
