// Parsing text to numbers and booleans for the `.str` namespace (`parseInt`, `parseFloat`, `parseBool`): Python's
// `int(s)` / `float(s)` syntax and Pathway's boolean words. Bad input throws an Error the caller turns into an
// ErrorValue.

import { strip } from './str.js';
import { repr } from './str-repr.js';

const INT_RE = /^[+-]?\d(?:_?\d)*$/;
const FLOAT_RE =
  /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/i;

/** Parses an integer like Python's `int(s)` (whitespace, sign and `_` separators allowed). */
export function parseInt(s: string): number {
  const t = strip(s);
  if (!INT_RE.test(t)) throw new Error(`invalid literal for int() with base 10: ${repr(s)}`);
  const n = Number(t.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) {
    throw new Error(`int() of ${repr(s)} is outside the exact integer range (±2^53-1); parse it as a float`);
  }
  return n === 0 ? 0 : n;
}

/** Parses a float like Python's `float(s)` (accepts `inf`, `-infinity`, `nan`, `1_000.5`, `1e-3`). */
export function parseFloat(s: string): number {
  const t = strip(s);
  if (!FLOAT_RE.test(t)) throw new Error(`could not convert string to float: ${repr(s)}`);
  const body = t.replace(/^[+-]/, '').toLowerCase();
  const negative = t.startsWith('-');
  if (body.startsWith('inf')) return negative ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  return Number(t.replace(/_/g, ''));
}

const TRUE_WORDS = new Set(['on', 'true', 'yes', '1']); // Pathway's default_true_values
const FALSE_WORDS = new Set(['off', 'false', 'no', '0']); // Pathway's default_false_values

/** Word lists for `parseBool`; compared case-insensitively. */
export interface ParseBoolOptions {
  trueValues?: readonly string[];
  falseValues?: readonly string[];
}

function inWords(word: string, list: readonly string[]): boolean {
  for (const w of list) if (w.toLowerCase() === word) return true;
  return false;
}

/** Parses a boolean from Pathway's word lists (true: on/true/yes/1, false: off/false/no/0), ignoring case. */
export function parseBool(s: string, options?: ParseBoolOptions): boolean {
  const word = strip(s).toLowerCase();
  const isTrue = options?.trueValues ? inWords(word, options.trueValues) : TRUE_WORDS.has(word);
  if (isTrue) return true;
  const isFalse = options?.falseValues ? inWords(word, options.falseValues) : FALSE_WORDS.has(word);
  if (isFalse) return false;
  const t = (options?.trueValues ?? [...TRUE_WORDS]).join(', ');
  const f = (options?.falseValues ?? [...FALSE_WORDS]).join(', ');
  throw new Error(`cannot parse ${repr(s)} as a bool; expected one of [${t}] or [${f}] (any case)`);
}
