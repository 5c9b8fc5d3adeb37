// Build-time type checks of resolved expressions: operators and casts applied to concrete dtypes they do not support
// fail when the method is called (as Pathway's TypeError), instead of producing error cells for every row at run time.

import { GraphBuildError } from './errors.js';
import { type BinaryOp, type Expr } from './expression.js';
import { visitExpr } from './expression-tree.js';
import { binaryResultDtype } from './expressions/result-dtype.js';
import { castRefusal } from './expressions/cast-rules.js';
import { unifyDtypes, type DType } from './dtype.js';

const ARITHMETIC: Partial<Record<BinaryOp, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  truediv: '/',
  floordiv: '//',
  mod: '%',
  pow: '**',
  lshift: '<<',
  rshift: '>>',
};

/** A dtype the checks can reason about: known, not ANY, not JSON (whose values are checked at run time). */
function concrete(d: DType): boolean {
  const n = d.unoptional().name;
  return n !== 'ANY' && n !== 'JSON' && n !== 'NONE' && n !== 'ERROR';
}

const COMPARISON: Partial<Record<BinaryOp, string>> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};
const LOGICAL: Partial<Record<BinaryOp, string>> = { and: '&', or: '|', xor: '^' };

/** The problem with one node on concrete dtypes (Pathway's TypeError), or undefined. */
function refusal(x: Expr): string | undefined {
  const n = x.node;
  if (n.kind === 'cast') return n.declared ? undefined : castRefusal(n.arg.dtype, n.to);
  if (n.kind === 'unary') return unaryRefusal(n.op, n.arg.dtype);
  if (n.kind === 'ifElse') {
    const c = n.cond.dtype;
    if (concrete(c) && c.unoptional().name !== 'BOOL') {
      return `ifElse(): the condition must be BOOL, got ${c}; compare it first (e.g. x.gt(0))`;
    }
    return branchesRefusal('ifElse()', [n.then.dtype, n.otherwise.dtype]);
  }
  if (n.kind === 'coalesce')
    return branchesRefusal(
      'coalesce()',
      n.args.map((a) => a.dtype),
    );
  if (n.kind !== 'binary') return undefined;
  const l = n.left.dtype;
  const r = n.right.dtype;
  if (!concrete(l) || !concrete(r)) return undefined;
  const arithmetic = ARITHMETIC[n.op];
  if (arithmetic !== undefined && binaryResultDtype(n.op, l, r).name === 'ANY') {
    return `unsupported operand types for ${arithmetic}: ${l} and ${r}; convert one side first (e.g. .cast(cw.FLOAT) or .str.parseInt())`;
  }
  const comparison = COMPARISON[n.op];
  const ordering = n.op === 'lt' || n.op === 'le' || n.op === 'gt' || n.op === 'ge';
  if (ordering && (optionalElements(l) || optionalElements(r))) {
    return `cannot compare ${l} and ${r} with ${comparison}: a tuple holding optional values only compares with == and != (Pathway refuses it too); fill the None values first (e.g. with coalesce)`;
  }
  if (comparison !== undefined && !comparableDtypes(l, r)) {
    const dates = new Set([l.unoptional().name, r.unoptional().name]);
    const fix =
      dates.has('DATE_TIME_NAIVE') && dates.has('DATE_TIME_UTC')
        ? 'convert one side with .dt.toUtc(timezone) or .dt.toNaiveInTimezone(timezone)'
        : 'convert one side first (e.g. .cast(cw.STR) or .str.parseInt())';
    return `cannot compare ${l} and ${r} with ${comparison}: incompatible types; ${fix}`;
  }
  const logical = LOGICAL[n.op];
  const [a, b] = [l.unoptional().name, r.unoptional().name];
  if (logical !== undefined && !((a === 'BOOL' && b === 'BOOL') || (a === 'INT' && b === 'INT'))) {
    return `unsupported operand types for ${logical}: ${l} and ${r}; it needs two BOOLs (logical) or two INTs (bitwise)`;
  }
  return undefined;
}

/** Why a unary operator cannot apply to `arg` (Pathway: `-` on INT, FLOAT, DURATION; `~` on BOOL), or undefined. */
function unaryRefusal(op: string, arg: DType): string | undefined {
  if (!concrete(arg)) return undefined;
  const a = arg.unoptional().name;
  if (op === 'neg' && a !== 'INT' && a !== 'FLOAT' && a !== 'DURATION') {
    return `unsupported operand type for unary -: ${arg}`;
  }
  if (op === 'not' && a !== 'BOOL') return `unsupported operand type for not: ${arg}; it needs a BOOL`;
  return undefined;
}

/** True when two known dtypes have no common type (INT and STR), so one column cannot hold both. */
function noCommonType(a: DType, b: DType): boolean {
  return concrete(a) && concrete(b) && unifyDtypes(a, b).name === 'ANY';
}

/** Why values of `dtypes` cannot share one column (ifElse branches, coalesce arguments), or undefined. */
function branchesRefusal(what: string, dtypes: readonly DType[]): string | undefined {
  const known = dtypes.filter(concrete);
  const other = known.find((d) => noCommonType(known[0]!, d));
  return other === undefined
    ? undefined
    : `${what}: incompatible types ${known[0]} and ${other}; convert one first (e.g. .cast(cw.STR))`;
}

/**
 * Throws a GraphBuildError for an operator or cast on concrete dtypes Pathway refuses: arithmetic they do not
 * support, comparisons of incompatible types, `&` / `|` / `^` other than BOOL·BOOL or INT·INT, unsupported casts.
 */
export function checkExprTypes(exprs: readonly Expr[], site: string | undefined): void {
  for (const e of exprs) {
    visitExpr(e, (x) => {
      const problem = refusal(x);
      if (problem !== undefined) throw new GraphBuildError(problem, x.site ?? site);
    });
  }
}

/** Throws a GraphBuildError when a filter condition has a known dtype other than BOOL. */
export function checkCondition(cond: Expr, site: string | undefined): void {
  const d = cond.dtype.unoptional();
  if (concrete(cond.dtype) && d.name !== 'BOOL') {
    throw new GraphBuildError(
      `a condition must be a boolean expression, got ${cond.dtype}; compare it, e.g. t.c.x.gt(0) or t.c.x.isNotNone()`,
      cond.site ?? site,
    );
  }
}

/** True for a tuple (or list) dtype with an optional element, at any depth. */
function optionalElements(d: DType): boolean {
  const x = d.unoptional();
  return (
    (x.name === 'Tuple' || x.name === 'List') && x.inner.some((e) => e.isOptional || optionalElements(e))
  );
}

const isNumber = (n: string): boolean => n === 'INT' || n === 'FLOAT';
const isSequence = (n: string): boolean => n === 'Tuple' || n === 'List';

/**
 * True when `==`, `<`, ... may compare the dtypes (Pathway's operator table): either is not concrete, both are
 * numbers, both the same type (optional or not), or tuples / lists whose known elements compare pairwise.
 */
export function comparableDtypes(a: DType, b: DType): boolean {
  if (!concrete(a) || !concrete(b)) return true;
  const x = a.unoptional();
  const y = b.unoptional();
  if (isSequence(x.name) && isSequence(y.name)) {
    if (x.name !== 'Tuple' || y.name !== 'Tuple' || x.inner.length !== y.inner.length) return true;
    return x.inner.every((d, i) => comparableDtypes(d, y.inner[i]!));
  }
  return x.name === y.name || (isNumber(x.name) && isNumber(y.name));
}

/** Throws a GraphBuildError when a join compares keys of incompatible concrete dtypes (Pathway's TypeError). */
export function checkJoinKeyTypes(
  leftKeys: readonly Expr[],
  rightKeys: readonly Expr[],
  site: string | undefined,
): void {
  leftKeys.forEach((l, i) => {
    const r = rightKeys[i]!;
    if (comparableDtypes(l.dtype, r.dtype)) return;
    throw new GraphBuildError(
      `incompatible types in a join condition: ${l.dtype} and ${r.dtype}; cast one side first (e.g. .cast(cw.STR))`,
      l.site ?? site,
    );
  });
}

/**
 * The common dtype of a column taking values of `a` and `b` (`updateRows`, `updateCells`, `concat`); a GraphBuildError
 * when both are known and have none (INT with STR), as Pathway's "Incompatible types" TypeError.
 */
export function columnUnion(
  a: DType,
  b: DType,
  what: string,
  column: string,
  site: string | undefined,
): DType {
  if (noCommonType(a, b)) {
    throw new GraphBuildError(
      `${what}: incompatible types for column "${column}": ${a} and ${b}; cast one side first (e.g. .cast(cw.STR))`,
      site,
    );
  }
  return unifyDtypes(a, b);
}
