// The `.json` namespace of expressions (Pathway's JSON access: `expr["key"]`, `.get(key, default)`,
// `.as_int()` ...): call nodes over src/table/functions/json.ts. JSON null and None convert to None (or the
// default); a value of the wrong JSON type is an error value.

import {
  ANY,
  BOOL,
  FLOAT,
  INT,
  JSON as JSON_DTYPE,
  STR,
  isSubtype,
  list,
  unifyDtypes,
  type DType,
} from '../dtype.js';
import { GraphBuildError } from '../errors.js';
import { userCallSite } from '../call-site.js';
import { Expr, toExpr, type ExprLike } from '../expression.js';
import * as json from '../functions/json.js';
import { Json, type JsonValue } from '../values/json.js';
import { callNode } from './call-node.js';
import { checkedReceiver } from './receiver-check.js';
import { typeName } from './operators.js';

/** Options of the `as*` conversions. */
export interface JsonConvertOptions<T> {
  /** The value for JSON null / None (default None). */
  default?: ExprLike<T>;
  /** Make the result non-optional: JSON null / None gives the default, or an error value when that is None. */
  unwrap?: boolean;
}

/** True for an object literal (not an array, class instance, Json or expression). */
export function isPlainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A plain default value (number, string, boolean, array, object literal) as Json; expressions and Json as they are. */
export function jsonDefault<T>(v: ExprLike<T> | undefined): ExprLike<unknown> {
  if (v === undefined || v === null) return null;
  const scalar = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  return scalar || Array.isArray(v) || isPlainObject(v) ? new Json(v as JsonValue) : v;
}

function needJson(v: unknown, fn: string): Json {
  if (v instanceof Json) return v;
  throw new Error(`${fn} needs a Json value, got ${typeName(v)}`);
}

/** JSON access reachable as `expr.json.*`. */
export class JsonNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}

  /** The receiver of JSON method `method`, checked to be Json (see receiver-check.ts). */
  private value(method: string): Expr<any> {
    return checkedReceiver(this.expr, method, ['JSON'], 'parse strings into Json first');
  }

  /** The member `key` (or element `index`) as Json; JSON null when missing (Pathway's `expr["key"]`). */
  at(key: ExprLike<string | number>): Expr<Json> {
    const fn = (v: unknown, k: string | number) => json.jsonGet(needJson(v, 'json.at'), k, Json.NULL);
    return callNode('json.at', fn, JSON_DTYPE, this.value('json.at'), [key]);
  }
  /**
   * The member `key` (or element `index`) as Json, or `defaultValue` (default None) when missing; a constant
   * default such as `{ b: 42 }` or `7` is wrapped in Json, as Pathway does.
   */
  get(key: ExprLike<string | number>, defaultValue?: null): Expr<Json | null>;
  get<T>(key: ExprLike<string | number>, defaultValue: Expr<T>): Expr<Json | T>;
  get(key: ExprLike<string | number>, defaultValue: Json | JsonValue | object): Expr<Json>;
  get(key: ExprLike<string | number>, defaultValue?: unknown): Expr<unknown> {
    const d = toExpr(jsonDefault(defaultValue));
    const fn = (v: unknown, k: string | number, dflt: unknown) =>
      v === null ? dflt : json.jsonGet(needJson(v, 'json.get'), k, dflt);
    return callNode('json.get', fn, unifyDtypes(JSON_DTYPE, d.dtype), this.value('json.get'), [key, d], {
      none: 'none',
    });
  }
  /** Follows a path of keys and indices (`['a', 0, 'b']`); None when a step is missing. */
  path(keys: readonly (string | number)[]): Expr<Json | null> {
    const fn = (v: unknown) => json.jsonPath(needJson(v, 'json.path'), keys);
    return callNode('json.path', fn, JSON_DTYPE.optional(), this.value('json.path'));
  }
  /** The integer inside; a non-integer is an error value. */
  asInt<T = null>(options: JsonConvertOptions<T> = {}): Expr<number | T> {
    return this.convert('asInt', json.asInt, INT, options);
  }
  /** The number inside (ints included). */
  asFloat<T = null>(options: JsonConvertOptions<T> = {}): Expr<number | T> {
    return this.convert('asFloat', json.asFloat, FLOAT, options);
  }
  /** The string inside. */
  asStr<T = null>(options: JsonConvertOptions<T> = {}): Expr<string | T> {
    return this.convert('asStr', json.asStr, STR, options);
  }
  /** The boolean inside. */
  asBool<T = null>(options: JsonConvertOptions<T> = {}): Expr<boolean | T> {
    return this.convert('asBool', json.asBool, BOOL, options);
  }
  /** The array inside, as a list of Json. */
  asList<T = null>(options: JsonConvertOptions<T> = {}): Expr<Json[] | T> {
    return this.convert('asList', json.asList, list(JSON_DTYPE), options);
  }
  /** The object inside, as a record of Json members. */
  asDict<T = null>(options: JsonConvertOptions<T> = {}): Expr<Record<string, Json> | T> {
    return this.convert('asDict', json.asDict, ANY, options);
  }

  private convert<R>(
    name: string,
    conv: (j: Json) => unknown,
    dtype: DType,
    options: JsonConvertOptions<unknown>,
  ): Expr<R> {
    const d = toExpr(options.default ?? null);
    // A default of another type is refused, as Pathway does ("type of default ... is not compatible"); ANY (a
    // placeholder not resolved yet) and None pass.
    const dd = d.dtype.unoptional();
    const scalar = dtype === INT || dtype === FLOAT || dtype === STR || dtype === BOOL;
    if (scalar && d.dtype.name !== 'NONE' && dd.name !== 'ANY' && !isSubtype(dd, dtype)) {
      throw new GraphBuildError(
        `json.${name}(): the default is ${String(d.dtype)}, which is not ${String(dtype)}; give a default of that type`,
        userCallSite(),
      );
    }
    const unwrap = options.unwrap === true;
    const fn = (v: unknown, dflt: unknown): unknown => {
      const r = v === null ? null : conv(needJson(v, `json.${name}`));
      if (r !== null) return r;
      if (dflt !== null || !unwrap) return dflt;
      throw new Error(
        'cannot unwrap if there is None value: the value is JSON null or None and the default is None',
      );
    };
    const out = unwrap ? dtype : d.dtype.name === 'NONE' ? dtype.optional() : unifyDtypes(dtype, d.dtype);
    return callNode(`json.${name}`, fn, out, this.value(`json.${name}`), [d], { none: 'none' });
  }
}
