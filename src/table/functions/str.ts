// The `.str` namespace (Pathway's `pw.this.x.str.*`): Python str semantics for one cell at a time.
// Indices count Unicode code points as Python does; strings without surrogate pairs take a fast path.
// Operands are non-error values; bad input throws an Error that the caller turns into an ErrorValue. Parsing
// (parseInt, parseFloat, parseBool) is in str-parse.ts.

export { repr, toString } from './str-repr.js';

const SURROGATE_RE = /[\uD800-\uDFFF]/;

/** Whether a code point is whitespace by Python's `str.isspace`. */
export function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Unit offset of each code point, plus the total length at the end (only built for astral strings). */
function cpOffsets(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    out.push(i);
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) i++;
    }
  }
  out.push(s.length);
  return out;
}

function unitToCp(offsets: number[], unit: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! < unit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Python's slice-index clamping for `find`/`count`: negative indices count from the end. */
function clampStart(start: number | null | undefined, len: number): number {
  if (start === undefined || start === null) return 0;
  if (start < 0) return Math.max(0, start + len);
  return start;
}
function clampEnd(end: number | null | undefined, len: number): number {
  if (end === undefined || end === null) return len;
  if (end < 0) return Math.max(0, end + len);
  return Math.min(end, len);
}

/** Lower-cases the string. */
export function lower(s: string): string {
  return s.toLowerCase();
}

/** Upper-cases the string. */
export function upper(s: string): string {
  return s.toUpperCase();
}

/** Number of code points (Python's `len`). */
export function len(s: string): number {
  if (!SURROGATE_RE.test(s)) return s.length;
  return cpOffsets(s).length - 1;
}

/** The string reversed by code point. */
export function reversed(s: string): string {
  if (!SURROGATE_RE.test(s)) {
    let out = '';
    for (let i = s.length - 1; i >= 0; i--) out += s[i];
    return out;
  }
  return Array.from(s).reverse().join('');
}

/** Replaces the first `count` (all when negative or omitted) occurrences of `old` with `replacement`. */
export function replace(s: string, old: string, replacement: string, count = -1): string {
  if (count === 0) return s;
  if (old === '') {
    // Python inserts the replacement before every code point and at the end.
    const chars = Array.from(s);
    let out = '';
    let done = 0;
    for (const ch of chars) {
      if (count < 0 || done < count) {
        out += replacement;
        done++;
      }
      out += ch;
    }
    if (count < 0 || done < count) out += replacement;
    return out;
  }
  if (count < 0) return s.split(old).join(replacement);
  let out = '';
  let pos = 0;
  for (let n = 0; n < count; n++) {
    const i = s.indexOf(old, pos);
    if (i < 0) break;
    out += s.slice(pos, i) + replacement;
    pos = i + old.length;
  }
  return out + s.slice(pos);
}

/** Whether the string starts with `prefix` (or any of a list of prefixes). */
export function startswith(s: string, prefix: string | readonly string[]): boolean {
  if (typeof prefix === 'string') return s.startsWith(prefix);
  return prefix.some((p) => s.startsWith(p));
}

/** Whether the string ends with `suffix` (or any of a list of suffixes). */
export function endswith(s: string, suffix: string | readonly string[]): boolean {
  if (typeof suffix === 'string') return s.endsWith(suffix);
  return suffix.some((p) => s.endsWith(p));
}

function inStripSet(c: number, chars: string | null | undefined): boolean {
  if (chars === undefined || chars === null) return isPythonSpace(c);
  return c <= 0xffff ? chars.includes(String.fromCharCode(c)) : chars.includes(String.fromCodePoint(c));
}

function stripImpl(s: string, chars: string | null | undefined, left: boolean, right: boolean): string {
  let start = 0;
  let end = s.length;
  if (left) {
    while (start < end) {
      const c = s.codePointAt(start)!;
      if (!inStripSet(c, chars)) break;
      start += c > 0xffff ? 2 : 1;
    }
  }
  if (right) {
    while (end > start) {
      const lowUnit = s.charCodeAt(end - 1);
      const pair = lowUnit >= 0xdc00 && lowUnit < 0xe000 && end - 2 >= start;
      const c = pair ? s.codePointAt(end - 2)! : lowUnit;
      const width = c > 0xffff ? 2 : 1;
      if (!inStripSet(c, chars)) break;
      end -= width;
    }
  }
  return s.slice(start, end);
}

/** Removes leading and trailing whitespace, or any of `chars` when given (Python's `strip`). */
export function strip(s: string, chars?: string | null): string {
  return stripImpl(s, chars, true, true);
}

/** Removes leading whitespace, or any of `chars` when given. */
export function lstrip(s: string, chars?: string | null): string {
  return stripImpl(s, chars, true, false);
}

/** Removes trailing whitespace, or any of `chars` when given. */
export function rstrip(s: string, chars?: string | null): string {
  return stripImpl(s, chars, false, true);
}

/** Python's `s[start:end]` over code points; negative indices count from the end. */
export function slice(s: string, start?: number | null, end?: number | null): string {
  const astral = SURROGATE_RE.test(s);
  const offsets = astral ? cpOffsets(s) : undefined;
  const n = offsets === undefined ? s.length : offsets.length - 1;
  const a = Math.min(clampStart(start, n), n);
  const b = clampEnd(end, n);
  if (a >= b) return '';
  return offsets === undefined ? s.slice(a, b) : s.slice(offsets[a], offsets[b]);
}

/** Lowest code-point index of `sub` within `s[start:end]`, or -1 (Python's `find`). */
export function find(s: string, sub: string, start?: number | null, end?: number | null): number {
  if (!SURROGATE_RE.test(s)) {
    const a = clampStart(start, s.length);
    const b = clampEnd(end, s.length);
    if (b - a < sub.length) return -1;
    const i = s.indexOf(sub, a);
    return i < 0 || i + sub.length > b ? -1 : i;
  }
  const offsets = cpOffsets(s);
  const n = offsets.length - 1;
  const a = clampStart(start, n);
  const b = clampEnd(end, n);
  if (a > n || a > b) return -1;
  const ua = offsets[a]!;
  const ub = offsets[b]!;
  if (ub - ua < sub.length) return -1;
  const i = s.indexOf(sub, ua);
  return i < 0 || i + sub.length > ub ? -1 : unitToCp(offsets, i);
}

/** Highest code-point index of `sub` within `s[start:end]`, or -1 (Python's `rfind`). */
export function rfind(s: string, sub: string, start?: number | null, end?: number | null): number {
  const astral = SURROGATE_RE.test(s);
  const offsets = astral ? cpOffsets(s) : undefined;
  const n = offsets === undefined ? s.length : offsets.length - 1;
  const a = clampStart(start, n);
  const b = clampEnd(end, n);
  if (a > n || a > b) return -1;
  const ua = offsets === undefined ? a : offsets[a]!;
  const ub = offsets === undefined ? b : offsets[b]!;
  if (ub - ua < sub.length) return -1;
  const i = s.lastIndexOf(sub, ub - sub.length);
  if (i < ua) return -1;
  return offsets === undefined ? i : unitToCp(offsets, i);
}

/** Number of non-overlapping occurrences of `sub` within `s[start:end]` (Python's `count`). */
export function count(s: string, sub: string, start?: number | null, end?: number | null): number {
  const astral = SURROGATE_RE.test(s);
  const offsets = astral ? cpOffsets(s) : undefined;
  const n = offsets === undefined ? s.length : offsets.length - 1;
  const a = clampStart(start, n);
  const b = clampEnd(end, n);
  if (a > n || a > b) return 0;
  if (sub === '') return b - a + 1;
  const ua = offsets === undefined ? a : offsets[a]!;
  const ub = offsets === undefined ? b : offsets[b]!;
  let total = 0;
  for (let i = s.indexOf(sub, ua); i >= 0 && i + sub.length <= ub; i = s.indexOf(sub, i + sub.length))
    total++;
  return total;
}

/** Unicode's Cased property (upper, lower or title case letters, and letters like U+00AA that count as lower case). */
const CASED = /\p{Cased}/u;

function isCased(ch: string): boolean {
  return CASED.test(ch);
}

/**
 * Title-case forms other than the first code point of the upper-case form followed by the rest lower-cased (that rule
 * gives 'Ss' for U+00DF and 'Fi' for the fi ligature): the DZ / LJ / NJ digraphs, U+0149, Greek vowels with
 * ypogegrammeni and a second mark, and the title-case letters themselves. Checked against Python's `str.title` over every code point.
 */
const TITLE_CASE = new Map<number, string>([
  [0x149, '\u02bcN'],
  [0x1c4, '\u01c5'],
  [0x1c5, '\u01c5'],
  [0x1c6, '\u01c5'],
  [0x1c7, '\u01c8'],
  [0x1c8, '\u01c8'],
  [0x1c9, '\u01c8'],
  [0x1ca, '\u01cb'],
  [0x1cb, '\u01cb'],
  [0x1cc, '\u01cb'],
  [0x1f1, '\u01f2'],
  [0x1f2, '\u01f2'],
  [0x1f3, '\u01f2'],
  [0x1fb2, '\u1fba\u0345'],
  [0x1fb3, '\u1fbc'],
  [0x1fbc, '\u1fbc'],
  [0x1fb4, '\u0386\u0345'],
  [0x1fb7, '\u0391\u0342\u0345'],
  [0x1fc2, '\u1fca\u0345'],
  [0x1fc3, '\u1fcc'],
  [0x1fcc, '\u1fcc'],
  [0x1fc4, '\u0389\u0345'],
  [0x1fc7, '\u0397\u0342\u0345'],
  [0x1ff2, '\u1ffa\u0345'],
  [0x1ff3, '\u1ffc'],
  [0x1ffc, '\u1ffc'],
  [0x1ff4, '\u038f\u0345'],
  [0x1ff7, '\u03a9\u0342\u0345'],
]);

/** The title case of one code point (Unicode's titlecase mapping, as Python's `str.title` applies it). */
function titleChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const mapped = TITLE_CASE.get(cp);
  if (mapped !== undefined) return mapped;
  // Greek vowels with ypogegrammeni: the title case is the capital with prosgegrammeni (bit 3 set).
  if (cp >= 0x1f80 && cp <= 0x1faf) return String.fromCharCode(cp | 8);
  // Georgian Mkhedruli letters are their own title case (their upper case is Mtavruli).
  if (cp >= 0x10d0 && cp <= 0x10ff && cp !== 0x10fb && cp !== 0x10fc) return ch;
  const up = ch.toUpperCase();
  const first = String.fromCodePoint(up.codePointAt(0)!);
  return first + up.slice(first.length).toLowerCase();
}

/** Title-cases the first letter of each run of cased letters and lower-cases the rest (Python's `title`). */
export function title(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = isCased(ch);
    out += cased ? (prevCased ? ch.toLowerCase() : titleChar(ch)) : ch;
    prevCased = cased;
  }
  return out;
}

/** Swaps upper and lower case (Python's `swapcase`). */
export function swapcase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lo = ch.toLowerCase();
    out += lo !== ch ? lo : ch.toUpperCase();
  }
  return out;
}

/** The string without `prefix` when it starts with it. */
export function removeprefix(s: string, prefix: string): string {
  return prefix !== '' && s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

/** The string without `suffix` when it ends with it. */
export function removesuffix(s: string, suffix: string): string {
  return suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

/**
 * Splits like Python's `split`: on runs of whitespace (dropping empty ends) when `sep` is omitted, else on `sep`;
 * at most `maxsplit` splits when it is non-negative.
 */
export function split(s: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let i = 0;
    const n = s.length;
    while (true) {
      while (i < n && isPythonSpace(s.charCodeAt(i))) i++;
      if (i >= n) return out;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(s.slice(i)); // Python keeps the remainder's trailing whitespace
        return out;
      }
      let j = i;
      while (j < n && !isPythonSpace(s.charCodeAt(j))) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  if (sep === '')
    throw new Error('split: empty separator; pass a non-empty sep or omit it to split on whitespace');
  const parts = s.split(sep);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  const head = parts.slice(0, maxsplit);
  head.push(parts.slice(maxsplit).join(sep));
  return head;
}
