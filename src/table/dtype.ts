// Column types: runtime values that also carry the TypeScript type of their cells.

import type { Key } from '../engine/key.js';

/** A column type. `T` is the TypeScript type of a cell; `name` prints like Pathway's dtypes. */
export class DType<T = unknown> {
  declare readonly __type?: T;
  /** Creates a dtype; prefer the constants (`INT`, `STR`, ...) and the constructors (`list`, `tuple`). */
  constructor(
    readonly name: string,
    readonly isOptional = false,
    readonly inner: readonly DType[] = [],
  ) {}
  /** The same type, also allowing `null` (Pathway's `Optional[T]`). */
  optional(): DType<T | null> {
    return this.isOptional ? this : new DType<T | null>(this.name, true, this.inner);
  }
  /** The type without `null`. */
  unoptional(): DType<Exclude<T, null>> {
    return (this.isOptional ? new DType(this.name, false, this.inner) : this) as DType<Exclude<T, null>>;
  }
  /** Prints as Pathway does (`INT`, `Optional(STR)`). */
  toString(): string {
    const base = this.inner.length > 0 ? `${this.name}(${this.inner.map(String).join(', ')})` : this.name;
    return this.isOptional ? `Optional(${base})` : base;
  }
  /** Structural equality. */
  equals(other: DType): boolean {
    return this.toString() === other.toString();
  }
}

/** The TypeScript type of a dtype's cells. */
export type TypeOf<D> = D extends DType<infer T> ? T : never;

/** 53-bit integers (JavaScript numbers that are integral). */
export const INT = new DType<number>('INT');
/** Double-precision floats. */
export const FLOAT = new DType<number>('FLOAT');
/** Strings. */
export const STR = new DType<string>('STR');
/** Booleans. */
export const BOOL = new DType<boolean>('BOOL');
/** Any value. */
export const ANY = new DType<any>('ANY');
/** Row keys (Pathway's `Pointer`). */
export const POINTER = new DType<Key>('POINTER');
/** Byte strings. */
export const BYTES = new DType<Uint8Array>('BYTES');
/** JSON values (see `Json`). */
export const JSON = new DType<unknown>('JSON');
/** Naive date-times (no timezone). */
export const DATE_TIME_NAIVE = new DType<unknown>('DATE_TIME_NAIVE');
/** UTC date-times. */
export const DATE_TIME_UTC = new DType<unknown>('DATE_TIME_UTC');
/** Durations. */
export const DURATION = new DType<unknown>('DURATION');
/** The type of `null` alone. */
export const NONE = new DType<null>('NONE', true);
/** The type of error values. */
export const ERROR = new DType<never>('ERROR');

/** A list of values of one type. */
export function list<T>(of: DType<T>): DType<T[]> {
  return new DType<T[]>('List', false, [of]);
}

/** A fixed-length tuple: `tuple(INT, STR)` is `DType<[number, string]>`. */
export function tuple<const TItems extends readonly DType[]>(
  ...items: TItems
): DType<{ -readonly [I in keyof TItems]: TypeOf<TItems[I]> }> {
  return new DType('Tuple', false, items);
}

/**
 * A fully async UDF's result column (Pathway's `Future`): cells of `of`, or `PENDING` until the call finished.
 * `t.awaitFutures()` keeps the rows with no pending cell and gives the columns back their type `of`.
 */
export function future<T>(of: DType<T>): DType<T | import('./values/pending.js').Pending> {
  return new DType('Future', false, [of]);
}

/** `optional(INT)` is `INT.optional()`. */
export function optional<T>(of: DType<T>): DType<T | null> {
  return of.optional();
}

/** The dtype of a JavaScript value, for inference from data (markdown tables, rows). */
export function dtypeOfValue(v: unknown): DType {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? INT : FLOAT;
    case 'string':
      return STR;
    case 'boolean':
      return BOOL;
    default:
      if (v === null || v === undefined) return NONE;
      if (v instanceof Uint8Array) return BYTES;
      return ANY;
  }
}

/** The least common type of two dtypes (INT | FLOAT = FLOAT, T | NONE = Optional(T), otherwise ANY). */
export function unifyDtypes(a: DType, b: DType): DType {
  if (a.equals(b)) return a;
  if (a.name === 'NONE') return b.optional();
  if (b.name === 'NONE') return a.optional();
  const opt = a.isOptional || b.isOptional;
  const an = a.unoptional();
  const bn = b.unoptional();
  let base: DType;
  if (an.equals(bn)) base = an;
  else if ((an === INT || an.name === 'INT') && bn.name === 'FLOAT') base = FLOAT;
  else if (an.name === 'FLOAT' && bn.name === 'INT') base = FLOAT;
  else base = ANY;
  return opt ? base.optional() : base;
}

/**
 * True when every value of `a` is a value of `b` (Pathway's `dtype_issubclass`): anything is ANY; INT is FLOAT; T and
 * None are Optional(T); lists and tuples element by element (a tuple is a list of its elements' common type).
 */
export function isSubtype(a: DType, b: DType): boolean {
  if (b.name === 'ANY') return true;
  if (a.name === 'NONE') return b.isOptional;
  if (a.isOptional) return b.isOptional && isSubtype(a.unoptional(), b.unoptional());
  if (b.isOptional) return isSubtype(a, b.unoptional());
  if (a.equals(b)) return true;
  if (a.name === 'INT' && b.name === 'FLOAT') return true;
  if (b.name === 'List' && (a.name === 'List' || a.name === 'Tuple'))
    return a.inner.every((x) => isSubtype(x, b.inner[0]!));
  if (a.name === 'Tuple' && b.name === 'Tuple')
    return a.inner.length === b.inner.length && a.inner.every((x, i) => isSubtype(x, b.inner[i]!));
  return false;
}
