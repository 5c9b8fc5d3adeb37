// Expressions: immutable plan nodes discriminated by `kind`, typed by the value they compute.
// Expressions are built by the user (`cw.this.age.add(1)`), resolved against a scope and compiled to JS.

import { ANY, BOOL, DType, NONE, tuple } from './dtype.js';
import { indexedDtype } from './expressions/indexed-dtype.js';
import { StrNamespace } from './expressions/str-namespace.js';
import { NumNamespace } from './expressions/num-namespace.js';
import { DtNamespace } from './expressions/dt-namespace.js';
import { JsonNamespace, isPlainObject, jsonDefault } from './expressions/json-namespace.js';
import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';
import { slotOfColumns } from './whole-columns.js';
import { castRefusal } from './expressions/cast-rules.js';
import { binaryResultDtype, constDtype, negResultDtype } from './expressions/result-dtype.js';

/** Who a column reference points at: a concrete table, or a placeholder resolved by the method it's used in. */
export type TableSlot = 'this' | 'left' | 'right' | object;

/** Binary operators. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'truediv'
  | 'floordiv'
  | 'mod'
  | 'pow'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'and'
  | 'or'
  | 'xor'
  | 'lshift'
  | 'rshift'
  | 'matmul';

/** Unary operators. */
export type UnaryOp = 'neg' | 'not' | 'isNone' | 'isNotNone' | 'unwrap' | 'isError';

/** A function applied cell by cell. `fn` receives argument values; throwing makes the cell an error. */
export interface CallSpec {
  readonly name: string;
  readonly fn: (...args: any[]) => unknown;
  /** Return null (not call `fn`) when any argument is null. Default true. */
  readonly propagateNone?: boolean;
  /**
   * Builds the same call again over a receiver whose dtype is now known: a namespace call on an unresolved
   * `cw.this.x` picks its result dtype (and sometimes its function) from the receiver's dtype, so `resolveDtypes`
   * replays it once the column is resolved.
   */
  readonly replay?: (receiver: Expr) => Expr;
}

/** The plan node of an expression. */
export type ExprNode =
  | {
      readonly kind: 'column';
      readonly slot: TableSlot;
      readonly name: string;
      /** A data column named "id" (a database table's, say), not the row id (see `isRowIdRef`). */
      readonly data?: true;
    }
  | { readonly kind: 'id'; readonly slot: TableSlot }
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr }
  | { readonly kind: 'call'; readonly call: CallSpec; readonly args: readonly Expr[] }
  | { readonly kind: 'ifElse'; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: 'coalesce'; readonly args: readonly Expr[] }
  | { readonly kind: 'require'; readonly value: Expr; readonly args: readonly Expr[] }
  | { readonly kind: 'fillError'; readonly arg: Expr; readonly replacement: Expr }
  | { readonly kind: 'tuple'; readonly args: readonly Expr[] }
  | {
      readonly kind: 'get';
      readonly arg: Expr;
      readonly index: Expr;
      readonly default?: Expr;
      readonly checked: boolean;
    }
  | {
      readonly kind: 'cast';
      readonly arg: Expr;
      readonly to: DType;
      /** Only the type changes, not the values (`declareType`). */
      readonly declared?: true;
    }
  | {
      readonly kind: 'pointer';
      readonly args: readonly Expr[];
      readonly instance?: Expr;
      /** None when a value is None (Pathway's `pointer_from(..., optional=True)`). */
      readonly optional?: true;
    }
  | { readonly kind: 'lambda'; readonly fn: (row: any) => unknown }
  | { readonly kind: 'udf'; readonly udf: UdfLike; readonly args: readonly Expr[] }
  | { readonly kind: 'reducer'; readonly reducer: ReducerLike; readonly args: readonly Expr[] };

/** What a UDF expression holds (defined in udf.ts; kept opaque here). */
export interface UdfLike {
  readonly name: string;
  readonly isAsync: boolean;
}

/** What a reducer expression holds (defined in reducers; kept opaque here). */
export interface ReducerLike {
  readonly name: string;
  /** The reducer leaves None values out (`tuple` / `sortedTuple` with `skipNones`): its list holds unoptional values. */
  readonly skipsNones?: boolean;
}

/** Anything accepted where an expression is expected: expressions and plain constants. */
export type ExprLike<T = unknown> = Expr<T> | T;

/** The value type of an expression-like. */
export type ValueOf<E> = 0 extends 1 & E
  ? any
  : E extends Expr<infer T>
    ? T
    : E extends (row: any) => infer R
      ? Awaited<R>
      : E extends readonly [] | readonly [unknown, ...unknown[]]
        ? { -readonly [I in keyof E]: ValueOf<E[I]> }
        : E extends readonly unknown[]
          ? unknown[]
          : E;

/** An expression computing values of type `T`. Immutable; every method returns a new expression. */
export class Expr<T = unknown> {
  declare readonly __value?: T;
  /** Where the user built it (for error messages). */
  readonly site: string | undefined;

  /** Creates an expression; prefer the builders (`cw.this.x`, `lit`, methods). */
  constructor(
    readonly node: ExprNode,
    readonly dtype: DType = ANY,
    site?: string,
  ) {
    this.site = site ?? (node.kind === 'column' || node.kind === 'const' ? undefined : userCallSite());
  }

  private bin<R>(op: BinaryOp, other: ExprLike): Expr<R> {
    const right = toExpr(other);
    return new Expr<R>(
      { kind: 'binary', op, left: this, right },
      binaryResultDtype(op, this.dtype, right.dtype),
    );
  }

  /** `a + b` (numbers, strings, date-times with durations). */
  add(other: ExprLike): Expr<T> {
    return this.bin('add', other);
  }
  /** `a - b`. */
  sub(other: ExprLike): Expr<T> {
    return this.bin('sub', other);
  }
  /** `a * b`. */
  mul(other: ExprLike): Expr<T> {
    return this.bin('mul', other);
  }
  /** `a / b`: always a float for numbers, as in Pathway (division by zero is an error value). */
  div(other: ExprLike): Expr<number> {
    return this.bin('truediv', other);
  }
  /** `a // b`: floor division. */
  floordiv(other: ExprLike): Expr<number> {
    return this.bin('floordiv', other);
  }
  /** `a % b` with Python semantics (result has the divisor's sign). */
  mod(other: ExprLike): Expr<number> {
    return this.bin('mod', other);
  }
  /** `a ** b`. */
  pow(other: ExprLike): Expr<number> {
    return this.bin('pow', other);
  }
  /** `a << b` of INTs (64-bit, as Pathway: bits shifted past the top are lost). */
  lshift(other: ExprLike<number>): Expr<number> {
    return this.bin('lshift', other);
  }
  /** `a >> b` of INTs (arithmetic: the sign is kept, rounding towards -infinity). */
  rshift(other: ExprLike<number>): Expr<number> {
    return this.bin('rshift', other);
  }
  /** `-a`. */
  neg(): Expr<T> {
    return new Expr<T>({ kind: 'unary', op: 'neg', arg: this }, negResultDtype(this.dtype));
  }
  /** `a == b` (deep equality). */
  eq(other: ExprLike): Expr<boolean> {
    return this.bin('eq', other);
  }
  /** `a != b`. */
  ne(other: ExprLike): Expr<boolean> {
    return this.bin('ne', other);
  }
  /** `a < b`. */
  lt(other: ExprLike): Expr<boolean> {
    return this.bin('lt', other);
  }
  /** `a <= b`. */
  le(other: ExprLike): Expr<boolean> {
    return this.bin('le', other);
  }
  /** `a > b`. */
  gt(other: ExprLike): Expr<boolean> {
    return this.bin('gt', other);
  }
  /** `a >= b`. */
  ge(other: ExprLike): Expr<boolean> {
    return this.bin('ge', other);
  }
  /** Logical and (bitwise on two INTs, as Pathway's `&`). */
  and(other: ExprLike<boolean>): Expr<boolean>;
  and(this: Expr<number>, other: ExprLike<number>): Expr<number>;
  and(other: ExprLike<boolean> | ExprLike<number>): Expr<any> {
    return this.bin('and', other);
  }
  /** Logical or (bitwise on two INTs, as Pathway's `|`). */
  or(other: ExprLike<boolean>): Expr<boolean>;
  or(this: Expr<number>, other: ExprLike<number>): Expr<number>;
  or(other: ExprLike<boolean> | ExprLike<number>): Expr<any> {
    return this.bin('or', other);
  }
  /** Logical exclusive or (bitwise on two INTs, as Pathway's `^`). */
  xor(other: ExprLike<boolean>): Expr<boolean>;
  xor(this: Expr<number>, other: ExprLike<number>): Expr<number>;
  xor(other: ExprLike<boolean> | ExprLike<number>): Expr<any> {
    return this.bin('xor', other);
  }
  /** Logical not. */
  not(): Expr<boolean> {
    return new Expr<boolean>({ kind: 'unary', op: 'not', arg: this }, BOOL);
  }
  /** True when the value is `null` (None). */
  isNone(): Expr<boolean> {
    return new Expr<boolean>({ kind: 'unary', op: 'isNone', arg: this }, BOOL);
  }
  /** True when the value is not `null`. */
  isNotNone(): Expr<boolean> {
    return new Expr<boolean>({ kind: 'unary', op: 'isNotNone', arg: this }, BOOL);
  }
  /**
   * Element `index` of a tuple/list/string/JSON value; out of range is an error value (a constant index past a tuple's
   * known length is refused here, as Pathway does).
   */
  at(index: ExprLike<number | string>): Expr<any> {
    const i = toExpr(index);
    return new Expr(
      { kind: 'get', arg: this, index: i, checked: true },
      indexedDtype(this.dtype, i, undefined),
    );
  }
  /** Element `index`, or `defaultValue` (default null) when missing. */
  get(index: ExprLike<number | string>, defaultValue: ExprLike = null): Expr<any> {
    // A plain object given as the default of a JSON lookup is JSON (Pathway: `get("a", default={"b": 42})`); on a JSON
    // column any plain value is.
    const d =
      this.dtype.name === 'JSON' || isPlainObject(defaultValue) ? jsonDefault(defaultValue) : defaultValue;
    const i = toExpr(index);
    const dflt = toExpr(d);
    return new Expr(
      { kind: 'get', arg: this, index: i, default: dflt, checked: false },
      indexedDtype(this.dtype, i, dflt),
    );
  }
  /** Converts among `INT`, `FLOAT`, `STR`, `BOOL` (other targets: GraphBuildError); a failing value is an error. */
  cast<U>(to: DType<U>): Expr<U> {
    const e = new Expr<U>({ kind: 'cast', arg: this, to }, to);
    const refused = castRefusal(this.dtype, to);
    if (refused !== undefined) throw new GraphBuildError(refused, e.site);
    return e;
  }
  /** String functions (Pathway's `.str`). */
  get str(): StrNamespace {
    return replayable(this, (e) => new StrNamespace(e));
  }
  /** Numeric functions (Pathway's `.num`). */
  get num(): NumNamespace {
    return replayable(this, (e) => new NumNamespace(e));
  }
  /** Date-time and duration functions (Pathway's `.dt`). */
  get dt(): DtNamespace {
    return replayable(this, (e) => new DtNamespace(e));
  }
  /** JSON access (`get`, `asInt`, ...). */
  get json(): JsonNamespace {
    return replayable(this, (e) => new JsonNamespace(e));
  }
}

/** A reference to a named column of a table (or of `this` / `left` / `right`). */
export class ColumnRef<T = unknown, TName extends string = string> extends Expr<T> {
  declare readonly __name?: TName;
  /** Creates a column reference. */
  constructor(
    readonly slot: TableSlot,
    readonly name: TName,
    dtype: DType = ANY,
    /** True for a data column named "id": the name alone would mean the row id. */
    dataId = false,
  ) {
    super(dataId ? { kind: 'column', slot, name, data: true } : { kind: 'column', slot, name }, dtype);
  }
}

/**
 * The namespace `make(receiver)`; when the receiver's dtype is not known yet (`cw.this.x` before its method resolves
 * it), every call node its methods return remembers how to build itself again (`CallSpec.replay`).
 */
function replayable<N extends object>(receiver: Expr<unknown>, make: (e: Expr<any>) => N): N {
  const ns = make(receiver);
  if (receiver.dtype.name !== 'ANY') return ns;
  return new Proxy(ns, {
    get(target, prop, proxy) {
      const member: unknown = Reflect.get(target, prop, proxy);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]): unknown => {
        const out: unknown = (member as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Expr) || out.node.kind !== 'call' || out.node.args[0] !== receiver) return out;
        const replay = (e: Expr): Expr => {
          const again = make(e);
          return (Reflect.get(again, prop) as (...a: unknown[]) => Expr).apply(again, args);
        };
        return new Expr({ ...out.node, call: { ...out.node.call, replay } }, out.dtype, out.site);
      };
    },
  });
}

/**
 * True when `n` refers to a row id: an `id` node, or a column reference named "id" other than a reference to a data
 * column of that name (`t.c.id` of a table with an "id" column is that column; `t.id` is always the row id).
 */
export function isRowIdRef(n: ExprNode): boolean {
  return n.kind === 'id' || (n.kind === 'column' && n.name === 'id' && n.data !== true);
}

/** A reference like `n` (a column node) to `slot`, keeping whether it names a data column "id". */
export function columnRefLike(
  n: { readonly name: string; readonly data?: true },
  slot: TableSlot,
  dtype: DType,
): ColumnRef {
  return new ColumnRef(slot, n.name, dtype, n.data === true);
}

// The expression builders (`lit`, `ifElse`, `coalesce`, ...) live in expression-builders.ts.
export {
  lit,
  ifElse,
  coalesce,
  require,
  unwrap,
  fillError,
  makeTuple,
  cast,
  declareType,
  apply,
  applyWithType,
} from './expression-builders.js';

/**
 * The tuple of `items` (`makeTuple`, and an array holding expressions): typed as Pathway does, a Tuple of the elements'
 * dtypes, so comparisons are checked and printing knows the elements.
 */
export function tupleExpr(items: readonly unknown[]): Expr<unknown[]> {
  const exprs = items.map((x) => toExpr(x));
  return new Expr({ kind: 'tuple', args: exprs }, tuple(...exprs.map((e) => e.dtype)));
}

/** True when `v` is an expression or an array holding one (at any depth). */
function holdsExpr(v: unknown): boolean {
  return v instanceof Expr || (Array.isArray(v) && v.some(holdsExpr));
}

/** Wraps a constant (or passes an expression through). */
export function toExpr<T>(v: ExprLike<T>): Expr<T> {
  if (v instanceof Expr) return v;
  if (slotOfColumns(v) !== undefined) {
    throw new GraphBuildError(
      'a whole table (cw.this, cw.left, cw.right or t.c) is not a value here; name a column, e.g. cw.this.x',
      userCallSite(),
    );
  }
  if (typeof v === 'function') return new Expr<T>({ kind: 'lambda', fn: v as (row: any) => unknown }, ANY);
  // An array holding expressions is a tuple of them, as a Python tuple is in Pathway: `[cw.this.a, 2]`.
  if (Array.isArray(v) && v.some(holdsExpr)) return tupleExpr(v as unknown[]) as Expr<T>;
  return new Expr<T>({ kind: 'const', value: v }, v === null || v === undefined ? NONE : constDtype(v));
}
