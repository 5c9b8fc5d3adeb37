// A fast path for JSON lines: scans a flat JSON object of primitives (strings without escapes, numbers, booleans,
// null) straight into values by column, without building an object. Anything else falls back to JSON.parse.
//
// Algorithm: one left-to-right pass over the line with charCodeAt. A key is matched against the column that had
// the same field position on the previous line (`startsWith`, no allocation), else looked up by name; keys not in the
// schema are skipped. The scan gives up (returns false) on escapes, control characters, nested values, or anything
// that is not valid JSON; the caller then parses the line with JSON.parse, which decides (and reports) exactly as
// before. Invariant: when `scan` returns true, `out[i]` equals `JSON.parse(line)[names[i]]` for every column.

/** Scans flat JSON objects into per-column raw values (see the file header). */
export class FlatJsonScanner {
  private readonly index = new Map<string, number>();
  /** Column of each field position, as seen on the previous line (-1: not a column). */
  private readonly order: number[] = [];
  /** False when a column name cannot be matched character for character (it would need escaping in JSON). */
  private readonly usable: boolean;

  /** A scanner for the columns `names` (in row order). */
  constructor(private readonly names: readonly string[]) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what needs escaping
    this.usable = names.every((n) => !/["\\\u0000-\u001f]/.test(n));
    names.forEach((n, i) => {
      if (!this.index.has(n)) this.index.set(n, i);
    });
  }

  /**
   * Scans `text[pos, end)` (one line, without its line break) into `out` (cleared first; one slot per column, a
   * missing key leaves undefined). Returns false when the line needs JSON.parse (then `out` is garbage).
   */
  scan(text: string, pos: number, end: number, out: unknown[]): boolean {
    if (!this.usable) return false;
    const names = this.names;
    for (let c = 0; c < out.length; c++) out[c] = undefined;
    let i = skipWs(text, pos, end);
    if (i >= end || text.charCodeAt(i) !== 123) return false; // {
    i = skipWs(text, i + 1, end);
    if (i < end && text.charCodeAt(i) === 125) return skipWs(text, i + 1, end) === end; // {}
    for (let field = 0; ; field++) {
      if (i >= end || text.charCodeAt(i) !== 34) return false; // "
      const ks = i + 1;
      let col = -1;
      const guess = this.order[field];
      if (guess !== undefined && guess >= 0) {
        const name = names[guess]!;
        if (text.startsWith(name, ks) && text.charCodeAt(ks + name.length) === 34) {
          col = guess;
          i = ks + name.length + 1;
        }
      }
      if (col < 0) {
        const ke = stringEnd(text, ks, end);
        if (ke < 0) return false;
        col = this.index.get(text.slice(ks, ke)) ?? -1;
        if (field < 64) this.order[field] = col;
        i = ke + 1;
      }
      i = skipWs(text, i, end);
      if (i >= end || text.charCodeAt(i) !== 58) return false; // :
      i = skipWs(text, i + 1, end);
      if (i >= end) return false;
      const c = text.charCodeAt(i);
      let value: unknown;
      if (c === 34) {
        const se = stringEnd(text, i + 1, end);
        if (se < 0) return false;
        value = text.slice(i + 1, se);
        i = se + 1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        const ne = numberEnd(text, i, end);
        if (ne < 0) return false;
        value = numberValue(text, i, ne);
        i = ne;
      } else if (c === 116 && text.startsWith('true', i)) {
        value = true;
        i += 4;
      } else if (c === 102 && text.startsWith('false', i)) {
        value = false;
        i += 5;
      } else if (c === 110 && text.startsWith('null', i)) {
        value = null;
        i += 4;
      } else return false; // nested value, or not JSON
      if (col >= 0) out[col] = value;
      i = skipWs(text, i, end);
      if (i >= end) return false;
      const sep = text.charCodeAt(i);
      if (sep === 125) return skipWs(text, i + 1, end) === end; // }
      if (sep !== 44) return false; // ,
      i = skipWs(text, i + 1, end);
    }
  }
}

/** Index after JSON whitespace (space, tab, line feed, carriage return) from `i`. */
function skipWs(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

/** Index of the closing quote of a string starting at `i` (after its opening quote); -1 on an escape, a control
 * character or no closing quote (JSON.parse decides those). */
function stringEnd(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92 || c < 32) return -1;
  }
  return -1;
}

/** End of a JSON number starting at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1 when malformed. */
function numberEnd(text: string, i: number, end: number): number {
  if (text.charCodeAt(i) === 45) i++;
  if (i >= end) return -1;
  let c = text.charCodeAt(i);
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  } else return -1;
  if (i < end && text.charCodeAt(i) === 46) {
    i++;
    const from = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === from) return -1;
  }
  if (i < end) {
    c = text.charCodeAt(i);
    if (c === 101 || c === 69) {
      i++;
      if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
      const from = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === from) return -1;
    }
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The value of the valid JSON number `text[i, e)`: short integers are summed exactly, the rest go to Number(). */
function numberValue(text: string, i: number, e: number): number {
  const neg = text.charCodeAt(i) === 45;
  const from = neg ? i + 1 : i;
  if (e - from <= 15) {
    let v = 0;
    let k = from;
    for (; k < e; k++) {
      const c = text.charCodeAt(k);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (k === e) return neg ? -v : v;
  }
  return Number(text.slice(i, e));
}
