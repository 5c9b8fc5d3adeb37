// The SQL that `cw.sql` reads (Pathway's `pw.sql` subset): a tokenizer and a recursive-descent parser into a small AST.
// Grammar: [WITH name AS (query), ...] select {UNION [ALL] | INTERSECT select}; select = SELECT [DISTINCT] items
// FROM sources, then WHERE / GROUP BY / HAVING in any order (as Pathway's parser takes them); sources are tables,
// subqueries and joins (comma, [INNER | LEFT | RIGHT | FULL] [OUTER] JOIN ... [ON expr | USING (names)]).
// Expressions: OR < AND < NOT < comparisons (= == != <> < <= > >= IS [NOT] NULL, BETWEEN) < + - < * / DIV % < minus <
// literals, columns (name or table.name), function calls (COUNT(*) too), CASE WHEN, (expr) and scalar (subquery).

import { SqlError } from './sql-error.js';
import { KEYWORDS, tokenize, type Token } from './sql-lexer.js';

export { SqlError } from './sql-error.js';

/** An SQL expression. */
export type SqlExpr =
  | { readonly k: 'lit'; readonly v: number | string | boolean | null }
  | { readonly k: 'col'; readonly table: string | undefined; readonly name: string }
  | { readonly k: 'bin'; readonly op: string; readonly l: SqlExpr; readonly r: SqlExpr }
  | { readonly k: 'not' | 'neg'; readonly e: SqlExpr }
  | { readonly k: 'isnull'; readonly e: SqlExpr; readonly not: boolean }
  | { readonly k: 'case'; readonly whens: readonly (readonly [SqlExpr, SqlExpr])[]; readonly other?: SqlExpr }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly SqlExpr[]; readonly star: boolean }
  | { readonly k: 'sub'; readonly q: SqlQuery };

/** An item of a SELECT list. */
export type SqlItem =
  | { readonly k: 'star'; readonly table: string | undefined }
  | { readonly k: 'expr'; readonly e: SqlExpr; readonly alias: string | undefined };

/** A FROM source. */
export type SqlSource =
  | { readonly k: 'table'; readonly name: string; readonly alias: string | undefined }
  | { readonly k: 'query'; readonly q: SqlQuery; readonly alias: string | undefined }
  | {
      readonly k: 'join';
      readonly how: 'inner' | 'left' | 'right' | 'outer';
      readonly l: SqlSource;
      readonly r: SqlSource;
      readonly on: SqlExpr | undefined;
      readonly using: readonly string[] | undefined;
    };

/** A query: a SELECT, or a set operation of two queries; `with` names queries for the rest. */
export type SqlQuery = (
  | {
      readonly k: 'select';
      readonly distinct: boolean;
      readonly items: readonly SqlItem[];
      readonly from: SqlSource;
      readonly where: SqlExpr | undefined;
      readonly groupBy: readonly SqlExpr[] | undefined;
      readonly having: SqlExpr | undefined;
    }
  | {
      readonly k: 'set';
      readonly op: 'union' | 'unionAll' | 'intersect';
      readonly l: SqlQuery;
      readonly r: SqlQuery;
    }
) & { readonly with?: readonly (readonly [string, SqlQuery])[] };

/** Parses one query (a trailing `;` allowed). */
export function parseSql(sql: string): SqlQuery {
  return new Parser(sql).whole();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly sql: string) {
    this.toks = tokenize(sql);
  }

  whole(): SqlQuery {
    if (!this.isKw('SELECT') && !this.isKw('WITH') && !this.isOp('(')) {
      throw this.unsupported(`only SELECT queries are supported, not ${this.peek().v.toUpperCase()}`);
    }
    const q = this.query();
    this.acceptOp(';');
    if (this.peek().t !== 'end') {
      if (this.isKw('ORDER')) throw this.unsupported('ORDER BY is not supported (tables have no order)');
      if (this.isKw('LIMIT')) throw this.unsupported('LIMIT is not supported');
      throw this.fail(`unexpected ${this.describe()}`);
    }
    return q;
  }

  private query(): SqlQuery {
    let ctes: [string, SqlQuery][] | undefined;
    if (this.acceptKw('WITH')) {
      ctes = [];
      do {
        const name = this.name();
        this.expectKw('AS');
        this.expectOp('(');
        ctes.push([name, this.query()]);
        this.expectOp(')');
      } while (this.acceptOp(','));
    }
    let q = this.selectOrParens();
    for (;;) {
      if (this.acceptKw('UNION')) {
        const op = this.acceptKw('ALL') ? 'unionAll' : 'union';
        if (op === 'union') this.acceptKw('DISTINCT');
        q = { k: 'set', op, l: q, r: this.selectOrParens() };
      } else if (this.acceptKw('INTERSECT')) {
        this.acceptKw('DISTINCT');
        q = { k: 'set', op: 'intersect', l: q, r: this.selectOrParens() };
      } else if (this.isKw('EXCEPT')) {
        throw this.unsupported('EXCEPT is not supported');
      } else break;
    }
    return ctes === undefined ? q : { ...q, with: ctes };
  }

  private selectOrParens(): SqlQuery {
    if (this.acceptOp('(')) {
      const q = this.query();
      this.expectOp(')');
      return q;
    }
    this.expectKw('SELECT');
    const distinct = this.acceptKw('DISTINCT');
    this.acceptKw('ALL');
    const items: SqlItem[] = [];
    do items.push(this.item());
    while (this.acceptOp(','));
    this.expectKw('FROM');
    const from = this.sources();
    let where: SqlExpr | undefined;
    let groupBy: SqlExpr[] | undefined;
    let having: SqlExpr | undefined;
    for (;;) {
      if (where === undefined && this.acceptKw('WHERE')) where = this.expr();
      else if (groupBy === undefined && this.acceptKw('GROUP')) {
        this.expectKw('BY');
        groupBy = [];
        do groupBy.push(this.expr());
        while (this.acceptOp(','));
      } else if (having === undefined && this.acceptKw('HAVING')) having = this.expr();
      else break;
    }
    return { k: 'select', distinct, items, from, where, groupBy, having };
  }

  private item(): SqlItem {
    if (this.acceptOp('*')) return { k: 'star', table: undefined };
    const t = this.peek();
    if ((t.t === 'id' || t.t === 'qid') && this.peek(1).v === '.' && this.peek(2).v === '*') {
      this.i += 3;
      return { k: 'star', table: t.v };
    }
    const e = this.expr();
    return { k: 'expr', e, alias: this.alias() };
  }

  private alias(): string | undefined {
    if (this.acceptKw('AS')) {
      // `AS 'name'`: a string as a name, as MySQL and Pathway's parser take it.
      const s = this.peek();
      if (s.t === 'str') {
        this.i++;
        return s.v;
      }
      return this.name();
    }
    const t = this.peek();
    if (t.t === 'qid' || (t.t === 'id' && !KEYWORDS.has(t.v.toUpperCase()))) {
      this.i++;
      return t.v;
    }
    return undefined;
  }

  private sources(): SqlSource {
    let s = this.source();
    for (;;) {
      if (this.acceptOp(',')) {
        s = { k: 'join', how: 'inner', l: s, r: this.source(), on: undefined, using: undefined };
        continue;
      }
      let how: 'inner' | 'left' | 'right' | 'outer' | undefined;
      if (this.acceptKw('JOIN')) how = 'inner';
      else if (this.acceptKw('INNER') || this.acceptKw('CROSS')) how = 'inner';
      else if (this.acceptKw('LEFT')) how = 'left';
      else if (this.acceptKw('RIGHT')) how = 'right';
      else if (this.acceptKw('FULL')) how = 'outer';
      if (how === undefined) return s;
      if (how !== 'inner' || this.toks[this.i - 1]!.v.toUpperCase() !== 'JOIN') {
        this.acceptKw('OUTER');
        this.expectKw('JOIN');
      }
      const r = this.source();
      let on: SqlExpr | undefined;
      let using: string[] | undefined;
      if (this.acceptKw('ON')) on = this.expr();
      else if (this.acceptKw('USING')) {
        this.expectOp('(');
        using = [];
        do using.push(this.name());
        while (this.acceptOp(','));
        this.expectOp(')');
      }
      s = { k: 'join', how, l: s, r, on, using };
    }
  }

  private source(): SqlSource {
    if (this.acceptOp('(')) {
      if (this.isKw('SELECT') || this.isKw('WITH')) {
        const q = this.query();
        this.expectOp(')');
        return { k: 'query', q, alias: this.alias() };
      }
      const s = this.sources();
      this.expectOp(')');
      return s;
    }
    return { k: 'table', name: this.name(), alias: this.alias() };
  }

  expr(): SqlExpr {
    let l = this.and();
    while (this.acceptKw('OR')) l = { k: 'bin', op: 'OR', l, r: this.and() };
    return l;
  }

  private and(): SqlExpr {
    let l = this.not();
    while (this.acceptKw('AND')) l = { k: 'bin', op: 'AND', l, r: this.not() };
    return l;
  }

  private not(): SqlExpr {
    if (this.acceptKw('NOT')) return { k: 'not', e: this.not() };
    return this.comparison();
  }

  private comparison(): SqlExpr {
    const l = this.additive();
    if (this.acceptKw('BETWEEN')) {
      const low = this.additive();
      this.expectKw('AND');
      const high = this.additive();
      return {
        k: 'bin',
        op: 'AND',
        l: { k: 'bin', op: '>=', l, r: low },
        r: { k: 'bin', op: '<=', l, r: high },
      };
    }
    if (this.acceptKw('IS')) {
      const not = this.acceptKw('NOT');
      this.expectKw('NULL');
      return { k: 'isnull', e: l, not };
    }
    const op = this.peek().v;
    if (this.peek().t === 'op' && ['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(op)) {
      this.i++;
      const norm = op === '==' ? '=' : op === '<>' ? '!=' : op;
      return { k: 'bin', op: norm, l, r: this.additive() };
    }
    return l;
  }

  private additive(): SqlExpr {
    let l = this.multiplicative();
    for (;;) {
      if (this.acceptOp('+')) l = { k: 'bin', op: '+', l, r: this.multiplicative() };
      else if (this.acceptOp('-')) l = { k: 'bin', op: '-', l, r: this.multiplicative() };
      else return l;
    }
  }

  private multiplicative(): SqlExpr {
    let l = this.unary();
    for (;;) {
      if (this.acceptOp('*')) l = { k: 'bin', op: '*', l, r: this.unary() };
      else if (this.acceptOp('/')) l = { k: 'bin', op: '/', l, r: this.unary() };
      else if (this.acceptOp('%')) l = { k: 'bin', op: '%', l, r: this.unary() };
      else if (this.acceptKw('DIV')) l = { k: 'bin', op: 'DIV', l, r: this.unary() };
      else return l;
    }
  }

  private unary(): SqlExpr {
    if (this.acceptOp('-')) return { k: 'neg', e: this.unary() };
    if (this.acceptOp('+')) return this.unary();
    return this.primary();
  }

  private primary(): SqlExpr {
    const t = this.peek();
    if (t.t === 'num') {
      this.i++;
      return { k: 'lit', v: Number(t.v) };
    }
    if (t.t === 'str') {
      this.i++;
      return { k: 'lit', v: t.v };
    }
    if (this.acceptOp('(')) {
      if (this.isKw('SELECT') || this.isKw('WITH')) {
        const q = this.query();
        this.expectOp(')');
        return { k: 'sub', q };
      }
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (this.acceptKw('NULL')) return { k: 'lit', v: null };
    if (this.acceptKw('TRUE')) return { k: 'lit', v: true };
    if (this.acceptKw('FALSE')) return { k: 'lit', v: false };
    if (this.acceptKw('CASE')) return this.caseExpr();
    if (t.t !== 'id' && t.t !== 'qid') throw this.fail(`unexpected ${this.describe()}`);
    this.i++;
    if (t.t === 'id' && this.isOp('(')) return this.call(t.v.toUpperCase());
    if (this.acceptOp('.')) return { k: 'col', table: t.v, name: this.name() };
    return { k: 'col', table: undefined, name: t.v };
  }

  private call(name: string): SqlExpr {
    this.expectOp('(');
    if (this.acceptOp('*')) {
      this.expectOp(')');
      return { k: 'call', name, args: [], star: true };
    }
    if (this.isKw('DISTINCT')) throw this.unsupported(`${name}(DISTINCT ...) is not supported`);
    const args: SqlExpr[] = [];
    if (!this.isOp(')')) {
      do args.push(this.expr());
      while (this.acceptOp(','));
    }
    this.expectOp(')');
    return { k: 'call', name, args, star: false };
  }

  private caseExpr(): SqlExpr {
    if (!this.isKw('WHEN'))
      throw this.unsupported('CASE <value> WHEN is not supported; write CASE WHEN <condition>');
    const whens: [SqlExpr, SqlExpr][] = [];
    while (this.acceptKw('WHEN')) {
      const cond = this.expr();
      this.expectKw('THEN');
      whens.push([cond, this.expr()]);
    }
    const other = this.acceptKw('ELSE') ? this.expr() : undefined;
    this.expectKw('END');
    return { k: 'case', whens, other };
  }

  private name(): string {
    const t = this.peek();
    if (t.t === 'qid' || (t.t === 'id' && !KEYWORDS.has(t.v.toUpperCase()))) {
      this.i++;
      return t.v;
    }
    throw this.fail(`expected a name, got ${this.describe()}`);
  }

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.i + ahead, this.toks.length - 1)]!;
  }
  private isKw(kw: string): boolean {
    const t = this.peek();
    return t.t === 'id' && t.v.toUpperCase() === kw;
  }
  private acceptKw(kw: string): boolean {
    if (!this.isKw(kw)) return false;
    this.i++;
    return true;
  }
  private expectKw(kw: string): void {
    if (!this.acceptKw(kw)) throw this.fail(`expected ${kw}, got ${this.describe()}`);
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === op;
  }
  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i++;
    return true;
  }
  private expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.fail(`expected "${op}", got ${this.describe()}`);
  }
  private describe(): string {
    const t = this.peek();
    return t.t === 'end' ? 'the end of the query' : JSON.stringify(t.v);
  }
  private fail(message: string): SqlError {
    return new SqlError(`syntax error: ${message}`, this.sql);
  }
  private unsupported(message: string): SqlError {
    return new SqlError(message, this.sql);
  }
}
