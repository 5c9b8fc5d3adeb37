// `Table.fromColumns(t.c.a, { b: u.c.b })`: a table made of columns of tables with one universe (Pathway's
// `Table.from_columns`), a `select` over the first column's table.

import { ColumnRef } from './expression.js';
import { GraphBuildError } from './errors.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';

/** The row type of `Table.fromColumns(...)`: picked columns by their names, named ones by the given names. */
export type FromColumnsRow<P extends readonly ColumnRef<any, string>[], M> = {
  -readonly [K in (P[number] extends ColumnRef<any, infer N> ? N : never) | keyof M]: K extends keyof M
    ? M[K] extends ColumnRef<infer T, string>
      ? T
      : never
    : Extract<P[number], ColumnRef<any, K & string>> extends ColumnRef<infer T, string>
      ? T
      : never;
};

/** The signature of `Table.fromColumns`: column picks, optionally followed by a map of named columns. */
export interface FromColumns {
  <const P extends readonly ColumnRef<any, string>[]>(
    ...picks: P
  ): Table<FromColumnsRow<P, Record<never, never>>>;
  <const P extends readonly ColumnRef<any, string>[], const M extends Record<string, ColumnRef<any, string>>>(
    ...args: [...P, M]
  ): Table<FromColumnsRow<P, M>>;
}

declare module './table.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merging a static member into the Table class
  namespace Table {
    /**
     * A table of columns of tables sharing one universe (Pathway's `Table.from_columns`): columns keep their names,
     * those in a trailing map take its names. `Table.fromColumns(t1.c.pet, { qux: t2.c.foo })`.
     */
    let fromColumns: FromColumns;
  }
}

Table.fromColumns = (...args: unknown[]): Table<Row> => {
  const site = userCallSite();
  const named: [string, ColumnRef][] = [];
  for (const a of args) {
    if (a instanceof ColumnRef) named.push([a.name, a]);
    else if (typeof a === 'object' && a !== null && Object.values(a).every((v) => v instanceof ColumnRef)) {
      for (const [k, v] of Object.entries(a as Record<string, ColumnRef>)) named.push([k, v]);
    } else {
      throw new GraphBuildError(
        'Table.fromColumns() takes column references (t.c.x) and { name: t.c.x } maps',
        site,
      );
    }
  }
  const names = named.map(([n]) => n);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new GraphBuildError(
      `Table.fromColumns(): two columns are named "${twice}"; give one another name with a map, e.g. { ${twice}2: t.c.${twice} }`,
      site,
    );
  }
  const first = named[0]?.[1];
  if (first === undefined) throw new GraphBuildError('Table.fromColumns() needs at least one column', site);
  const base = first.slot;
  if (!(base instanceof Table)) {
    throw new GraphBuildError(
      'Table.fromColumns() takes columns of tables (t.c.x), not cw.this / cw.left / cw.right',
      site,
    );
  }
  for (const [, ref] of named) {
    const t = ref.slot;
    if (!(t instanceof Table) || !(t === base || t.universe.isEqualTo(base.universe))) {
      throw new GraphBuildError(
        `Table.fromColumns(): column "${ref.name}" is of a table whose universe is not known to equal the first ` +
          "column's; promise it with t.promiseUniverseIsEqualTo(other) when their ids are the same",
        site,
      );
    }
  }
  return base.select(Object.fromEntries(named));
};
