// `strftime` / `strptime` with Python's directives (C locale), compiled once per format string and cached.
// Supported: %a %A %b %B %h %c %d %e %f %H %I %j %m %M %p %S %u %U %w %W %x %X %y %Y %z %:z %Z %F %T %D %R %%,
// %G %V (strftime only), and in strptime Pathway's `.%f` (an optional fraction of any precision).

import {
  DateTimeNaive,
  DateTimeUtc,
  MS_PER_DAY,
  civilFromMs,
  daysFromCivil,
  daysInMonth,
  msFromCivil,
  msFromDaysAndMicros,
  newCivilFields,
} from '../values/date-time.js';
import type { AnyDateTime } from './dt-fields.js';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES =
  'January February March April May June July August September October November December'.split(' ');

// Composite directives expand to simple ones before compiling (C-locale meanings for %c %x %X).
const COMPOSITES: Record<string, string> = {
  F: '%Y-%m-%d',
  T: '%H:%M:%S',
  D: '%m/%d/%y',
  R: '%H:%M',
  c: '%a %b %e %H:%M:%S %Y',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
  h: '%b',
};

const SIMPLE = new Set('aAbBdefGHIjmMpSuUVwWyYzZ');
const CACHE_LIMIT = 1000;

/** A piece of a compiled format: literal text, or a directive (`Y`, `:z`, or `.` for Pathway's `.%f`). */
type Token = { lit: string } | { dir: string };

/**
 * Splits a format into literal and directive tokens, expanding composites; `%%` becomes a literal `%`.
 * With `dotFraction` (strptime), `.%f` becomes the `.` directive: Pathway's optional fraction.
 */
function tokenize(fmt: string, fn: string, dotFraction: boolean): Token[] {
  const out: Token[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit !== '') out.push({ lit });
    lit = '';
  };
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch !== '%') {
      lit += ch;
      continue;
    }
    let d = fmt[++i];
    if (d === ':' && fmt[i + 1] === 'z') {
      d = ':z';
      i++;
    }
    if (d === undefined)
      throw new Error(`${fn}: format "${fmt}" ends with a lone %; write %% for a literal %`);
    if (d === '%') {
      lit += '%';
      continue;
    }
    const composite = COMPOSITES[d];
    if (composite !== undefined) {
      flush();
      out.push(...tokenize(composite, fn, dotFraction));
      continue;
    }
    if (!SIMPLE.has(d) && d !== ':z')
      throw new Error(`${fn}: unsupported directive %${d} in format "${fmt}"`);
    // `.%f` in strptime is Pathway's (chrono's `%.f`): an optional fraction of any precision. A `.` that
    // came from `%%` is still a literal dot here, as in Pathway (`%%.%f` is `%` then the optional fraction).
    const dot = dotFraction && d === 'f' && lit.endsWith('.');
    if (dot) lit = lit.slice(0, -1);
    flush();
    out.push({ dir: dot ? '.' : d });
  }
  flush();
  return out;
}

const formatCache = new Map<string, Token[]>();

function pad(n: number, width: number, fill = '0'): string {
  const s = String(n);
  return s.length >= width ? s : fill.repeat(width - s.length) + s;
}

const fields = newCivilFields();
const isoFields = newCivilFields();

/** The ISO 8601 year and week (1-53) of an instant: those of the Thursday of its Monday-to-Sunday week. */
function isoWeek(ms: number): { year: number; week: number } {
  const weekday = civilFromMs(ms, isoFields).weekday;
  const thursday = civilFromMs(ms + (3 - weekday) * MS_PER_DAY, isoFields);
  return { year: thursday.year, week: Math.floor((thursday.dayOfYear - 1) / 7) + 1 };
}

/** Formats a date-time with Python's `strftime` directives; `%z`/`%Z` print `+0000`/`UTC` for UTC, nothing for naive. */
export function strftime(dt: AnyDateTime, fmt: string): string {
  let tokens = formatCache.get(fmt);
  if (tokens === undefined) {
    tokens = tokenize(fmt, 'strftime', false);
    if (formatCache.size >= CACHE_LIMIT) formatCache.clear();
    formatCache.set(fmt, tokens);
  }
  const f = civilFromMs(dt.ms, fields);
  const utc = dt instanceof DateTimeUtc;
  let out = '';
  for (const t of tokens) {
    if ('lit' in t) {
      out += t.lit;
      continue;
    }
    switch (t.dir) {
      case 'a':
        out += DAY_NAMES[f.weekday]!.slice(0, 3);
        break;
      case 'A':
        out += DAY_NAMES[f.weekday]!;
        break;
      case 'w':
        out += (f.weekday + 1) % 7;
        break;
      case 'u':
        out += f.weekday + 1;
        break;
      case 'd':
        out += pad(f.day, 2);
        break;
      case 'e':
        out += pad(f.day, 2, ' ');
        break;
      case 'b':
        out += MONTH_NAMES[f.month - 1]!.slice(0, 3);
        break;
      case 'B':
        out += MONTH_NAMES[f.month - 1]!;
        break;
      case 'm':
        out += pad(f.month, 2);
        break;
      case 'y':
        out += pad(((f.year % 100) + 100) % 100, 2);
        break;
      case 'Y':
        out += pad(f.year, 4);
        break;
      case 'H':
        out += pad(f.hour, 2);
        break;
      case 'I':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case 'p':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'M':
        out += pad(f.minute, 2);
        break;
      case 'S':
        out += pad(f.second, 2);
        break;
      case 'f':
        out += pad(f.microsecond, 6);
        break;
      case 'G':
        out += pad(isoWeek(dt.ms).year, 4);
        break;
      case 'V':
        out += pad(isoWeek(dt.ms).week, 2);
        break;
      case 'j':
        out += pad(f.dayOfYear, 3);
        break;
      case 'U':
        out += pad(Math.floor((f.dayOfYear - 1 + 7 - ((f.weekday + 1) % 7)) / 7), 2);
        break;
      case 'W':
        out += pad(Math.floor((f.dayOfYear - 1 + 7 - f.weekday) / 7), 2);
        break;
      case 'z':
        if (utc) out += '+0000';
        break;
      case ':z':
        if (utc) out += '+00:00';
        break;
      case 'Z':
        if (utc) out += 'UTC';
        break;
      default:
        break;
    }
  }
  return out;
}

function namesPattern(names: string[]): string {
  const all = [...names, ...names.map((n) => n.slice(0, 3))];
  return `(${all.sort((a, b) => b.length - a.length).join('|')})`;
}

// Python's _strptime patterns; every directive is one capture group.
const PATTERNS: Record<string, string> = {
  a: namesPattern(DAY_NAMES),
  A: namesPattern(DAY_NAMES),
  b: namesPattern(MONTH_NAMES),
  B: namesPattern(MONTH_NAMES),
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  e: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '(\\d{1,6})',
  // `.%f` (see `tokenize`): an optional dot and fraction of up to nine digits (nanoseconds; kept to the microsecond).
  '.': '(?:\\.(\\d{1,9}))?',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  p: '(am|pm)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  u: '([1-7])',
  U: '(5[0-3]|[0-4]\\d|\\d)',
  w: '([0-6])',
  W: '(5[0-3]|[0-4]\\d|\\d)',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '(Z|[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?)',
  // `%:z` (chrono's, Python 3.12's): an offset written with a colon, `+02:00`.
  ':z': '(Z|[+-]\\d\\d:[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,6})?)?)',
  Z: '(utc|gmt|z)',
};

interface CompiledParser {
  re: RegExp;
  directives: string[];
  hasOffset: boolean;
}

const parserCache = new Map<string, CompiledParser>();

function compileParser(fmt: string): CompiledParser {
  let source = '^';
  const directives: string[] = [];
  for (const t of tokenize(fmt, 'strptime', true)) {
    if ('dir' in t) {
      const pattern = PATTERNS[t.dir];
      if (pattern === undefined)
        throw new Error(`strptime: directive %${t.dir} is supported by strftime only (format "${fmt}")`);
      directives.push(t.dir);
      source += pattern;
    } else {
      // Like Python: regex-escape literals, and any run of whitespace matches one or more whitespace chars.
      source += t.lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    }
  }
  const hasOffset = directives.includes('z') || directives.includes(':z');
  return { re: new RegExp(source, 'i'), directives, hasOffset };
}

/** Whether a format has an offset directive (`%z` or `%:z`, not an escaped `%%z`), so strptime gives UTC. */
export function formatHasOffset(fmt: string): boolean {
  return /(?:^|[^%])(?:%%)*%:?z/.test(fmt);
}

/** Options of `strptime`. */
export interface StrptimeOptions {
  /** Return a DateTimeUtc; text without `%z` is then read as UTC. Defaults to whether the format has `%z`. */
  utc?: boolean;
}

function nameIndex(names: string[], text: string): number {
  const t = text.toLowerCase();
  return names.findIndex((n) => n.toLowerCase() === t || n.slice(0, 3).toLowerCase() === t);
}

function parseOffsetMs(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const body = text.slice(1).replace(/:/g, '');
  const secs =
    Number(body.slice(0, 2)) * 3600 +
    Number(body.slice(2, 4)) * 60 +
    Number(body.slice(4, 6) || 0) +
    Number(body.slice(6) || 0);
  return (text.startsWith('-') ? -secs : secs) * 1000;
}

/**
 * Parses text with Python's `strptime` directives. Returns a DateTimeUtc when the format has `%z` (or
 * `options.utc`), else a DateTimeNaive. Missing fields default like Python (1900-01-01 00:00:00).
 */
export function strptime(text: string, fmt: string, options?: StrptimeOptions): DateTimeNaive | DateTimeUtc {
  let parser = parserCache.get(fmt);
  if (parser === undefined) {
    parser = compileParser(fmt);
    if (parserCache.size >= CACHE_LIMIT) parserCache.clear();
    parserCache.set(fmt, parser);
  }
  const utc = options?.utc ?? parser.hasOffset;
  if (!utc && parser.hasOffset) {
    throw new Error(
      `strptime: format "${fmt}" has %z but utc: false was asked; drop %z or allow a UTC result`,
    );
  }
  const m = parser.re.exec(text);
  if (m === null) throw new Error(`strptime: time data "${text}" does not match format "${fmt}"`);
  if (m[0].length !== text.length) {
    throw new Error(`strptime: unconverted data remains: "${text.slice(m[0].length)}" (format "${fmt}")`);
  }
  let year = 1900;
  let month = 1;
  let day = 1;
  let hour = 0;
  let hour12 = -1;
  let pm: boolean | undefined;
  let minute = 0;
  let second = 0;
  let micro = 0;
  let julian = -1;
  let offsetMs = 0;
  for (let i = 0; i < parser.directives.length; i++) {
    const g = m[i + 1]!;
    switch (parser.directives[i]) {
      case 'Y':
        year = Number(g);
        break;
      case 'y': {
        const y = Number(g);
        year = y < 69 ? 2000 + y : 1900 + y; // POSIX pivot, as Python
        break;
      }
      case 'm':
        month = Number(g);
        break;
      case 'b':
      case 'B':
        month = nameIndex(MONTH_NAMES, g) + 1;
        break;
      case 'd':
      case 'e':
        day = Number(g.trim());
        break;
      case 'H':
        hour = Number(g);
        break;
      case 'I':
        hour12 = Number(g);
        break;
      case 'p':
        pm = g.toLowerCase() === 'pm';
        break;
      case 'M':
        minute = Number(g);
        break;
      case 'S':
        second = Number(g);
        break;
      case 'f':
        micro = Number(g.padEnd(6, '0'));
        break;
      case '.':
        micro = (g as string | undefined) === undefined ? 0 : Number(g.slice(0, 6).padEnd(6, '0'));
        break;
      case 'j':
        julian = Number(g);
        break;
      case 'z':
      case ':z':
        offsetMs = parseOffsetMs(g);
        break;
      default:
        break; // %a %A %w %u %U %W %Z are matched but, as in Python, do not set the date
    }
  }
  if (hour12 >= 0) hour = (hour12 % 12) + (pm === true ? 12 : 0);
  if (second > 59) throw new Error(`strptime: second must be in 0..59, got ${second} in "${text}"`);
  let wallMs: number;
  if (julian >= 0) {
    const days = daysFromCivil(year, 1, 1) + julian - 1;
    if (julian === 366 && daysInMonth(year, 2) !== 29) {
      throw new Error(`strptime: day of year 366 does not exist in ${year} ("${text}")`);
    }
    wallMs = msFromDaysAndMicros(days, ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro);
  } else {
    if (day > daysInMonth(year, month)) {
      throw new Error(
        `strptime: day is out of range for month: ${year}-${pad(month, 2)}-${pad(day, 2)} in "${text}"`,
      );
    }
    wallMs = msFromCivil(year, month, day, hour, minute, second, micro);
  }
  return utc ? new DateTimeUtc(wallMs - offsetMs) : new DateTimeNaive(wallMs);
}
