// Runtime semantics of expression operators (Python/Pathway semantics over JavaScript values).
// The compiler inlines the number fast paths; these functions are the general (slow) paths.

import { valuesEqual } from '../../engine/row-equality.js';
import { keyFromValues, type Key } from '../../engine/key.js';
import { ErrorValue } from '../values/error-value.js';
import { makeError } from './error-reporter.js';

type Site = string | undefined;

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'object') return (v).constructor?.name ?? 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v;
}

function unsupported(op: string, a: unknown, b: unknown, site: Site): ErrorValue {
  return makeError(`unsupported operand types for ${op}: ${typeName(a)} and ${typeName(b)}`, site);
}

const has = (v: unknown, m: string): boolean => typeof v === 'object' && v !== null && typeof (v as any)[m] === 'function';

/** `a + b`. */
export function add(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (has(a, 'plus')) return (a as any).plus(b);
  if (has(b, 'plus') && has(a, 'plus') === false && a !== null && typeof a === 'object') return (b as any).plus(a);
  return unsupported('+', a, b, site);
}

/** `a - b` (date-time − date-time is a duration). */
export function sub(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (has(a, 'since') && has(b, 'since')) return (a as any).since(b);
  if (has(a, 'minus')) return (a as any).minus(b);
  return unsupported('-', a, b, site);
}

/** `a * b` (string repetition, duration scaling). */
export function mul(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'string' && typeof b === 'number') return b > 0 ? a.repeat(b) : '';
  if (typeof b === 'string' && typeof a === 'number') return a > 0 ? b.repeat(a) : '';
  if (has(a, 'times') && typeof b === 'number') return (a as any).times(b);
  if (has(b, 'times') && typeof a === 'number') return (b as any).times(a);
  return unsupported('*', a, b, site);
}

/** `a / b`: true division; by zero is an error value. */
export function truediv(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return makeError('division by zero', site);
    return a / b;
  }
  if (has(a, 'ratio') && has(b, 'ratio')) return (a as any).ratio(b);
  if (has(a, 'dividedBy') && typeof b === 'number') {
    if (b === 0) return makeError('division by zero', site);
    return (a as any).dividedBy(b);
  }
  return unsupported('/', a, b, site);
}

/** `a // b`: floor division. */
export function floordiv(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return makeError('integer division or modulo by zero', site);
    return Math.floor(a / b);
  }
  if (has(a, 'ratio') && has(b, 'ratio')) return Math.floor((a as any).ratio(b));
  return unsupported('//', a, b, site);
}

/** `a % b` with the divisor's sign (Python). */
export function mod(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return makeError('integer division or modulo by zero', site);
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  }
  return unsupported('%', a, b, site);
}

/** `a ** b`. */
export function pow(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === 0 && b < 0) return makeError('0.0 cannot be raised to a negative power', site);
    return a ** b;
  }
  return unsupported('**', a, b, site);
}

/** `-a`. */
export function neg(a: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (typeof a === 'number') return -a;
  if (has(a, 'negate')) return (a as any).negate();
  return makeError(`bad operand type for unary -: ${typeName(a)}`, site);
}

/** Deep equality (errors propagate). */
export function eq(a: unknown, b: unknown): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  return valuesEqual(a, b);
}

/** Deep inequality. */
export function ne(a: unknown, b: unknown): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  return !valuesEqual(a, b);
}

/** Total-order comparison used by `<`, `<=`, `>`, `>=` on non-number operands. */
export function compare(a: unknown, b: unknown, site: Site): number | ErrorValue {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i], site);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (has(a, 'compareTo') && b !== null && typeof b === 'object' && a!.constructor === b.constructor) {
    return (a as any).compareTo(b);
  }
  return unsupported('comparison', a, b, site);
}

/** Logical and (Pathway's `&`). */
export function and(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a && b;
  return unsupported('&', a, b, site);
}

/** Logical or (Pathway's `|`). */
export function or(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a || b;
  return unsupported('|', a, b, site);
}

/** Logical xor. */
export function xor(a: unknown, b: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (b instanceof ErrorValue) return b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a !== b;
  return unsupported('^', a, b, site);
}

/** Logical not. */
export function not(a: unknown, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (typeof a === 'boolean') return !a;
  return makeError(`bad operand type for ~: ${typeName(a)}`, site);
}

/** Indexing: tuples/lists/strings by (negative) integer, objects/JSON by key. */
export function getItem(a: unknown, i: unknown, dflt: unknown, checked: boolean, site: Site): unknown {
  if (a instanceof ErrorValue) return a;
  if (i instanceof ErrorValue) return i;
  const raw = a !== null && typeof a === 'object' && 'value' in a && (a as any).constructor?.name === 'Json' ? (a as any).value : a;
  let found: unknown = undefined;
  if ((Array.isArray(raw) || typeof raw === 'string') && typeof i === 'number') {
    const idx = i < 0 ? raw.length + i : i;
    if (idx >= 0 && idx < raw.length) found = raw[idx];
  } else if (raw !== null && typeof raw === 'object' && (typeof i === 'string' || typeof i === 'number')) {
    if (Object.prototype.hasOwnProperty.call(raw, i)) found = (raw)[i];
  }
  if (found === undefined) {
    if (checked) return makeError(`index ${String(i)} out of range for ${typeName(a)}`, site);
    return dflt;
  }
  return raw !== a ? wrapLike(a, found) : found;
}

function wrapLike(json: unknown, v: unknown): unknown {
  const Ctor = (json as any).constructor;
  return new Ctor(v);
}

/** Conversion to INT/FLOAT/STR/BOOL with Pathway's semantics. */
export function castTo(a: unknown, to: string, site: Site): unknown {
  if (a instanceof ErrorValue || a === null || a === undefined) return a ?? null;
  switch (to) {
    case 'INT':
      if (typeof a === 'number') return Math.trunc(a);
      if (typeof a === 'boolean') return a ? 1 : 0;
      if (typeof a === 'string' && /^\s*[-+]?\d+\s*$/.test(a)) return parseInt(a, 10);
      break;
    case 'FLOAT':
      if (typeof a === 'number') return a;
      if (typeof a === 'boolean') return a ? 1 : 0;
      if (typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a))) return Number(a);
      break;
    case 'STR':
      return typeof a === 'string' ? a : String(a);
    case 'BOOL':
      if (typeof a === 'boolean') return a;
      if (typeof a === 'number') return a !== 0;
      if (typeof a === 'string') return a.length > 0;
      break;
    default:
      return a;
  }
  return makeError(`cannot cast ${typeName(a)} value ${String(a)} to ${to}`, site);
}

/** A pointer (row key) computed from values: Pathway's `pointer_from`. */
export function pointerFrom(values: unknown[], instance?: unknown): Key | ErrorValue {
  for (const v of values) if (v instanceof ErrorValue) return v;
  return instance === undefined ? keyFromValues(values) : keyFromValues([...values, instance]);
}
