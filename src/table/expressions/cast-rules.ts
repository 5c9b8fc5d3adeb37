// Which casts Pathway supports: `cast(to, x)` converts among INT, FLOAT, BOOL and STR only (its engine's
// `Expression.cast` table); a cast to the dtype the value already has, to ANY, or from None is a no-op. Anything
// else is a TypeError when the graph is built (python/pathway/internals/graph_runner/expression_evaluator.py
// eval_cast), which Causeway raises as a GraphBuildError at the user's line.

import type { DType } from '../dtype.js';

const CONVERTIBLE: ReadonlySet<string> = new Set(['INT', 'FLOAT', 'BOOL', 'STR']);

function hint(from: string, to: string): string {
  if (from === 'JSON')
    return 'convert JSON with .json.asInt(), .json.asFloat(), .json.asStr() or .json.asBool()';
  if (from === 'STR' && (to === 'DATE_TIME_NAIVE' || to === 'DATE_TIME_UTC')) {
    return 'parse text with .dt.strptime(format)';
  }
  if (to === 'STR' && (from === 'DATE_TIME_NAIVE' || from === 'DATE_TIME_UTC')) {
    return 'format it with .dt.strftime(format)';
  }
  if (to === 'DURATION' && (from === 'INT' || from === 'FLOAT')) return 'use .dt.toDuration(unit)';
  return 'cast only among INT, FLOAT, BOOL and STR (or to ANY)';
}

/**
 * Why `cast(to, x)` of an `x` typed `from` is refused at build time, or undefined when it is allowed: among INT,
 * FLOAT, BOOL and STR (optional or not), to the same dtype, to ANY, or from ANY / None (checked per value).
 */
export function castRefusal(from: DType, to: DType): string | undefined {
  const f = from.unoptional();
  const t = to.unoptional();
  if (t.name === 'ANY' || f.name === 'ANY' || f.name === 'NONE' || f.name === 'ERROR') return undefined;
  if (f.equals(t) || (CONVERTIBLE.has(f.name) && CONVERTIBLE.has(t.name))) return undefined;
  return `cannot cast ${from} to ${to}: Pathway supports cast() only among INT, FLOAT, BOOL and STR; ${hint(f.name, t.name)}`;
}
