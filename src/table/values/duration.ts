// Duration value class (Pathway's `pw.Duration`): a signed length of time stored as float milliseconds.
// Precision: exact to the microsecond for |duration| < 2^42 ms (about 139 years); nanoseconds are not kept.

import type { Hashable, Hasher128 } from '../../engine/hasher.js';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const MS_PER_WEEK = 604_800_000;
const US_PER_SECOND = 1_000_000;
const US_PER_DAY = 86_400_000_000;
const DURATION_HASH_TAG = 0xd0a7;

/** Parts accepted by `Duration.of`; every part may be fractional or negative. */
export interface DurationParts {
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  microseconds?: number;
  nanoseconds?: number;
}

// Unit words accepted by `Duration.parse`, in milliseconds.
const UNIT_MS: Record<string, number> = {
  w: MS_PER_WEEK,
  week: MS_PER_WEEK,
  weeks: MS_PER_WEEK,
  d: MS_PER_DAY,
  day: MS_PER_DAY,
  days: MS_PER_DAY,
  h: MS_PER_HOUR,
  hr: MS_PER_HOUR,
  hrs: MS_PER_HOUR,
  hour: MS_PER_HOUR,
  hours: MS_PER_HOUR,
  m: MS_PER_MINUTE,
  min: MS_PER_MINUTE,
  mins: MS_PER_MINUTE,
  minute: MS_PER_MINUTE,
  minutes: MS_PER_MINUTE,
  s: MS_PER_SECOND,
  sec: MS_PER_SECOND,
  secs: MS_PER_SECOND,
  second: MS_PER_SECOND,
  seconds: MS_PER_SECOND,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  us: 1e-3,
  µs: 1e-3,
  micro: 1e-3,
  micros: 1e-3,
  microsecond: 1e-3,
  microseconds: 1e-3,
  ns: 1e-6,
  nano: 1e-6,
  nanos: 1e-6,
  nanosecond: 1e-6,
  nanoseconds: 1e-6,
};

// pandas' legacy one-letter aliases (Pathway's _LEGACY_FREQ_ALIASES), matched case-sensitively; "H" and "S"
// already read as hours and seconds through the lower-cased table.
const LEGACY_UNIT_MS: Record<string, number> = { T: MS_PER_MINUTE, L: 1, U: 1e-3, N: 1e-6 };

const CLOCK_RE = /^(?:([+-]?\d+)\s*days?\s*,?\s*)?(?:([+-]?)(\d+):(\d\d):(\d\d)(?:\.(\d{1,9}))?)?$/i;
// A number (optional: "min" is one minute, as in pandas' offset aliases) and a unit word.
const UNITS_RE = /((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)?\s*([a-zµ]+)/giy;
const ISO_RE =
  /^([+-])?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/** Milliseconds in one unit word ("h", "min", "days", pandas' legacy "T", "L", "U", "N"), or undefined. */
function unitMs(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(UNIT_MS, lower)) return UNIT_MS[lower];
  return Object.prototype.hasOwnProperty.call(LEGACY_UNIT_MS, word) ? LEGACY_UNIT_MS[word] : undefined;
}

/** Rounds float milliseconds to whole microseconds, the unit printing and field extraction work in. */
function toMicros(ms: number): number {
  return Math.round(ms * 1000);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A signed time span (Pathway's Duration, Python's timedelta), stored as float milliseconds. */
export class Duration implements Hashable {
  /** Creates a duration of `ms` milliseconds; prefer the named constructors. */
  constructor(readonly ms: number) {}

  /** The zero-length duration. */
  static readonly ZERO = new Duration(0);

  /** A duration of `ms` milliseconds. */
  static fromMs(ms: number): Duration {
    return new Duration(ms);
  }
  /** A duration of `us` microseconds. */
  static fromMicroseconds(us: number): Duration {
    return new Duration(us / 1000);
  }
  /** A duration of `ns` nanoseconds (rounded to float milliseconds). */
  static fromNanoseconds(ns: number): Duration {
    return new Duration(ns / 1e6);
  }
  /** A duration of `s` seconds. */
  static fromSeconds(s: number): Duration {
    return new Duration(s * MS_PER_SECOND);
  }
  /** A duration of `m` minutes. */
  static fromMinutes(m: number): Duration {
    return new Duration(m * MS_PER_MINUTE);
  }
  /** A duration of `h` hours. */
  static fromHours(h: number): Duration {
    return new Duration(h * MS_PER_HOUR);
  }
  /** A duration of `d` days. */
  static fromDays(d: number): Duration {
    return new Duration(d * MS_PER_DAY);
  }
  /** A duration of `w` weeks. */
  static fromWeeks(w: number): Duration {
    return new Duration(w * MS_PER_WEEK);
  }

  /** The sum of named parts, like Python's `timedelta(days=1, hours=2)`: `Duration.of({ days: 1, hours: 2 })`. */
  static of(parts: DurationParts): Duration {
    const ms =
      (parts.weeks ?? 0) * MS_PER_WEEK +
      (parts.days ?? 0) * MS_PER_DAY +
      (parts.hours ?? 0) * MS_PER_HOUR +
      (parts.minutes ?? 0) * MS_PER_MINUTE +
      (parts.seconds ?? 0) * MS_PER_SECOND +
      (parts.milliseconds ?? 0) +
      (parts.microseconds ?? 0) / 1000 +
      (parts.nanoseconds ?? 0) / 1e6;
    return new Duration(ms);
  }

  /**
   * Parses pandas-style text ("1 day 02:03:04", "-1 days +23:59:59", "02:03:04.5"), unit text ("3h", "1h 30min",
   * "1.5 seconds", "500ms"; a bare unit is one of it: "D", "min", "s"), pandas' legacy aliases ("2H3T", "14L",
   * "S", "U", "N": T = minute, L = ms, U = µs, N = ns) or ISO 8601 ("PT1H", "-P1DT2H30M", "P2W"; years and
   * months are not supported). Nanoseconds parse but are not kept (microsecond precision).
   */
  static parse(text: string): Duration {
    const s = text.trim();
    if (s === '')
      throw new Error('cannot parse an empty string as a Duration; write e.g. "3h" or "1 day 02:00:00"');
    if (/^[+-]?P/i.test(s)) return parseIso(s, text);
    const clock = CLOCK_RE.exec(s);
    if (clock !== null && (clock[1] !== undefined || clock[3] !== undefined)) {
      const days = clock[1] === undefined ? 0 : Number(clock[1]);
      let timeMs = 0;
      if (clock[3] !== undefined) {
        const frac = clock[6] === undefined ? 0 : Number(`0.${clock[6]}`) * 1000;
        timeMs =
          Number(clock[3]) * MS_PER_HOUR + Number(clock[4]) * MS_PER_MINUTE + Number(clock[5]) * 1000 + frac;
        if (clock[2] === '-') timeMs = -timeMs;
      }
      return new Duration(days * MS_PER_DAY + timeMs);
    }
    // A leading sign applies to the whole text: "-1h 30m" is minus ninety minutes, as in pandas.
    const sign = s.startsWith('-') ? -1 : 1;
    const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1).trim() : s;
    let ms = 0;
    let pos = 0;
    UNITS_RE.lastIndex = 0;
    while (pos < body.length) {
      UNITS_RE.lastIndex = pos;
      const m = UNITS_RE.exec(body);
      const unit = m === null ? undefined : unitMs(m[2]!);
      if (m === null || unit === undefined) {
        throw new Error(
          `cannot parse "${text}" as a Duration; write e.g. "3h", "1h 30min", "1 day 02:03:04" or "PT1H"`,
        );
      }
      ms += (m[1] === undefined ? 1 : Number(m[1])) * unit;
      pos = UNITS_RE.lastIndex;
      while (pos < body.length && /[\s,]/.test(body[pos]!)) pos++;
    }
    return new Duration(sign * ms);
  }

  /** The sum of two durations. */
  plus(other: Duration): Duration {
    return new Duration(this.ms + other.ms);
  }
  /** The difference of two durations. */
  minus(other: Duration): Duration {
    return new Duration(this.ms - other.ms);
  }
  /** This duration scaled by a number. */
  times(k: number): Duration {
    return new Duration(this.ms * k);
  }
  /** This duration divided by a number. */
  dividedBy(k: number): Duration {
    if (k === 0) throw new Error('division by zero: cannot divide a Duration by 0');
    return new Duration(this.ms / k);
  }
  /** The ratio of two durations, a plain number (`Duration.fromHours(3).ratio(Duration.fromHours(1)) === 3`). */
  ratio(other: Duration): number {
    if (other.ms === 0) throw new Error('division by zero: cannot divide by a zero Duration');
    // Whole microsecond counts are exact, so their quotient is correctly rounded (as Pathway's integer nanoseconds);
    // float milliseconds are not (-935893 µs / 341112 µs). A sub-microsecond divisor falls back to milliseconds.
    const divisor = toMicros(other.ms);
    return divisor === 0 ? this.ms / other.ms : toMicros(this.ms) / divisor;
  }
  /** The opposite duration. */
  negate(): Duration {
    return new Duration(-this.ms);
  }
  /** The absolute value. */
  abs(): Duration {
    return new Duration(Math.abs(this.ms));
  }

  /** Whether both spans are equal to the microsecond. */
  equals(other: unknown): boolean {
    return other instanceof Duration && toMicros(this.ms) === toMicros(other.ms);
  }
  /** Negative, zero or positive as this span is shorter, equal or longer (to the microsecond). */
  compareTo(other: Duration): number {
    return toMicros(this.ms) - toMicros(other.ms);
  }
  /** Hashes the span rounded to whole microseconds, so values that print alike hash alike. */
  hashInto(h: Hasher128): void {
    h.word(DURATION_HASH_TAG);
    h.number(toMicros(this.ms));
  }
  /** Prints like pandas/Pathway: `0 days 01:00:00`, `-1 days +23:59:59`, `1 days 00:00:00.500000`. */
  toString(): string {
    const us = toMicros(this.ms);
    const days = Math.floor(us / US_PER_DAY);
    let rest = us - days * US_PER_DAY;
    const micro = rest % US_PER_SECOND;
    rest = (rest - micro) / US_PER_SECOND;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    const frac = micro === 0 ? '' : `.${String(micro).padStart(6, '0')}`;
    return `${days} days ${days < 0 ? '+' : ''}${pad2(hour)}:${pad2(min)}:${pad2(sec)}${frac}`;
  }
  /** Serializes as whole nanoseconds, as Pathway's JSON output does. */
  toJSON(): number {
    return toMicros(this.ms) * 1000;
  }
}

function parseIso(s: string, text: string): Duration {
  const m = ISO_RE.exec(s);
  if (m === null || /T$/i.test(s) || /^[+-]?P$/i.test(s)) {
    const datePart = s.split(/T/i)[0]!;
    if (/\d[YM]/i.test(datePart)) {
      throw new Error(
        `cannot parse "${text}" as a Duration: ISO years and months have no fixed length; use days`,
      );
    }
    throw new Error(`cannot parse "${text}" as an ISO 8601 Duration; write e.g. "PT1H30M" or "P1DT2H"`);
  }
  const num = (g: string | undefined): number => (g === undefined ? 0 : Number(g.replace(',', '.')));
  const ms =
    num(m[2]) * MS_PER_WEEK +
    num(m[3]) * MS_PER_DAY +
    num(m[4]) * MS_PER_HOUR +
    num(m[5]) * MS_PER_MINUTE +
    num(m[6]) * MS_PER_SECOND;
  return new Duration(m[1] === '-' ? -ms : ms);
}
