// Translating a parsed query (sql-parser.ts) into table operations, as Pathway's `pw.sql` does: FROM becomes the tables
// joined (comma and JOIN: `join` on the ON clause's left = right equalities, the rest a filter), WHERE a `filter`,
// GROUP BY with aggregates a `groupBy(...).reduce(...)` (or `reduce` without GROUP BY), HAVING a filter of the reduced
// table, the SELECT list a `select` (ids kept, as Pathway's), DISTINCT / UNION / INTERSECT a group by every column,
// UNION ALL a `concatReindex`. A scalar subquery is computed as a one-row table and joined to every row (ids kept).
// State: a relation is a table plus the columns visible in it, each with the name SQL reads it by (and the table alias
// qualifying it) and the name it has in the table.

import { placeholder } from '../columns.js';
import type { Expr } from '../expression.js';
import { coalesce, ifElse, lit } from '../expression-builders.js';
import { reducers } from '../reducer-exprs.js';
import type { GroupedTable } from '../group-by.js';
import type { Table } from '../table.js';
import { AGGREGATES, colText, conjuncts, hasAggregate, itemName, mapChildren, walk } from './sql-ast.js';
import { SqlError, type SqlExpr, type SqlItem, type SqlQuery, type SqlSource } from './sql-parser.js';

/** A column visible in a relation: read as `name` or `rel.name`; `internal` in the relation's table. */
interface Col {
  readonly rel: string | undefined;
  readonly name: string;
  readonly internal: string;
  /** A USING column merged into an earlier one: reachable by its qualified name only, not listed by `*`. */
  readonly merged?: boolean;
}

/** A table with the columns SQL sees in it. */
interface Rel {
  readonly table: Table<any>;
  readonly cols: readonly Col[];
}

const leftSide = placeholder('left');
const rightSide = placeholder('right');

/** Translates queries of one `cw.sql` call. */
export class SqlTranslator {
  private fresh = 0;

  constructor(
    private readonly sql: string,
    private readonly tables: ReadonlyMap<string, Table<any>>,
  ) {}

  /** The table of a query. */
  query(q: SqlQuery, env: ReadonlyMap<string, Table<any>> = this.tables): Table<any> {
    let scope = env;
    if (q.with !== undefined) {
      const inner = new Map(env);
      for (const [name, sub] of q.with) inner.set(name, this.query(sub, inner));
      scope = inner;
    }
    if (q.k === 'set') {
      const l = this.query(q.l, scope);
      const r = this.query(q.r, scope);
      const names = l.columnNames();
      const rn = r.columnNames();
      if (rn.length !== names.length) {
        throw this.error(`${q.op.toUpperCase()} of ${names.length} and ${rn.length} columns`);
      }
      const rr = r.select(Object.fromEntries(names.map((n, i) => [n, r.c[rn[i]!]])));
      if (q.op === 'unionAll') return l.concatReindex(rr);
      if (q.op === 'union') return distinct(l.concatReindex(rr));
      // Distinct rows get ids from their values: a row of both sides has one id in both.
      return distinct(l).intersect(distinct(rr));
    }
    let rel = this.source(q.from, scope);
    if (q.where !== undefined) rel = this.filter(rel, q.where, scope);
    const aggregated = q.groupBy !== undefined || q.items.some((it) => it.k === 'expr' && hasAggregate(it.e));
    const out = aggregated ? this.grouped(rel, q, scope) : this.project(rel, q.items, scope);
    return q.distinct ? distinct(out) : out;
  }

  /** The relation of a FROM source. */
  private source(s: SqlSource, env: ReadonlyMap<string, Table<any>>): Rel {
    if (s.k === 'table') {
      const table = env.get(s.name);
      if (table === undefined) {
        throw this.error(`no table named ${s.name} (pass it: cw.sql(query, { ${s.name}: table }))`);
      }
      const rel = s.alias ?? s.name;
      return { table, cols: table.columnNames().map((name) => ({ rel, name, internal: name })) };
    }
    if (s.k === 'query') {
      const table = this.query(s.q, env);
      return { table, cols: table.columnNames().map((name) => ({ rel: s.alias, name, internal: name })) };
    }
    return this.join(this.source(s.l, env), this.source(s.r, env), s, env);
  }

  /** Two relations joined: equalities of ON (one side's column expression to the other's) as join conditions. */
  private join(
    a: Rel,
    b: Rel,
    s: Extract<SqlSource, { k: 'join' }>,
    env: ReadonlyMap<string, Table<any>>,
  ): Rel {
    const rightTable = b.table === a.table ? b.table.copy() : b.table;
    const pairs: [SqlExpr, SqlExpr][] = [];
    const rest: SqlExpr[] = [];
    for (const name of s.using ?? []) {
      pairs.push([
        { k: 'col', table: undefined, name },
        { k: 'col', table: undefined, name },
      ]);
    }
    for (const c of s.on === undefined ? [] : conjuncts(s.on)) {
      if (
        c.k === 'bin' &&
        c.op === '=' &&
        this.sidesOf(c.l, a, b) === 'a' &&
        this.sidesOf(c.r, a, b) === 'b'
      ) {
        pairs.push([c.l, c.r]);
      } else if (
        c.k === 'bin' &&
        c.op === '=' &&
        this.sidesOf(c.l, a, b) === 'b' &&
        this.sidesOf(c.r, a, b) === 'a'
      ) {
        pairs.push([c.r, c.l]);
      } else rest.push(c);
    }
    if (rest.length > 0 && s.how !== 'inner') {
      throw this.error(`an outer join's ON clause must be equalities of the two sides' columns`);
    }
    const b2: Rel = { table: rightTable, cols: b.cols };
    const joined = a.table.join(
      rightTable,
      () => pairs.map(([l, r]) => this.expr(l, a, env).eq(this.expr(r, b2, env))),
      {
        how: s.how,
      },
    );
    const usingNames = new Set(s.using ?? []);
    const cols: Col[] = [];
    const spec: Record<string, Expr<any>> = {};
    const taken = new Set<string>();
    const add = (c: Col, from: 'l' | 'r', merged: boolean) => {
      let internal = c.internal;
      while (taken.has(internal)) internal = `${c.internal}_${++this.fresh}`;
      taken.add(internal);
      const side = from === 'l' ? leftSide : rightSide;
      spec[internal] = (side as Record<string, Expr<any>>)[c.internal]!;
      cols.push({ rel: c.rel, name: c.name, internal, merged });
    };
    for (const c of a.cols) add(c, 'l', c.merged === true);
    for (const c of b.cols) add(c, 'r', c.merged === true || usingNames.has(c.name));
    if (s.using !== undefined && s.how !== 'inner') {
      // A USING column of an outer join holds whichever side's value exists.
      for (const name of s.using) {
        const l = cols.find((c) => c.name === name && c.merged !== true)!;
        const r = cols.find((c) => c.name === name && c.merged === true && !a.cols.includes(c))!;
        spec[l.internal] = coalesce(spec[l.internal]!, spec[r.internal]!);
      }
    }
    let rel: Rel = { table: joined.select(spec), cols };
    for (const c of rest) rel = this.filter(rel, c, env);
    return rel;
  }

  /** Which relation the columns of `e` come from: 'a', 'b', 'both' or 'none'. */
  private sidesOf(e: SqlExpr, a: Rel, b: Rel): 'a' | 'b' | 'both' | 'none' {
    let inA = false;
    let inB = false;
    walk(e, (n) => {
      if (n.k !== 'col') return;
      if (this.find(a, n, false) !== undefined) inA = true;
      else if (this.find(b, n, false) !== undefined) inB = true;
    });
    return inA && inB ? 'both' : inA ? 'a' : inB ? 'b' : 'none';
  }

  private filter(rel: Rel, cond: SqlExpr, env: ReadonlyMap<string, Table<any>>): Rel {
    const r = this.withSubqueries(rel, cond, env);
    return { table: r.rel.table.filter(this.expr(cond, r.rel, env, r.subs)), cols: rel.cols };
  }

  /** A SELECT without aggregates: a `select` of the relation (ids kept). */
  private project(rel: Rel, items: readonly SqlItem[], env: ReadonlyMap<string, Table<any>>): Table<any> {
    const spec: Record<string, Expr<any>> = {};
    const put = (name: string, e: Expr<any>) => {
      if (name in spec) throw this.error(`two output columns are named ${name}; name them with AS`);
      spec[name] = e;
    };
    let r = rel;
    let subs = new Map<SqlQuery, string>();
    for (const it of items) {
      if (it.k === 'expr') ({ rel: r, subs } = this.withSubqueries(r, it.e, env, subs));
    }
    items.forEach((it, i) => {
      if (it.k === 'star') {
        const cols = rel.cols.filter(
          (c) => c.merged !== true && (it.table === undefined || c.rel === it.table),
        );
        if (it.table !== undefined && cols.length === 0)
          throw this.error(`no table named ${it.table} in FROM`);
        for (const c of cols) put(c.name, r.table.c[c.internal] as Expr<any>);
      } else put(itemName(it, i), this.expr(it.e, r, env, subs));
    });
    return r.table.select(spec);
  }

  /** A SELECT with GROUP BY or aggregates: group keys and aggregates reduced, then HAVING, then the SELECT list. */
  private grouped(
    rel: Rel,
    q: Extract<SqlQuery, { k: 'select' }>,
    env: ReadonlyMap<string, Table<any>>,
  ): Table<any> {
    const keys = q.groupBy ?? [];
    const aggs: SqlExpr[] = [];
    const collect = (e: SqlExpr) =>
      walk(e, (n) => {
        if (n.k === 'call' && AGGREGATES.has(n.name)) aggs.push(n);
      });
    for (const it of q.items) {
      if (it.k === 'star') throw this.error('SELECT * with GROUP BY or aggregates');
      collect(it.e);
    }
    if (q.having !== undefined) collect(q.having);
    // Group keys as columns of the relation, then one reduction holding keys and aggregates.
    const keyCols: Record<string, Expr<any>> = {};
    keys.forEach((k, i) => (keyCols[`_k${i}`] = this.expr(k, rel, env)));
    const withKeys = keys.length > 0 ? rel.table.withColumns(keyCols) : rel.table;
    const keyed: Rel = { table: withKeys, cols: rel.cols };
    const spec: Record<string, Expr<any>> = {};
    keys.forEach((_k, i) => (spec[`_k${i}`] = withKeys.c[`_k${i}`] as Expr<any>));
    aggs.forEach((a, i) => (spec[`_a${i}`] = this.aggregate(a, keyed, env)));
    const reduced =
      keys.length > 0
        ? (withKeys.groupBy.bind(withKeys) as (...cols: unknown[]) => GroupedTable<any, any>)(
            ...keys.map((_k, i) => withKeys.c[`_k${i}`]),
          ).reduce(spec)
        : withKeys.reduce(spec);
    // Over the reduced table, an aggregate or a group key reads its column; any other column is not grouped.
    const replace = (e: SqlExpr): SqlExpr => {
      const a = aggs.indexOf(e);
      if (a >= 0) return { k: 'col', table: undefined, name: `_a${a}` };
      const k = keys.findIndex((key) => sameExpr(key, e, rel, this));
      if (k >= 0) return { k: 'col', table: undefined, name: `_k${k}` };
      if (e.k === 'col') throw this.error(`column ${colText(e)} is neither grouped nor aggregated`);
      return mapChildren(e, replace);
    };
    const out: Rel = {
      table: reduced,
      cols: reduced.columnNames().map((name) => ({ rel: undefined, name, internal: name })),
    };
    // HAVING may name a SELECT alias (`COUNT(*) AS cnt ... HAVING cnt > 1`), when no column of FROM has that name.
    const aliased = (e: SqlExpr): SqlExpr => {
      if (e.k === 'col' && e.table === undefined && this.find(rel, e, false) === undefined) {
        const item = q.items.find((it, i) => it.k === 'expr' && itemName(it, i) === e.name);
        if (item !== undefined && item.k === 'expr') return item.e;
      }
      return mapChildren(e, aliased);
    };
    const having = q.having === undefined ? out : this.filter(out, replace(aliased(q.having)), env);
    return this.project(
      having,
      q.items.map((it, i) => (it.k === 'expr' ? { ...it, e: replace(it.e), alias: itemName(it, i) } : it)),
      env,
    );
  }

  private aggregate(a: SqlExpr, rel: Rel, env: ReadonlyMap<string, Table<any>>): Expr<any> {
    if (a.k !== 'call') throw new Error('unreachable');
    if (a.star || a.name === 'COUNT') return reducers.count();
    if (a.args.length !== 1) throw this.error(`${a.name} takes one argument`);
    const x = this.expr(a.args[0]!, rel, env);
    if (a.name === 'SUM') return reducers.sum(x);
    if (a.name === 'AVG') return reducers.avg(x);
    if (a.name === 'MIN') return reducers.min(x);
    return reducers.max(x);
  }

  /** The relation with every scalar subquery of `e` joined to each row as a column (ids kept). */
  private withSubqueries(
    rel: Rel,
    e: SqlExpr,
    env: ReadonlyMap<string, Table<any>>,
    subs = new Map<SqlQuery, string>(),
  ): { rel: Rel; subs: Map<SqlQuery, string> } {
    let table = rel.table;
    walk(e, (n) => {
      if (n.k !== 'sub' || subs.has(n.q)) return;
      const sub = this.query(n.q, env);
      const names = sub.columnNames();
      if (names.length !== 1)
        throw this.error(`a subquery used as a value must give one column, not ${names.length}`);
      const name = `_s${++this.fresh}`;
      const spec: Record<string, Expr<any>> = {};
      for (const c of table.columnNames()) spec[c] = (leftSide as Record<string, Expr<any>>)[c]!;
      spec[name] = (rightSide as Record<string, Expr<any>>)[names[0]!]!;
      table = table.join(sub, { id: 'left' }).select(spec);
      subs.set(n.q, name);
    });
    return { rel: { table, cols: rel.cols }, subs };
  }

  /** The Causeway expression of `e` over `rel` (`subs`: columns holding scalar subqueries' values). */
  expr(
    e: SqlExpr,
    rel: Rel,
    env: ReadonlyMap<string, Table<any>>,
    subs?: ReadonlyMap<SqlQuery, string>,
  ): Expr<any> {
    const go = (x: SqlExpr): Expr<any> => this.expr(x, rel, env, subs);
    switch (e.k) {
      case 'lit':
        return lit(e.v);
      case 'col': {
        const c = this.find(rel, e, true)!;
        return rel.table.c[c.internal] as Expr<any>;
      }
      case 'not':
        return go(e.e).not();
      case 'neg':
        return go(e.e).neg();
      case 'isnull':
        return e.not ? go(e.e).isNotNone() : go(e.e).isNone();
      case 'case': {
        let acc: Expr<any> = e.other === undefined ? lit(null) : go(e.other);
        for (let i = e.whens.length - 1; i >= 0; i--)
          acc = ifElse(go(e.whens[i]![0]), go(e.whens[i]![1]), acc);
        return acc;
      }
      case 'sub': {
        const name = subs?.get(e.q);
        if (name === undefined)
          throw this.error('a subquery is supported only in WHERE, HAVING and the SELECT list');
        return rel.table.c[name] as Expr<any>;
      }
      case 'call':
        if (AGGREGATES.has(e.name)) throw this.error(`${e.name}() is not allowed here`);
        throw this.error(`function ${e.name} is not supported`);
      case 'bin': {
        const l = go(e.l);
        const r = go(e.r);
        switch (e.op) {
          case 'AND':
            return l.and(r);
          case 'OR':
            return l.or(r);
          case '+':
            return l.add(r);
          case '-':
            return l.sub(r);
          case '*':
            return l.mul(r);
          case '/':
            return l.div(r);
          case 'DIV':
            return l.floordiv(r);
          case '%':
            return l.mod(r);
          case '=':
            return l.eq(r);
          case '!=':
            return l.ne(r);
          case '<':
            return l.lt(r);
          case '<=':
            return l.le(r);
          case '>':
            return l.gt(r);
          default:
            return l.ge(r);
        }
      }
    }
  }

  /** The column `e` names in `rel` (the first match when several tables have it, as Pathway). */
  find(rel: Rel, e: Extract<SqlExpr, { k: 'col' }>, required: boolean): Col | undefined {
    const c =
      e.table === undefined
        ? (rel.cols.find((x) => x.name === e.name && x.merged !== true) ??
          rel.cols.find((x) => x.name === e.name))
        : rel.cols.find((x) => x.rel === e.table && x.name === e.name);
    if (c === undefined && required) throw this.error(`no column ${colText(e)}`);
    return c;
  }

  private error(message: string): SqlError {
    return new SqlError(message, this.sql);
  }
}

/** Distinct rows: a group by every column (ids from the values). */
function distinct(t: Table<any>): Table<any> {
  const c = t.c as Record<string, Expr<any>>;
  const names = t.columnNames();
  const groupBy = t.groupBy.bind(t) as (...cols: unknown[]) => GroupedTable<any, any>;
  return groupBy(...names.map((n) => c[n]!)).reduce(Object.fromEntries(names.map((n) => [n, c[n]!])));
}

/** True when two group-key / SELECT expressions are the same (columns compared as resolved in `rel`). */
function sameExpr(a: SqlExpr, b: SqlExpr, rel: Rel, t: SqlTranslator): boolean {
  if (a.k === 'col' && b.k === 'col') {
    const ca = t.find(rel, a, false);
    return ca !== undefined && ca === t.find(rel, b, false);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
