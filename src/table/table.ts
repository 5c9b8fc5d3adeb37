// The Table: a typed, immutable handle on a collection that changes over time. Methods build plan nodes;
// nothing runs until `cw.run()` (or a testing helper) lowers the program onto the engine.

import { refuseFutures } from './future-checks.js';
import { FilterOperator, MapOperator } from '../engine/linear-operators.js';
import type { Key } from '../engine/key.js';
import { POINTER } from './dtype.js';
import { ColumnRef, Expr, toExpr, type ExprLike } from './expression.js';
import { pointerExpr, type PointerFromOptions } from './pointer-from.js';
import { compileCell, compileRow } from './expression-compiler.js';
import { resolveDtypes, tableResolver } from './resolve-dtypes.js';
import { checkUniqueNames, validateRefs } from './validate-refs.js';
import { checkTables, concatTables } from './concat-tables.js';
import { checkCondition, checkExprTypes } from './type-check.js';
import { narrowFilteredColumns } from './filter-narrowing.js';
import type { ScopeSlot } from './scope.js';
import { columnsProxy, slotOfColumns, type AnyColumns, type ColumnInfo, type ColumnsOf } from './columns.js';
import { expandWhole } from './whole-columns.js';
import { ColumnSlice, selectSlice, type RowOfSlices } from './column-slice.js';
import { rekeyTable } from './rekey.js';
import { GraphBuildError } from './errors.js';
import { checkIdExpr, groupPicks } from './id-checks.js';
import { planNode, type PlanNode } from './plan.js';
import { prepareRows } from './row-context.js';
import { Schema } from './schema.js';
import { Universe, areDisjoint, areProvenDisjoint } from './universe.js';
import { userCallSite } from './call-site.js';
import { ErrorValue } from './values/error-value.js';
import { reportDropped, setQuiet, withoutReports } from './expressions/error-reporter.js';
import { appendOnlyOf } from './append-only-props.js';
import { columnAppendOnly, exprAppendOnly, markFiltered, markRowwise, markSame } from './append-only.js';
import {
  GroupedTable,
  splitGroupByArgs,
  groupColumns,
  type GroupByOptions,
  type ReduceSpecMap,
} from './group-by.js';

// Row types of tables live in table-types.ts.
export type {
  Row,
  RowWithId,
  ColumnSpec,
  RowFromSpecs,
  Widen,
  ColumnPick,
  RowFromPicks,
  JoinArg,
  Nullable,
} from './table-types.js';
import type { Row, ColumnSpec, RowFromSpecs, ColumnPick, RowFromPicks } from './table-types.js';

let tableCounter = 0;

/** A typed table. `TRow` is the row type, inferred from the schema and carried through every method. */
export class Table<TRow extends Row = Row> {
  /** Typed column references: `t.c.age` (a wrong name is a compile error). */
  readonly c: ColumnsOf<TRow>;
  /** Debug name. */
  readonly name: string;
  /**
   * True when several rows share an id: the rows of windows (`windowBy`, `intervalsOver`), a row once per window
   * holding it. Lookups resolved against such rows are made distinct before they are zipped back by id.
   */
  repeatsIds = false;

  /** Creates a table over a plan node; use sources (`tableFromMarkdown`, connectors) or methods instead. */
  constructor(
    readonly columns: readonly ColumnInfo[],
    readonly node: PlanNode,
    readonly universe: Universe = new Universe(),
    name?: string,
  ) {
    this.c = columnsProxy<TRow>(this, columns);
    this.name = name ?? `table${++tableCounter}`;
  }

  /** The schema of the rows (each column's `appendOnly`, and its `universeProperties`, as this table has them). */
  get schema(): Schema<TRow> {
    const { id, columns } = appendOnlyOf(this);
    return new Schema<TRow>(
      this.columns.map((c) => ({
        name: c.name,
        dtype: c.dtype,
        primaryKey: false,
        hasDefault: false,
        ...(columns.has(c.name) ? { appendOnly: true } : {}),
      })),
      { idAppendOnly: id },
    );
  }

  /**
   * True when every column only grows (Pathway's `is_append_only`): no value of it is ever retracted. Sources say so
   * (a schema's `appendOnly`, a test table without retractions), `assertAppendOnly()` and `toStream()` make it so, and
   * methods keep it where Pathway does: rowwise ones (select, filter, inner joins, concat, flatten...) for columns whose
   * inputs only grow; aggregations, outer joins, updates, sorting and the like give tables that are not append-only.
   */
  get isAppendOnly(): boolean {
    const { columns } = appendOnlyOf(this);
    return this.columns.every((c) => columns.has(c.name));
  }

  /** Column names in order. */
  columnNames(): (keyof TRow & string)[] {
    return this.columns.map((c) => c.name);
  }

  /** A typed reference to one column: `t.col('age')`. */
  col<K extends keyof TRow & string>(name: K): ColumnRef<TRow[K], K> {
    if (name !== 'id' && !this.columns.some((c) => c.name === name)) {
      throw new GraphBuildError(
        `no column "${name}" in ${this.name}; available columns: ${this.columns.map((c) => c.name).join(', ') || '(none)'}`,
        userCallSite(),
      );
    }
    return (this.c as Record<string, unknown>)[name] as ColumnRef<TRow[K], K>;
  }

  /** The id column. */
  get id(): ColumnRef<Key, 'id'> {
    // Not `this.c.id`: that is the data column when the table has one named "id".
    return new ColumnRef<Key, 'id'>(this, 'id');
  }

  /** This table as the only slot of a scope (for checking references at build time). */
  protected selfSlot(): ScopeSlot {
    return { table: this, aliases: ['this'], columns: this.columnNames(), offset: 0, idPosition: 'key' };
  }

  /** Resolves select-like arguments to named expressions. */
  protected specs(args: readonly unknown[], site: string | undefined): [string, Expr][] {
    if (args.length === 1 && typeof args[0] === 'function' && !(args[0] instanceof Expr)) {
      return this.specs([(args[0] as (c: ColumnsOf<TRow>) => unknown)(this.c)], site);
    }
    const out: [string, Expr][] = [];
    // `t.select(cw.this, { extra })` (Pathway's `*pw.this`): every column of this table.
    for (const a of this.wholeExpanded(args, site)) {
      if (typeof a === 'string') out.push([a, this.col(a)]);
      else if (a instanceof ColumnRef) out.push([a.name, a]);
      else if (a instanceof ColumnSlice) out.push(...selectSlice(a, this, site));
      else if (a instanceof Expr)
        throw new GraphBuildError('an unnamed expression needs a name: pass { name: expr }', site);
      else if (typeof a === 'object' && a !== null && !Array.isArray(a)) {
        for (const [name, v] of Object.entries(a)) out.push([name, toExpr(v as ExprLike)]);
      } else
        throw new GraphBuildError(
          `cannot select ${String(a)}: pass column references, names or { name: expr }`,
          site,
        );
    }
    return out;
  }

  /** Builds a table whose rows are computed from this table's rows (same ids, same universe). */
  protected mapped(
    kind: string,
    given: readonly [string, Expr][],
    site: string | undefined,
    universe = this.universe,
  ): Table<any> {
    validateRefs(
      given.map(([, e]) => e),
      [this.selfSlot()],
      site,
    );
    checkUniqueNames(
      given.map(([n]) => n),
      site,
    );
    const resolver = tableResolver([this], { this: this });
    const named = given.map(([n, e]): [string, Expr] => [n, resolveDtypes(e, resolver)]);
    checkExprTypes(
      named.map(([, e]) => e),
      site,
    );
    const prepared = prepareRows(
      this,
      [this],
      named.map(([, e]) => e),
      site,
    );
    const node = planNode(kind, prepared.inputs, site, (ctx, ops) => {
      const self = node;
      const { op, scope } = prepared.lower(ctx, self, ops);
      const fn = compileRow(prepared.exprs, scope);
      const quietOnRetraction = (row: readonly unknown[], key: Key, diff: number) =>
        diff > 0 ? fn(row, key) : quietly(fn, row, key);
      return ctx.add(new MapOperator<unknown[], unknown[]>(op, quietOnRetraction), self);
    });
    const out = new Table(
      named.map(([name, e]) => ({ name, dtype: e.dtype })),
      node,
      universe,
    );
    const exprOf = new Map(named);
    return markRowwise(out, columnAppendOnly(this, 'id'), (name) => exprAppendOnly(exprOf.get(name)!, this));
  }

  /**
   * New columns computed from this table's rows, keeping ids: `t.select({ name: t.c.owner, next: t.c.age.add(1) })`,
   * `t.select('owner', 'age')`, or `t.select((c) => ({ older: c.age.gt(3) }))`.
   */
  select<const M extends Record<string, ColumnSpec<TRow>>>(
    map: M | ((c: ColumnsOf<TRow>) => M),
  ): Table<RowFromSpecs<M>>;
  select<const P extends readonly ColumnPick<TRow>[]>(...picks: P): Table<RowFromPicks<TRow, P>>;
  /** Column slices (Pathway's `select(*t.slice.without("a"))`): `t.select(t.slice.without('a'))`. */
  select<const S extends readonly ColumnSlice<any>[]>(...slices: S): Table<RowOfSlices<S>>;
  /** Every column plus more (Pathway's `select(*pw.this, extra=...)`): `t.select(cw.this, { extra: ... })`. */
  select(
    all: AnyColumns | ColumnsOf<TRow> | ColumnSlice<any>,
    ...more: (ColumnPick<TRow> | ColumnSlice<any> | Record<string, ColumnSpec<TRow>>)[]
  ): Table<Row>;
  select(...args: unknown[]): Table<any> {
    const site = userCallSite();
    return this.mapped('select', this.specs(args, site), site);
  }

  /** Adds or replaces columns, keeping the others. */
  withColumns<const M extends Record<string, ColumnSpec<TRow>>>(
    map: M | ((c: ColumnsOf<TRow>) => M),
  ): Table<Omit<TRow, keyof M> & RowFromSpecs<M>> {
    const site = userCallSite();
    const added = this.specs([map], site);
    const byName = new Map(added);
    // Replaced columns keep their position (as Pathway); new ones come after.
    const kept: [string, Expr][] = this.columns.map((c) => [
      c.name,
      byName.get(c.name) ?? this.col(c.name as keyof TRow & string),
    ]);
    const fresh = added.filter(([n]) => !this.columns.some((c) => c.name === n));
    return this.mapped('withColumns', [...kept, ...fresh], site);
  }

  /** Drops every column (Pathway's `without(*pw.this)`): only the ids remain. */
  without(whole: AnyColumns | ColumnsOf<TRow>): Table<Record<never, never>>;
  /** Drops columns, given by name or reference: `t.without('age')`, `t.without(t.c.age, cw.this.pet)`. */
  without<const K extends keyof TRow & string>(...cols: (K | ColumnRef<any, K>)[]): Table<Omit<TRow, K>>;
  without(...cols: unknown[]): Table<any> {
    const site = userCallSite();
    const names = this.wholeExpanded(cols, site).map((c) =>
      c instanceof ColumnRef ? c.name : (c as string),
    );
    for (const n of names) this.col(n as keyof TRow & string);
    const kept = this.columns.filter((c) => !names.includes(c.name));
    return this.mapped(
      'without',
      kept.map((c) => [c.name, this.col(c.name as keyof TRow & string)]),
      site,
    );
  }

  /** Renames columns: `t.rename({ age: 'years' })`; renamed columns move after the others (Pathway's order). */
  rename<const M extends { [K in keyof TRow]?: string }>(
    mapping: M,
  ): Table<{ [K in keyof TRow as K extends keyof M ? (M[K] extends string ? M[K] : K) : K]: TRow[K] }> {
    const site = userCallSite();
    if (slotOfColumns(mapping) !== undefined)
      throw new GraphBuildError('rename() takes { oldName: "newName" }, not a whole table', site);
    for (const old of Object.keys(mapping)) this.col(old);
    const names = this.columns.map((c) => (mapping as Record<string, string>)[c.name] ?? c.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) {
      throw new GraphBuildError(
        `rename() would create two columns named "${twice}"; rename or drop the other one too`,
        site,
      );
    }
    // As Pathway: the columns not renamed keep their order, the renamed ones follow in the mapping's order.
    const renamed = Object.entries(mapping as Record<string, string>);
    const kept = this.columns.filter((c) => !(c.name in mapping)).map((c) => c.name);
    return this.mapped(
      'rename',
      [
        ...kept.map((n): [string, Expr] => [n, this.col(n as keyof TRow & string)]),
        ...renamed.map(([old, to]): [string, Expr] => [to, this.col(old as keyof TRow & string)]),
      ],
      site,
    );
  }

  /** Keeps rows where the condition is true. Rows whose condition is an error are dropped and logged. */
  filter(condition: Expr<boolean> | ((c: ColumnsOf<TRow>) => Expr<boolean>)): Table<TRow> {
    const site = userCallSite();
    const cond =
      typeof condition === 'function' && !(condition instanceof Expr) ? condition(this.c) : condition;
    if (!(cond instanceof Expr)) {
      throw new GraphBuildError(
        'filter() needs an expression such as t.c.age.gt(3) (or a callback returning one)',
        site,
      );
    }
    validateRefs([cond], [this.selfSlot()], site);
    const typed = resolveDtypes(cond, tableResolver([this], { this: this }));
    checkExprTypes([typed], site);
    checkCondition(typed, site);
    const prepared = prepareRows(this, [this], [cond], site);
    const width = this.columns.length;
    const node = planNode('filter', prepared.inputs, site, (ctx, ops) => {
      const { op, scope } = prepared.lower(ctx, node, ops);
      const test = compileCell(prepared.exprs[0]!, scope);
      const narrowed = op !== ops[0] || prepared.inputs.length > 1;
      const kept = ctx.add(
        new FilterOperator<unknown[]>(op, (row, key, diff) => {
          const v = diff > 0 ? test(row, key) : withoutReports(() => test(row, key));
          if (v === true) return true;
          if (v instanceof ErrorValue && diff > 0)
            reportDropped(v, 'filter dropped a row whose condition is an error', site);
          return false;
        }),
        node,
      );
      // Rows carried extra columns (zipped tables, UDF results): cut them back to this table's columns.
      return narrowed
        ? ctx.add(new MapOperator<unknown[], unknown[]>(kept, (r) => r.slice(0, width)), node)
        : kept;
    });
    const columns = narrowFilteredColumns(this.columns, cond, this); // `x.isNotNone()` makes x non-optional
    return markFiltered(new Table<TRow>(columns, node, new Universe(this.universe)), this, [typed]);
  }

  /** Rows of this table and of `others` (their universes must be disjoint; the ids are kept). */
  concat<TOther extends Row>(...others: Table<TOther>[]): Table<TRow | TOther> {
    const site = userCallSite();
    checkTables(others, 'concat', site);
    for (const o of others) this.checkSameColumns(o, 'concat', site);
    const tables = [this as Table<any>, ...others];
    let promised = false;
    for (let i = 0; i < tables.length; i++) {
      for (let j = i + 1; j < tables.length; j++) {
        if (!areProvenDisjoint(tables[i]!.universe, tables[j]!.universe)) promised = true;
        if (!areDisjoint(tables[i]!.universe, tables[j]!.universe)) {
          throw new GraphBuildError(
            'concat() needs tables whose ids are known to be disjoint; use concatReindex() to get fresh ids, or ' +
              'promise it with cw.promiseUniversesAreDisjoint(a, b)',
            site,
          );
        }
      }
    }
    return concatTables(tables, site, 'concat', promised);
  }

  /** Throws unless `other` has the same column names (in any order). */
  protected checkSameColumns(other: Table<any>, what: string, site: string | undefined): void {
    const a = this.columnNames().slice().sort().join(',');
    const b = other.columnNames().slice().sort().join(',');
    if (a !== b)
      throw new GraphBuildError(`${what}() needs tables with the same columns: [${a}] vs [${b}]`, site);
  }

  /** Re-keys rows by the hash of the given values (Pathway's `with_id_from`). */
  withIdFrom(...exprs: ExprLike[]): Table<TRow> {
    const site = userCallSite();
    const es = this.wholeExpanded(exprs, site).map((e) =>
      typeof e === 'string' ? this.col(e as keyof TRow & string) : toExpr(e),
    );
    return rekeyTable(this, 'withIdFrom', new Expr({ kind: 'pointer', args: es }, POINTER), site);
  }

  /** Re-keys rows by a pointer-valued expression (Pathway's `with_id`). */
  withId(idExpr: Expr<Key>): Table<TRow> {
    const site = userCallSite();
    checkIdExpr(idExpr, this, 'withId()', site);
    return rekeyTable(this, 'withId', idExpr, site);
  }

  /** `args` with `cw.this` / `t.c` passed whole replaced by this table's columns (Pathway's `*pw.this`). */
  private wholeExpanded(args: readonly unknown[], site: string | undefined): unknown[] {
    return expandWhole(
      args,
      this,
      () => this.columns.map((c) => this.col(c.name as keyof TRow & string)),
      site,
    );
  }

  /**
   * A pointer expression to rows of a table keyed by these values (Pathway's `pointer_from`). A last argument
   * `{ optional: true }` makes a pointer of None values None (Optional(POINTER)); `{ instance }` adds the instance, as
   * `groupBy`'s ids with an instance have it.
   */
  pointerFrom(...args: (ExprLike | PointerFromOptions)[]): Expr<Key> {
    return pointerExpr(args);
  }

  /** Groups rows by every column (Pathway's `groupby(*pw.this)`): `t.groupBy(cw.this).reduce(cw.this)` is distinct rows. */
  groupBy(whole: AnyColumns | ColumnsOf<TRow>, options?: GroupByOptions): GroupedTable<TRow, TRow>;
  /** Groups rows by columns: `t.groupBy('owner').reduce({ owner: cw.this.owner, n: cw.reducers.count() })`. */
  groupBy<const P extends readonly ColumnPick<TRow>[]>(
    ...cols: [...P] | [...P, GroupByOptions]
  ): GroupedTable<TRow, RowFromPicks<TRow, P>>;
  groupBy<const P extends readonly ColumnPick<TRow>[]>(
    ...cols: [...P] | [...P, GroupByOptions]
  ): GroupedTable<TRow, RowFromPicks<TRow, P>> {
    const site = userCallSite();
    const { picks: given, options } = splitGroupByArgs(cols, site);
    const picks = this.wholeExpanded(given, site);
    refuseFutures(this, picks, 'groupBy()', site);
    if (options.id !== undefined) checkIdExpr(options.id, this, 'groupBy()', site);
    return new GroupedTable(this, groupColumns(this, groupPicks(picks, options.id, site), site), options);
  }

  /** Reduces the whole table to one row: `t.reduce({ total: cw.reducers.sum(t.c.x) })`. */
  reduce<const M extends ReduceSpecMap>(map: M | ((c: ColumnsOf<TRow>) => M)): Table<RowFromSpecs<M>> {
    return new GroupedTable<TRow, Row>(this, []).reduce(map);
  }

  /** A short description for logs: `Table table3 (owner: STR, age: INT)`. */
  toString(): string {
    return `Table ${this.name} (${this.columns.map((c) => `${c.name}: ${c.dtype}`).join(', ')})`;
  }

  /** What `console.log(table)` prints (the plan and proxies inside are not useful to look at). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The rows of the table, unchanged, with a new name (for debugging output). */
  named(name: string): Table<TRow> {
    return markSame(new Table<TRow>(this.columns, this.node, this.universe, name), this);
  }
}

/** Evaluates a row function without reporting errors (a retraction re-evaluating an already-reported row). */
function quietly(
  fn: (row: readonly unknown[], key: Key) => unknown[],
  row: readonly unknown[],
  key: Key,
): unknown[] {
  const prev = setQuiet(true);
  const out = fn(row, key);
  setQuiet(prev);
  return out;
}
