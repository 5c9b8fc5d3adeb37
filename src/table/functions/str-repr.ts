// Python-style printing of cell values for the `.str` namespace: `repr` of strings and bytes, and `toString` of any
// value as Pathway prints it (`None`, `True`, tuples as `(1, 'a')`).

import { formatNumber } from '../values/json.js';

function escapeChar(c: number, quote: number): string {
  if (c === 0x5c) return '\\\\';
  if (c === quote) return quote === 0x27 ? "\\'" : '\\"';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c === 0x09) return '\\t';
  if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) return `\\x${c.toString(16).padStart(2, '0')}`;
  return String.fromCodePoint(c);
}

function chooseQuote(hasSingle: boolean, hasDouble: boolean): number {
  return hasSingle && !hasDouble ? 0x22 : 0x27;
}

/** Python's `repr` of a string: `'abc'`, `"it's"`, with `\n`-style escapes. */
export function repr(s: string): string {
  const quote = chooseQuote(s.includes("'"), s.includes('"'));
  const q = String.fromCharCode(quote);
  let out = q;
  for (const ch of s) out += escapeChar(ch.codePointAt(0)!, quote);
  return out + q;
}

function bytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    if (c === 0x22) hasDouble = true;
  }
  const quote = chooseQuote(hasSingle, hasDouble);
  let out = "b'";
  if (quote === 0x22) out = 'b"';
  for (const c of b) out += c >= 0x7f ? `\\x${c.toString(16).padStart(2, '0')}` : escapeChar(c, quote);
  return out + String.fromCharCode(quote);
}

function reprValue(v: unknown): string {
  return typeof v === 'string' ? repr(v) : toString(v);
}

/**
 * Prints any cell value as Pathway does: `None`, `True`, `3`, `0.5`, strings as themselves, tuples as
 * `(1, 'a')`, bytes as `b'..'`, value classes by their `toString`. Keys are strings here; print them with
 * `keyToString` when the column type says they are pointers.
 */
export function toString(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'bigint':
      return v.toString();
    default:
      break;
  }
  if (v === null) return 'None';
  if (Array.isArray(v)) {
    if (v.length === 1) return `(${reprValue(v[0])},)`;
    return `(${v.map(reprValue).join(', ')})`;
  }
  if (v instanceof Uint8Array) return bytesRepr(v);
  return String(v);
}
