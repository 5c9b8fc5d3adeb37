// Result dtypes of operators, after Pathway's operator table: INT op INT stays INT except `/` (FLOAT) and
// comparisons (BOOL); `&`, `|`, `^` of INTs are bitwise (INT); date-time ± duration keeps the date-time kind,
// date-time - date-time is a DURATION, and so on.
// An operand typed ANY (e.g. an untyped `cw.this.x`) gives ANY unless the operator fixes the result.

import {
  ANY,
  BOOL,
  DATE_TIME_NAIVE,
  DATE_TIME_UTC,
  DURATION,
  FLOAT,
  INT,
  JSON,
  STR,
  dtypeOfValue,
  type DType,
} from '../dtype.js';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import { Json } from '../values/json.js';
import type { BinaryOp } from '../expression.js';
import { GraphBuildError } from '../errors.js';
import { userCallSite } from '../call-site.js';

const isNum = (n: string): boolean => n === 'INT' || n === 'FLOAT';
const isDateTime = (n: string): boolean => n === 'DATE_TIME_NAIVE' || n === 'DATE_TIME_UTC';

function dateTimeDtype(n: string): DType {
  return n === 'DATE_TIME_UTC' ? DATE_TIME_UTC : DATE_TIME_NAIVE;
}

function base(op: BinaryOp, l: string, r: string): DType {
  switch (op) {
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return BOOL;
    case 'and':
    case 'or':
    case 'xor':
      // `&`, `|`, `^` are bitwise on INT (an INT), logical on BOOL; untyped operands are most likely bools.
      return l === 'INT' && r === 'INT' ? INT : BOOL;
    case 'truediv':
      if (isNum(l) && isNum(r)) return FLOAT;
      if (l === 'DURATION') return r === 'DURATION' ? FLOAT : isNum(r) ? DURATION : ANY;
      // An untyped operand (cw.this.x) is most likely a number: `/` of numbers is always FLOAT, as in Pathway.
      return r === 'DURATION' ? ANY : FLOAT;
    case 'add':
      if (l === 'STR' && r === 'STR') return STR;
      if (isDateTime(l) && r === 'DURATION') return dateTimeDtype(l);
      if (l === 'DURATION' && isDateTime(r)) return dateTimeDtype(r);
      break;
    case 'sub':
      if (isDateTime(l) && r === 'DURATION') return dateTimeDtype(l);
      if (isDateTime(l) && l === r) return DURATION;
      break;
    case 'mul':
      if ((l === 'STR' && r === 'INT') || (l === 'INT' && r === 'STR')) return STR;
      if ((l === 'DURATION' && isNum(r)) || (isNum(l) && r === 'DURATION')) return DURATION;
      break;
    case 'floordiv':
      if (l === 'DURATION') return r === 'DURATION' ? INT : r === 'INT' ? DURATION : ANY;
      break;
    case 'mod':
      if (l === 'DURATION' && r === 'DURATION') return DURATION;
      break;
    case 'lshift':
    case 'rshift':
      return l === 'INT' && r === 'INT' ? INT : ANY;
    case 'pow':
    case 'matmul':
      break;
  }
  if (l === 'DURATION' && r === 'DURATION' && (op === 'add' || op === 'sub')) return DURATION;
  if (l === 'INT' && r === 'INT') return INT;
  if (isNum(l) && isNum(r)) return FLOAT;
  return ANY;
}

/** Refuses computing with a fully async UDF's column (Pathway: only after `await_futures`). */
function refuseFuture(d: DType): void {
  if (d.unoptional().name === 'Future') {
    throw new GraphBuildError(
      `a ${String(d)} column (a fully async UDF's result, maybe PENDING) cannot be computed with; ` +
        'apply awaitFutures() to the table first',
      userCallSite(),
    );
  }
}

/** The dtype of `left op right` (optional operands are looked up unwrapped; a None at run time is an error). */
export function binaryResultDtype(op: BinaryOp, left: DType, right: DType): DType {
  refuseFuture(left);
  refuseFuture(right);
  return base(op, left.unoptional().name, right.unoptional().name);
}

/** The dtype of `-x`: the operand's (INT, FLOAT, DURATION), else ANY. */
export function negResultDtype(arg: DType): DType {
  refuseFuture(arg);
  const n = arg.unoptional().name;
  return isNum(n) || n === 'DURATION' ? arg : ANY;
}

/** The dtype of a constant: plain values as `dtypeOfValue`, plus the value classes (date-times, durations, JSON). */
export function constDtype(v: unknown): DType {
  if (v instanceof DateTimeNaive) return DATE_TIME_NAIVE;
  if (v instanceof DateTimeUtc) return DATE_TIME_UTC;
  if (v instanceof Duration) return DURATION;
  if (v instanceof Json) return JSON;
  return dtypeOfValue(v);
}
