// `cw.assertTableHasSchema(table, schema)`: a build-time check that a table has a schema's columns and types
// (Pathway's `assert_table_has_schema`).

import { isSubtype } from './dtype.js';
import { GraphBuildError } from './errors.js';
import type { Schema } from './schema.js';
import type { Table } from './table.js';
import { userCallSite } from './call-site.js';

/** Options of `assertTableHasSchema`. */
export interface AssertSchemaOptions {
  /** The table may have columns the schema lacks (default true). */
  allowSuperset?: boolean;
  /** A column's type may be a subtype of the schema's: INT for FLOAT, STR for Optional(STR), anything for ANY (default true). */
  allowSubtype?: boolean;
}

/**
 * Throws a GraphBuildError at the caller's line unless `table` has every column of `schema` with the same type (or a
 * subtype), and, with `allowSuperset: false`, no other column. Ids are not columns: primary keys are not compared.
 */
export function assertTableHasSchema(
  table: Table<any>,
  schema: Schema<any>,
  options: AssertSchemaOptions = {},
): void {
  const site = userCallSite();
  const { allowSuperset = true, allowSubtype = true } = options;
  const have = new Map(table.columns.map((c) => [c.name, c.dtype]));
  const missing = schema.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new GraphBuildError(
      `assertTableHasSchema: the table has no column(s) ${missing.join(', ')}; its columns are ${[...have.keys()].join(', ')}`,
      site,
    );
  }
  for (const c of schema.columns) {
    const d = have.get(c.name)!;
    if (!d.equals(c.dtype) && !(allowSubtype && isSubtype(d, c.dtype))) {
      throw new GraphBuildError(
        `assertTableHasSchema: column "${c.name}" is ${d} in the table and ${c.dtype} in the schema`,
        site,
      );
    }
  }
  if (!allowSuperset) {
    const names = new Set(schema.columns.map((c) => c.name));
    const extra = [...have.keys()].filter((n) => !names.has(n));
    if (extra.length > 0) {
      throw new GraphBuildError(
        `assertTableHasSchema: the table has column(s) ${extra.join(', ')} that the schema lacks (allowSuperset: false)`,
        site,
      );
    }
  }
}
