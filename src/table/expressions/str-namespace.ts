// The `.str` namespace of expressions (Pathway's `expr.str`): call nodes over the Python-semantics string
// library (src/table/functions/str.ts). Arguments may be expressions or constants; None receivers give None.

import { BOOL, FLOAT, INT, STR, list } from '../dtype.js';
import type { Expr, ExprLike } from '../expression.js';
import * as str from '../functions/str.js';
import * as strParse from '../functions/str-parse.js';
import { strftime } from '../functions/dt-format.js';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { callNode } from './call-node.js';
import { checkedReceiver } from './receiver-check.js';

/** Options of `parseInt` / `parseFloat`. */
export interface ParseOptions {
  /** Return None instead of an error value when the text does not parse (the result type is then optional). */
  optional?: boolean;
}

/** Options of `parseBool`. */
export interface ParseBoolOptions extends ParseOptions {
  /** Words read as true (case-insensitive); default on, true, yes, 1 (Pathway's default_true_values). */
  trueValues?: readonly string[];
  /** Words read as false (case-insensitive); default off, false, no, 0 (Pathway's default_false_values). */
  falseValues?: readonly string[];
}

function orNone<T>(parse: (s: string) => T): (s: string) => T | null {
  return (s) => {
    try {
      return parse(s);
    } catch {
      return null;
    }
  };
}

/** A value as Pathway's `to_string` prints it: date-times in the engine's ISO form with nine fraction digits. */
function valueToString(x: unknown): string {
  if (x instanceof DateTimeNaive) return `${strftime(x, '%Y-%m-%dT%H:%M:%S.%f')}000`;
  if (x instanceof DateTimeUtc) return `${strftime(x, '%Y-%m-%dT%H:%M:%S.%f')}000+0000`;
  return str.toString(x);
}

function floatToString(x: unknown): string {
  return typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : str.toString(x);
}

/** String functions reachable as `expr.str.*`. */
export class StrNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}

  /** The receiver of string method `method`, checked to be a string (see receiver-check.ts). */
  private text(method: string): Expr<any> {
    return checkedReceiver(this.expr, method, ['STR'], 'convert other values with .str.toString() first');
  }

  /** Lower-case. */
  lower(): Expr<string> {
    return callNode('str.lower', str.lower, STR, this.text('str.lower'));
  }
  /** Upper-case. */
  upper(): Expr<string> {
    return callNode('str.upper', str.upper, STR, this.text('str.upper'));
  }
  /** Length in characters (Unicode code points, as Python's `len`). */
  len(): Expr<number> {
    return callNode('str.len', str.len, INT, this.text('str.len'));
  }
  /** The string reversed. */
  reversed(): Expr<string> {
    return callNode('str.reversed', str.reversed, STR, this.text('str.reversed'));
  }
  /** Replaces occurrences of `old` with `replacement`; at most `count` of them when given (Python's `replace`). */
  replace(old: ExprLike<string>, replacement: ExprLike<string>, count?: ExprLike<number>): Expr<string> {
    return callNode('str.replace', str.replace, STR, this.text('str.replace'), [old, replacement, count]);
  }
  /** Whether the string starts with `prefix`. */
  startswith(prefix: ExprLike<string>): Expr<boolean> {
    return callNode('str.startswith', str.startswith, BOOL, this.text('str.startswith'), [prefix]);
  }
  /** Whether the string ends with `suffix`. */
  endswith(suffix: ExprLike<string>): Expr<boolean> {
    return callNode('str.endswith', str.endswith, BOOL, this.text('str.endswith'), [suffix]);
  }
  /** Removes leading and trailing whitespace, or the characters of `chars` when given. */
  strip(chars?: ExprLike<string | null>): Expr<string> {
    return callNode('str.strip', str.strip, STR, this.text('str.strip'), [chars], { none: 'receiver' });
  }
  /** Removes leading whitespace (or `chars`). */
  lstrip(chars?: ExprLike<string | null>): Expr<string> {
    return callNode('str.lstrip', str.lstrip, STR, this.text('str.lstrip'), [chars], { none: 'receiver' });
  }
  /** Removes trailing whitespace (or `chars`). */
  rstrip(chars?: ExprLike<string | null>): Expr<string> {
    return callNode('str.rstrip', str.rstrip, STR, this.text('str.rstrip'), [chars], { none: 'receiver' });
  }
  /** Python's `s[start:end]`; negative indices count from the end, None means the start/end of the string. */
  slice(start?: ExprLike<number | null>, end?: ExprLike<number | null>): Expr<string> {
    return callNode('str.slice', str.slice, STR, this.text('str.slice'), [start, end], { none: 'receiver' });
  }
  /** Lowest index of `sub` in `s[start:end]`, or -1. */
  find(sub: ExprLike<string>, start?: ExprLike<number | null>, end?: ExprLike<number | null>): Expr<number> {
    return callNode('str.find', str.find, INT, this.text('str.find'), [sub, start, end], {
      none: 'receiver',
    });
  }
  /** Highest index of `sub` in `s[start:end]`, or -1. */
  rfind(sub: ExprLike<string>, start?: ExprLike<number | null>, end?: ExprLike<number | null>): Expr<number> {
    return callNode('str.rfind', str.rfind, INT, this.text('str.rfind'), [sub, start, end], {
      none: 'receiver',
    });
  }
  /** Number of non-overlapping occurrences of `sub` in `s[start:end]`. */
  count(sub: ExprLike<string>, start?: ExprLike<number | null>, end?: ExprLike<number | null>): Expr<number> {
    return callNode('str.count', str.count, INT, this.text('str.count'), [sub, start, end], {
      none: 'receiver',
    });
  }
  /** Title case (Python's `title`). */
  title(): Expr<string> {
    return callNode('str.title', str.title, STR, this.text('str.title'));
  }
  /** Swaps upper and lower case. */
  swapcase(): Expr<string> {
    return callNode('str.swapcase', str.swapcase, STR, this.text('str.swapcase'));
  }
  /** The string without `prefix` when it starts with it. */
  removeprefix(prefix: ExprLike<string>): Expr<string> {
    return callNode('str.removeprefix', str.removeprefix, STR, this.text('str.removeprefix'), [prefix]);
  }
  /** The string without `suffix` when it ends with it. */
  removesuffix(suffix: ExprLike<string>): Expr<string> {
    return callNode('str.removesuffix', str.removesuffix, STR, this.text('str.removesuffix'), [suffix]);
  }
  /** Splits on `sep` (on runs of whitespace when omitted), at most `maxsplit` times when given; a list of strings. */
  split(sep?: ExprLike<string | null>, maxsplit?: ExprLike<number | null>): Expr<string[]> {
    return callNode('str.split', str.split, list(STR), this.text('str.split'), [sep, maxsplit], {
      none: 'receiver',
    });
  }
  /** Parses an integer; an unparsable string is an error value (None with `{ optional: true }`). */
  parseInt(options: ParseOptions = {}): Expr<number> {
    const d = options.optional ? INT.optional() : INT;
    return callNode(
      'str.parseInt',
      options.optional ? orNone(strParse.parseInt) : strParse.parseInt,
      d,
      this.text('str.parseInt'),
    );
  }
  /** Parses a float (`inf`, `nan`, `1e-3` accepted); an unparsable string is an error value (or None). */
  parseFloat(options: ParseOptions = {}): Expr<number> {
    const d = options.optional ? FLOAT.optional() : FLOAT;
    return callNode(
      'str.parseFloat',
      options.optional ? orNone(strParse.parseFloat) : strParse.parseFloat,
      d,
      this.text('str.parseFloat'),
    );
  }
  /** Parses a boolean from word lists (case-insensitive); other words are an error value (or None). */
  parseBool(options: ParseBoolOptions = {}): Expr<boolean> {
    const words = { trueValues: options.trueValues, falseValues: options.falseValues };
    const parse = (s: string): boolean => strParse.parseBool(s, words);
    const d = options.optional ? BOOL.optional() : BOOL;
    return callNode('str.parseBool', options.optional ? orNone(parse) : parse, d, this.text('str.parseBool'));
  }
  /**
   * Any value printed as a string, as Pathway's `to_string` prints it (`None`, `True`, `(1, 'a')`; date-times as
   * `2019-12-31T23:49:59.000100000`, UTC ones with `+0000`).
   */
  toString(): Expr<string> {
    // JS cannot tell 2.0 from 2; the receiver's dtype can, and Python prints a FLOAT 2.0 as "2.0".
    const fn = this.expr.dtype.unoptional().name === 'FLOAT' ? floatToString : valueToString;
    return callNode('str.toString', fn, STR, this.expr, [], { none: 'none' });
  }
}
