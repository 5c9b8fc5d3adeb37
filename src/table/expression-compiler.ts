// Compiles resolved expressions into plain JavaScript functions (code generation with `new Function`):
// one function per operator computes a whole output row, with number fast paths inlined.
//
// Invariants: a sub-expression is evaluated at most once per row; a failing cell yields an ErrorValue
// and never aborts the row; error operands propagate.
/* eslint-disable @typescript-eslint/no-implied-eval -- code generation with new Function is how expressions compile to plain JS */

import { arrayOf } from '../engine/array-of.js';
import type { Key } from '../engine/key.js';
import { ErrorValue } from './values/error-value.js';
import { isRowIdRef, type Expr, type ExprNode, type TableSlot } from './expression.js';
import * as ops from './expressions/operators.js';
import { makeError } from './expressions/error-reporter.js';
import { wrapCall } from './wrap-call.js';

/** Maps column references of an expression onto positions of the row an operator sees. */
export interface Scope {
  /** Position of column `name` of `slot` in the input row; throws a clear error when unknown. */
  column(slot: TableSlot, name: string, site: string | undefined): number;
  /** Position of `slot`'s id in the input row, or 'key' when it is the row key itself. */
  id(slot: TableSlot, site: string | undefined): number | 'key';
  /** Column names and positions, to build the row object a lambda receives. */
  rowObject(): readonly (readonly [string, number])[];
}

/** A compiled row function: input row and key -> output cells (`readsKey` false: it never reads the key). */
export type RowFn = ((row: readonly unknown[], key: Key) => unknown[]) & { readsKey?: boolean };
/** A compiled single-cell function (`readsKey` false: it never reads the key). */
export type CellFn = ((row: readonly unknown[], key: Key) => unknown) & { readsKey?: boolean };

const INLINE_NUM: Partial<Record<string, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

class Generator {
  readonly consts: unknown[] = [];
  readonly fns: unknown[] = [];
  private temps = 0;
  usesObject = false;
  /** True once the code reads the row's own key (`cw.this.id` where the id is the key). */
  usesKey = false;

  constructor(
    private readonly scope: Scope,
    private readonly access: (position: number) => string = (p) => `r[${p}]`,
  ) {}

  temp(): string {
    return `t${this.temps++}`;
  }
  tempDecl(): string {
    const names = Array.from({ length: this.temps }, (_, i) => `t${i}`);
    return names.length > 0 ? `let ${names.join(', ')};` : '';
  }
  konst(v: unknown): string {
    if (typeof v === 'number' && Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return globalThis.JSON.stringify(v);
    if (v === undefined) return 'null';
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }
  /** The row's key, noting that the code reads it. */
  key(): string {
    this.usesKey = true;
    return 'key';
  }
  fn(f: unknown): string {
    this.fns.push(f);
    return `F[${this.fns.length - 1}]`;
  }

  gen(e: Expr): string {
    const n: ExprNode = e.node;
    const site = e.site;
    switch (n.kind) {
      case 'column': {
        if (isRowIdRef(n)) {
          const p = this.scope.id(n.slot, site);
          return p === 'key' ? this.key() : this.access(p);
        }
        return this.access(this.scope.column(n.slot, n.name, site));
      }
      case 'id': {
        const p = this.scope.id(n.slot, site);
        return p === 'key' ? this.key() : this.access(p);
      }
      case 'const':
        return this.konst(n.value);
      case 'binary': {
        const a = this.temp();
        const b = this.temp();
        const A = this.gen(n.left);
        const B = this.gen(n.right);
        const S = this.konst(site ?? null);
        const ld = n.left.dtype.name;
        const rd = n.right.dtype.name;
        const both = `typeof ${a} === 'number' && typeof ${b} === 'number'`;
        const slow = (f: unknown) => `${this.fn(f)}(${a}, ${b}, ${S})`;
        const inline = INLINE_NUM[n.op];
        if (inline) {
          const general =
            n.op === 'add' || n.op === 'sub' || n.op === 'mul' ? slow(ops[n.op]) : slow(cmp(n.op));
          // STR + STR: the string fast path first (Pathway's dtypes say which one is likely).
          const fast =
            n.op === 'add' && ld === 'STR' && rd === 'STR'
              ? `typeof ${a} === 'string' && typeof ${b} === 'string' ? ${a} + ${b} : ${both} ? ${a} + ${b}`
              : `${both} ? ${a} ${inline} ${b}`;
          return `((${a} = ${A}), (${b} = ${B}), (${fast} : ${general}))`;
        }
        if (n.op === 'truediv') {
          return `((${a} = ${A}), (${b} = ${B}), (${both} && ${b} !== 0 ? ${a} / ${b} : ${slow(ops.truediv)}))`;
        }
        if ((n.op === 'floordiv' || n.op === 'mod') && ld === 'INT' && rd === 'INT') {
          // INT // INT and INT % INT inlined exactly: a % b is exact for integers, so (a - r) / b is too.
          const t = this.temp();
          const sameSign = `(${t} = ${a} % ${b}) === 0 || ${t} < 0 === ${b} < 0`;
          const value =
            n.op === 'floordiv'
              ? `(${sameSign} ? (${a} - ${t}) / ${b} : (${a} - ${t}) / ${b} - 1)`
              : `(${sameSign} ? ${t} + 0 : ${t} + ${b})`;
          return `((${a} = ${A}), (${b} = ${B}), (${both} && ${b} !== 0 ? ${value} : ${slow(ops[n.op])}))`;
        }
        if (n.op === 'eq' || n.op === 'ne') {
          const f = this.fn(n.op === 'eq' ? ops.eq : ops.ne);
          const jsop = n.op === 'eq' ? '===' : '!==';
          return `((${a} = ${A}), (${b} = ${B}), ((typeof ${a} === 'number' || typeof ${a} === 'string') && typeof ${a} === typeof ${b} ? ${a} ${jsop} ${b} : ${f}(${a}, ${b})))`;
        }
        if (n.op === 'and' || n.op === 'or') {
          const f = this.fn(ops[n.op]);
          const short = n.op === 'and' ? 'false' : 'true';
          return `((${a} = ${A}), ${a} === ${short} ? ${short} : ((${b} = ${B}), ${a} === ${n.op === 'and' ? 'true' : 'false'} && typeof ${b} === 'boolean' ? ${b} : ${f}(${a}, ${b}, ${S})))`;
        }
        if (n.op === 'matmul') throw new Error('matmul (@) is not supported on scalar columns');
        return `${this.fn((ops as unknown as Record<string, unknown>)[n.op])}(${A}, ${B}, ${S})`;
      }
      case 'unary': {
        const A = this.gen(n.arg);
        const S = this.konst(site ?? null);
        switch (n.op) {
          case 'neg':
            return `${this.fn(ops.neg)}(${A}, ${S})`;
          case 'not':
            return `${this.fn(ops.not)}(${A}, ${S})`;
          case 'isNone': {
            const a = this.temp();
            return `((${a} = ${A}), ${a} instanceof E ? ${a} : ${a} === null || ${a} === undefined)`;
          }
          case 'isNotNone': {
            const a = this.temp();
            return `((${a} = ${A}), ${a} instanceof E ? ${a} : ${a} !== null && ${a} !== undefined)`;
          }
          case 'isError':
            return `(${A} instanceof E)`;
          case 'unwrap': {
            const a = this.temp();
            return `((${a} = ${A}), ${a} === null || ${a} === undefined ? ${this.fn(makeError)}('unwrap: value is None', ${S}) : ${a})`;
          }
        }
        break;
      }
      case 'call': {
        const args = n.args.map((x) => this.gen(x));
        const wrapped = wrapCall(n.call.fn, n.call.name, n.call.propagateNone !== false, site, args.length);
        return `${this.fn(wrapped)}(${args.join(', ')})`;
      }
      case 'ifElse': {
        const c = this.temp();
        const C = this.gen(n.cond);
        const T = this.gen(n.then);
        const O = this.gen(n.otherwise);
        return `((${c} = ${C}), ${c} === true ? ${T} : ${c} === false ? ${O} : ${c} instanceof E ? ${c} : ${this.fn(makeError)}('if_else condition is not a bool', ${this.konst(site ?? null)}))`;
      }
      case 'coalesce': {
        let code = 'null';
        for (let i = n.args.length - 1; i >= 0; i--) {
          const t = this.temp();
          code = `((${t} = ${this.gen(n.args[i]!)}), ${t} !== null && ${t} !== undefined ? ${t} : ${code})`;
        }
        return code;
      }
      case 'require': {
        const checks = n.args.map((x) => {
          const t = this.temp();
          return `((${t} = ${this.gen(x)}), ${t} === null || ${t} === undefined)`;
        });
        const V = this.gen(n.value);
        return checks.length === 0 ? V : `(${checks.join(' || ')} ? null : ${V})`;
      }
      case 'fillError': {
        const t = this.temp();
        return `((${t} = ${this.gen(n.arg)}), ${t} instanceof E ? ${this.gen(n.replacement)} : ${t})`;
      }
      case 'tuple':
        return `[${n.args.map((x) => this.gen(x)).join(', ')}]`;
      case 'get': {
        const D = n.default ? this.gen(n.default) : 'null';
        return `${this.fn(ops.getItem)}(${this.gen(n.arg)}, ${this.gen(n.index)}, ${D}, ${n.checked}, ${this.konst(site ?? null)})`;
      }
      case 'cast':
        if (n.declared) return this.gen(n.arg);
        return `${this.fn(ops.castTo)}(${this.gen(n.arg)}, ${globalThis.JSON.stringify(n.to.unoptional().name)}, ${this.konst(site ?? null)})`;
      case 'pointer': {
        const args = `[${n.args.map((x) => this.gen(x)).join(', ')}]`;
        const instance = n.instance ? this.gen(n.instance) : 'undefined';
        return n.instance || n.optional
          ? `${this.fn(ops.pointerFrom)}(${args}, ${instance}, ${n.optional === true})`
          : `${this.fn(ops.pointerFrom)}(${args})`;
      }
      case 'lambda':
        this.usesObject = true;
        return `${this.fn(wrapCall(n.fn, n.fn.name || 'lambda', false, site, 1))}(o || (o = mk(r, key)))`;
      case 'udf':
        throw new Error(
          `internal: UDF ${n.udf.name} must be evaluated by its own operator before compilation`,
        );
      case 'reducer':
        throw new Error(
          `reducer ${n.reducer.name}() used outside reduce(): reducers are only allowed in groupBy(...).reduce(...) or reduce(...)` +
            (site ? ` (at ${site})` : ''),
        );
    }
    throw new Error(`internal: unknown expression kind`);
  }
}

function cmp(op: string): (a: unknown, b: unknown, site: string | undefined) => unknown {
  return (a, b, site) => {
    const c = ops.compare(a, b, site);
    if (c instanceof ErrorValue) return c;
    switch (op) {
      case 'lt':
        return c < 0;
      case 'le':
        return c <= 0;
      case 'gt':
        return c > 0;
      default:
        return c >= 0;
    }
  };
}

function build(gen: Generator, body: string): (...a: unknown[]) => unknown {
  const mkObject = (() => {
    if (!gen.usesObject) return null;
    return gen['scope'].rowObject();
  })();
  const mk = mkObject
    ? (new Function(
        'r',
        'key',
        `return { ${mkObject.map(([n, i]) => `${globalThis.JSON.stringify(n)}: r[${i}]`).join(', ')}, id: key };`,
      ) as (r: unknown, key: unknown) => unknown)
    : null;
  const src = `return function compiled(r, key) { ${gen.tempDecl()} let o; ${body} };`;
  const fn = new Function('K', 'F', 'E', 'mk', src)(gen.consts, gen.fns, ErrorValue, mk) as ((
    ...a: unknown[]
  ) => unknown) & { readsKey?: boolean };
  // A lambda gets the row as an object holding its id.
  fn.readsKey = gen.usesKey || gen.usesObject;
  return fn;
}

/** Compiles a list of expressions into one function producing the output row. */
export function compileRow(exprs: readonly Expr[], scope: Scope): RowFn {
  const gen = new Generator(scope);
  const cells = exprs.map((e) => gen.gen(e));
  return build(gen, `return [${cells.join(', ')}];`) as RowFn;
}

/**
 * A row function over the two sides of a join: left row and id, right row and id, and the joined row's id.
 * `readsKey` is false when it never reads the joined row's id (the join may then leave that id unmade); `copies` is
 * true when it only copies cells and ids (it cannot make an error, so a retraction needs no quiet evaluation);
 * `leftCells` / `rightCells`, when known, are the only cells of each side's row it reads (ascending).
 */
export type JoinRowFn = ((
  l: readonly unknown[],
  lk: Key,
  r: readonly unknown[],
  rk: Key,
  key: Key,
) => unknown[]) & {
  readsKey?: boolean;
  copies?: boolean;
  leftCells?: readonly number[];
  rightCells?: readonly number[];
};

/**
 * Compiles expressions over a joined row laid out as `[...left(nl), leftId, ...right, rightId]` without
 * materializing that row: cells are read from the two sides directly. Returns undefined when an expression needs
 * the whole row (a lambda), so the caller falls back to `compileRow` over the joined row.
 */
export function compileJoinRow(
  exprs: readonly Expr[],
  scope: Scope,
  nl: number,
  nr: number,
): JoinRowFn | undefined {
  // Every cell read goes through here: the cells each side's rows must provide.
  const read: [Set<number>, Set<number>] = [new Set(), new Set()];
  const gen = new Generator(scope, (p) => {
    if (p < nl) read[0].add(p);
    else if (p > nl && p <= nl + nr) read[1].add(p - nl - 1);
    return p < nl ? `l[${p}]` : p === nl ? 'lk' : p <= nl + nr ? `rr[${p - nl - 1}]` : 'rk';
  });
  const cells = exprs.map((e) => gen.gen(e));
  if (gen.usesObject) return undefined;
  // The row is made by `arrayOf`, not a literal: a join's output rows have no allocation site, so rows kept alive
  // while a large load's pass runs never make V8 allocate a later one-row step's rows in the old generation.
  const src = `return function compiledJoin(l, lk, rr, rk, key) { ${gen.tempDecl()} return A(${cells.join(', ')}); };`;
  const fn = new Function('K', 'F', 'E', 'A', src)(gen.consts, gen.fns, ErrorValue, arrayOf) as JoinRowFn;
  fn.readsKey = gen.usesKey;
  fn.copies = exprs.every((e) => e.node.kind === 'column' || e.node.kind === 'id');
  const ascending = (cs: Set<number>) => [...cs].sort((a, b) => a - b);
  fn.leftCells = ascending(read[0]);
  fn.rightCells = ascending(read[1]);
  return fn;
}

/** Compiles one expression into a cell function. */
export function compileCell(expr: Expr, scope: Scope): CellFn {
  const gen = new Generator(scope);
  const cell = gen.gen(expr);
  return build(gen, `return ${cell};`);
}
