// A UDF's declared return type, enforced on its results (Pathway converts a result to the UDF's return type and turns
// one that does not fit into an error value: "cannot create an object of type String from value 1").

import type { DType } from '../dtype.js';

/**
 * A check of results against `dtype` for the scalar types (INT, FLOAT, BOOL, STR, optional or not): returns a message
 * for a result that does not fit, or undefined. Undefined as a whole for other dtypes (nothing to check).
 */
export function returnTypeCheck(dtype: DType): ((v: unknown) => string | undefined) | undefined {
  const name = dtype.unoptional().name;
  const fits: ((v: unknown) => boolean) | undefined =
    name === 'INT'
      ? (v) => typeof v === 'number' && Number.isInteger(v)
      : name === 'FLOAT'
        ? (v) => typeof v === 'number'
        : name === 'BOOL'
          ? (v) => typeof v === 'boolean'
          : name === 'STR'
            ? (v) => typeof v === 'string'
            : undefined;
  if (fits === undefined) return undefined;
  return (v) =>
    v === null || v === undefined || fits(v)
      ? undefined
      : `cannot create an object of type ${dtype.unoptional().toString()} from value ${describe(v)}`;
}

/** A short rendering of a value for the message. */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}
