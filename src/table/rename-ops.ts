// Renaming helpers (Pathway's `rename_columns`, `rename_by_dict`, `with_prefix`, `with_suffix`) over `Table.rename`.

import { ColumnRef } from './expression.js';
import { GraphBuildError } from './errors.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /** Renames by new name -> old column: `t.renameColumns({ years: t.c.age })` (Pathway's `rename_columns`). */
    renameColumns(mapping: Record<string, ColumnRef<any, string> | string>): Table<any>;
    /** Renames by old name -> new name (Pathway's `rename_by_dict`; same as `rename`). */
    renameByDict(mapping: { [K in keyof TRow]?: string }): Table<any>;
    /** Prefixes every column name. */
    withPrefix(prefix: string): Table<any>;
    /** Suffixes every column name. */
    withSuffix(suffix: string): Table<any>;
  }
}

Table.prototype.renameColumns = function (this: Table<any>, mapping) {
  const byOld: Record<string, string> = {};
  for (const [newName, old] of Object.entries(mapping)) {
    const oldName = old instanceof ColumnRef ? old.name : old;
    if (typeof oldName !== 'string') {
      throw new GraphBuildError(
        'renameColumns() takes { newName: column reference or old name }',
        userCallSite(),
      );
    }
    byOld[oldName] = newName;
  }
  return this.rename(byOld as never);
};

Table.prototype.renameByDict = function (this: Table<any>, mapping) {
  return this.rename(mapping as never);
};

Table.prototype.withPrefix = function (this: Table<any>, prefix: string) {
  return this.rename(Object.fromEntries(this.columnNames().map((n) => [n, `${prefix}${n}`])) as never);
};

Table.prototype.withSuffix = function (this: Table<any>, suffix: string) {
  return this.rename(Object.fromEntries(this.columnNames().map((n) => [n, `${n}${suffix}`])) as never);
};
