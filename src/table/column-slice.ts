// Column slices (Pathway's `TableSlice`): the columns of a table or of a join side, some dropped, renamed or picked,
// passed whole where columns are picked: `j.select(cw.left.without('col'), cw.right.rename({ col: 'col2' }))`,
// `j.select(left.slice.withSuffix('_l'), right.slice.withSuffix('_r'))`, `t.select(cw.this.without('a'))`.
//
// A slice of a table (`t.slice`) knows its columns: each operation checks its names at once. A slice of `cw.this`,
// `cw.left` or `cw.right` records its operations; the method it is passed to applies them to the columns the
// placeholder stands for there, and an unknown name is a build error then. Either kind reads one of its columns with
// `slice.c.name` or `slice.col('name')` (the column it came from: a renamed column keeps its own name when picked).

import type { Key } from '../engine/key.js';
import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';
import { ColumnRef, type Expr, type ExprLike, type TableSlot } from './expression.js';
import type { IxOptions, IxRefOptions, IxRow } from './ix.js';
import type { Table } from './table.js';
import type { AnyColumns } from './columns.js';
import type { Row } from './table-types.js';

/** One recorded operation of a slice (names as the slice calls its columns at that point). */
type SliceOp =
  | { readonly kind: 'without'; readonly names: readonly string[] }
  | { readonly kind: 'rename'; readonly pairs: readonly (readonly [string, string])[] }
  | { readonly kind: 'prefix' | 'suffix'; readonly text: string }
  | { readonly kind: 'pick'; readonly names: readonly string[] };

/** A column given to a slice's method: its name, or a reference to it. */
type SliceColumn<K extends string> = K | ColumnRef<any, K>;

/** The columns of a slice of `Cols` renamed by `M` (old name -> new name), as `Table.rename` types them. */
type Renamed<Cols, M> = {
  [K in keyof Cols as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: Cols[K];
};

/** A slice's columns as references (`ColumnSlice.c`): named as the columns they came from. */
export type SliceColumns<Cols> = string extends keyof Cols
  ? AnyColumns
  : { readonly [K in keyof Cols & string]: ColumnRef<Cols[K], string> } & {
      readonly id: ColumnRef<Key, 'id'>;
    };

/** The row type of a select of slices only: every slice's columns. */
export type RowOfSlices<S extends readonly ColumnSlice<any>[]> = S extends readonly [
  ColumnSlice<infer A>,
  ...infer Rest extends readonly ColumnSlice<any>[],
]
  ? A & RowOfSlices<Rest>
  : Record<never, never>;

/** Columns of a table or of `cw.this` / `cw.left` / `cw.right`, some dropped, renamed or picked (see the header). */
export class ColumnSlice<Cols extends Row = any> {
  /** A slice of every column of `base`; `known`: its columns, when base is a table (names are checked at once). */
  constructor(
    /** The table, or the placeholder slot, whose columns these are. */
    readonly base: TableSlot,
    private readonly ops: readonly SliceOp[] = [],
    private readonly known?: readonly string[],
  ) {
    if (known !== undefined) this.apply(known.map((n) => [n, n] as const));
  }

  /** The slice without some columns (Pathway's `without`): `cw.left.without('col')`. */
  without<const K extends keyof Cols & string>(...cols: SliceColumn<K>[]): ColumnSlice<Omit<Cols, K>> {
    return this.then({ kind: 'without', names: cols.map((c) => this.nameOf(c)) });
  }

  /**
   * The slice with columns renamed, old name -> new name (Pathway's `rename`): `cw.right.rename({ col: 'col2' })`; a
   * Map may take column references on either side. Renamed columns move after the others.
   */
  rename<const M extends { [K in keyof Cols]?: string }>(mapping: M): ColumnSlice<Renamed<Cols, M>>;
  rename(
    mapping: ReadonlyMap<string | ColumnRef<any, string>, string | ColumnRef<any, string>>,
  ): ColumnSlice<any>;
  rename(mapping: object): ColumnSlice<any> {
    const entries =
      mapping instanceof Map ? [...(mapping as Map<unknown, unknown>)] : Object.entries(mapping as Row);
    const pairs = entries.map(([o, n]) => [this.nameOf(o), this.nameOf(n)] as const);
    return this.then({ kind: 'rename', pairs });
  }

  /** The slice with every column name prefixed (Pathway's `with_prefix`). */
  withPrefix<const P extends string>(
    prefix: P,
  ): ColumnSlice<{ [K in keyof Cols & string as `${P}${K}`]: Cols[K] }> {
    return this.then({ kind: 'prefix', text: checkText(prefix, 'withPrefix') });
  }

  /** The slice with every column name suffixed (Pathway's `with_suffix`). */
  withSuffix<const S extends string>(
    suffix: S,
  ): ColumnSlice<{ [K in keyof Cols & string as `${K}${S}`]: Cols[K] }> {
    return this.then({ kind: 'suffix', text: checkText(suffix, 'withSuffix') });
  }

  /** Only the given columns, in that order (Pathway's `slice[["a", "b"]]`): `cw.slice(cw.this).pick('a', 'b')`. */
  pick<const K extends keyof Cols & string>(...cols: SliceColumn<K>[]): ColumnSlice<Pick<Cols, K>> {
    return this.then({ kind: 'pick', names: cols.map((c) => this.nameOf(c)) });
  }

  /**
   * This slice's columns of the rows `pointer` points at (Pathway's `slice.ix`): `t.slice.without('k').ix(cw.this.p)`
   * is `t.ix(cw.this.p).slice.without('k')`. A slice of a table only.
   */
  ix<const O extends IxOptions = Record<never, never>>(
    pointer: Expr<Key | null>,
    options?: O,
  ): ColumnSlice<IxRow<Cols, O>> {
    return new ColumnSlice(this.table('ix').ix(pointer, options), this.ops, this.known);
  }

  /** This slice's columns of the rows keyed by `args` (Pathway's `slice.ix_ref`; see `Table.ixRef`). */
  ixRef<const O extends IxRefOptions = Record<never, never>>(
    ...args: [...ExprLike[], O] | ExprLike[]
  ): ColumnSlice<IxRow<Cols, O>> {
    return new ColumnSlice(this.table('ixRef').ixRef(...args), this.ops, this.known);
  }

  /** The column the slice calls `name` (Pathway's `slice.name`); "id" is the row id. */
  col<const K extends keyof Cols & string>(name: K): ColumnRef<Cols[K], string>;
  col(name: 'id'): ColumnRef<Key, 'id'>;
  col(name: string): ColumnRef<any, string> {
    if (name === 'id') return new ColumnRef(this.base, 'id');
    const from = this.sourceName(name);
    // A table's own reference carries the column's dtype.
    const table = this.base as { col?: (name: string) => ColumnRef<any, string> };
    return typeof table.col === 'function' ? table.col(from) : new ColumnRef(this.base, from);
  }

  /**
   * The slice's columns as references: `t.slice.without('a').c.b`. Each is the column it came from, so a renamed one
   * picked keeps its own name (as in Pathway).
   */
  get c(): SliceColumns<Cols> {
    return new Proxy({} as SliceColumns<Cols>, {
      get: (_t, prop) => (typeof prop === 'string' ? this.col(prop as never) : undefined),
    });
  }

  /**
   * The slice's columns given the columns `base` of what it slices (name and value, in order, as a whole pick of it
   * gives them): the operations applied in turn. Throws a GraphBuildError at `site` for a name the slice does not have.
   */
  apply<E>(base: readonly (readonly [string, E])[], site?: string): [string, E][] {
    let cols = new Map<string, E>(base);
    for (const op of this.ops) {
      const has = (n: string) => {
        if (!cols.has(n))
          throw sliceError(
            `no column "${n}" in ${describe(this.base)} (it has ${[...cols.keys()].join(', ')})`,
            site,
          );
        return n;
      };
      if (op.kind === 'without') for (const n of op.names) cols.delete(has(n));
      else if (op.kind === 'pick') cols = new Map(op.names.map((n) => [n, cols.get(has(n)) as E]));
      else if (op.kind === 'rename') {
        const moved = op.pairs.map(([o, n]) => [n, cols.get(has(o)) as E] as const);
        for (const [o] of op.pairs) cols.delete(o);
        for (const [n, v] of moved) {
          if (cols.has(n)) throw sliceError(`rename() would make two columns named "${n}"`, site);
          cols.set(n, v);
        }
      } else {
        const text = op.text;
        cols = new Map([...cols].map(([n, v]) => [op.kind === 'prefix' ? text + n : n + text, v]));
      }
    }
    return [...cols];
  }

  /** The name in `base` of the column the slice calls `name`, walking the operations back. */
  private sourceName(name: string): string {
    let n = name;
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i]!;
      const gone = (why: string) =>
        sliceError(`no column "${name}" in this slice of ${describe(this.base)}: ${why}`);
      if (op.kind === 'without' && op.names.includes(n)) throw gone(`without() dropped "${n}"`);
      if (op.kind === 'pick' && !op.names.includes(n)) throw gone(`pick() kept ${op.names.join(', ')}`);
      if (op.kind === 'rename') {
        const to = op.pairs.find(([, x]) => x === n);
        if (to !== undefined) n = to[0];
        else if (op.pairs.some(([o]) => o === n)) throw gone(`rename() renamed "${n}"`);
      }
      if (op.kind === 'prefix' || op.kind === 'suffix') {
        const fits = op.kind === 'prefix' ? n.startsWith(op.text) : n.endsWith(op.text);
        if (!fits) throw gone(`its names have the ${op.kind} "${op.text}"`);
        n = op.kind === 'prefix' ? n.slice(op.text.length) : n.slice(0, n.length - op.text.length);
      }
    }
    if (this.known !== undefined && !this.known.includes(n)) {
      throw sliceError(`no column "${name}" in ${describe(this.base)} (it has ${this.known.join(', ')})`);
    }
    return n;
  }

  /** The table this slice is of, for `method`; a slice of a placeholder is a build error. */
  private table(method: string): Table<any> {
    if (typeof this.base === 'string') {
      throw sliceError(
        `${method}() takes a slice of a table; of cw.${this.base}, write the table's ${method}(...).slice`,
      );
    }
    return this.base as Table<any>;
  }

  /** This slice with one more operation (checked at once when the columns are known). */
  private then<C extends Row>(op: SliceOp): ColumnSlice<C> {
    return new ColumnSlice<C>(this.base, [...this.ops, op], this.known);
  }

  /**
   * A column argument's name. A reference must be to `cw.this` (a name of the slice) or to what the slice is of; a
   * placeholder's slice also takes a table's references (`cw.left.without(left.c.col)`: the left table is known only
   * where the slice is used).
   */
  private nameOf(c: unknown): string {
    if (typeof c === 'string') return c;
    if (c instanceof ColumnRef) {
      const slot: TableSlot = c.slot;
      if (
        slot === 'this' ||
        slot === this.base ||
        (typeof this.base === 'string' && typeof slot === 'object')
      ) {
        return c.name;
      }
      throw sliceError(`a column of ${describe(slot)} was given to a slice of ${describe(this.base)}`);
    }
    throw sliceError(`slice methods take column names or references, got ${String(c)}`);
  }
}

/**
 * The named columns of `slice` in a select of `table`: a slice of `cw.this` or of a table (the table itself, or
 * another whose columns that select may read: one of the same universe, an `ix` into it). A slice of `cw.left` /
 * `cw.right` is a build error at `site`: those stand for a join's sides.
 */
export function selectSlice(
  slice: ColumnSlice,
  table: Table<any>,
  site: string | undefined,
): [string, ColumnRef][] {
  if (slice.base === 'left' || slice.base === 'right') {
    throw sliceError(`a slice of ${describe(slice.base)} can only be selected in a join's select`, site);
  }
  // A slice of an object is a table's (`t.slice`, `cw.slice(t)`).
  const t = slice.base === 'this' ? table : (slice.base as Table<any>);
  return slice.apply(
    t.columnNames().map((n): [string, ColumnRef] => [n, t.col(n)]),
    site,
  );
}

/** `text` when it is a string, else a build error naming `method`. */
function checkText(text: unknown, method: string): string {
  if (typeof text !== 'string') throw sliceError(`${method}() takes a string, got ${String(text)}`);
  return text;
}

/** How errors name what a slice is of. */
function describe(slot: TableSlot): string {
  return typeof slot === 'string' ? `cw.${slot}` : String(slot);
}

/** A build error about a slice, at `site` or else at the user's line calling the slice. */
function sliceError(message: string, site?: string): GraphBuildError {
  return new GraphBuildError(`slice: ${message}`, site ?? userCallSite());
}
