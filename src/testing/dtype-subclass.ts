// Pathway's `dtype_issubclass` and `is_subschema`, which decide whether two tables' column types match in the
// table assertions (`assert_table_equality` checks `is_subschema` in both directions).

import { ANY, NONE, type DType } from '../table/dtype.js';

const SIMPLE: ReadonlySet<string> = new Set(['INT', 'BOOL', 'STR', 'BYTES', 'FLOAT']);

// Pathway's Optional(ANY) is ANY and Optional(NONE) is NONE; Causeway's dtypes keep the flag, so drop it here.
function normalize(d: DType): DType {
  if (d.name === 'ANY') return ANY;
  if (d.name === 'NONE') return NONE;
  return d;
}

function isOptional(d: DType): boolean {
  return d.isOptional && d.name !== 'NONE';
}

function isSequence(d: DType): boolean {
  return d.name === 'List' || d.name === 'Tuple';
}

function isAnyTuple(d: DType): boolean {
  return d.name === 'List' && !d.isOptional && d.inner[0]?.name === 'ANY';
}

// Pathway's broadcast_tuples: a list stands for a tuple of its element type as long as the other tuple.
function broadcast(left: DType, right: DType): [readonly DType[], readonly DType[]] {
  if (left.name === 'List' && right.name === 'List') return [left.inner, right.inner];
  if (left.name === 'List') return [right.inner.map(() => left.inner[0]!), right.inner];
  if (right.name === 'List') return [left.inner, left.inner.map(() => right.inner[0]!)];
  return [left.inner, right.inner];
}

/**
 * Whether `left` is a subtype of `right`, as Pathway's `dtype_issubclass`: everything fits ANY, T fits
 * Optional(T), NONE fits only NONE and optionals, INT fits FLOAT (unless `intFloatCompatible` is false), BOOL does
 * not fit INT, List(ANY) fits every tuple; ANY fits nothing but ANY, and Optional(T) never fits a non-optional.
 */
export function dtypeIsSubclass(left: DType, right: DType, intFloatCompatible = true): boolean {
  const l = normalize(left);
  const r = normalize(right);
  if (r.name === 'ANY') return true;
  if (isOptional(l)) {
    return isOptional(r) ? dtypeIsSubclass(l.unoptional(), r.unoptional(), intFloatCompatible) : false;
  }
  if (l.name === 'NONE') return isOptional(r) || r.name === 'NONE';
  if (isOptional(r)) return dtypeIsSubclass(l, r.unoptional(), intFloatCompatible);
  if (isSequence(l) && isSequence(r)) {
    if (isAnyTuple(l) || isAnyTuple(r)) return true;
    const [la, ra] = broadcast(l, r);
    return la.length === ra.length && la.every((a, i) => dtypeIsSubclass(a, ra[i]!, intFloatCompatible));
  }
  if (SIMPLE.has(l.name) && SIMPLE.has(r.name)) {
    if (l.name === 'INT' && r.name === 'FLOAT') return intFloatCompatible;
    // Python's issubclass on int, bool, str, bytes, float: only equal types (bool < int is excluded explicitly).
    return l.name === r.name;
  }
  return l.equals(r);
}

/** Whether two dtypes match as Pathway's table assertions require: each a subclass of the other. */
export function dtypesMatch(a: DType, b: DType): boolean {
  return dtypeIsSubclass(a, b) && dtypeIsSubclass(b, a);
}
