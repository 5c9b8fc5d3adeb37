// DateTimeNaive and DateTimeUtc value classes (epoch milliseconds as floats) and the proleptic Gregorian
// calendar arithmetic they share. Precision: exact to the microsecond for |t| < 2^42 ms (years 1830-2109),
// to about a microsecond within ±285 years of 1970, coarser beyond; nanoseconds are not kept.

import type { Hashable, Hasher128 } from '../../engine/hasher.js';
import { Duration } from './duration.js';

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;
/** Microseconds in a day. */
export const US_PER_DAY = 86_400_000_000;

const NAIVE_HASH_TAG = 0xd7e1;
const UTC_HASH_TAG = 0xd7e2;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Broken-down calendar fields of an instant; `weekday` is Monday=0, `dayOfYear` starts at 1. */
export interface CivilFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  weekday: number;
  dayOfYear: number;
}

/** A fresh fields object, for callers that keep one as scratch space (avoids an allocation per cell). */
export function newCivilFields(): CivilFields {
  return {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    microsecond: 0,
    weekday: 3,
    dayOfYear: 1,
  };
}

/**
 * Splits epoch milliseconds into calendar fields, writing into `out`.
 * Splitting off whole days first keeps the sub-day part exact (see the precision note at the top).
 */
export function civilFromMs(ms: number, out: CivilFields = newCivilFields()): CivilFields {
  let days = Math.floor(ms / MS_PER_DAY);
  let usInDay = Math.round((ms - days * MS_PER_DAY) * 1000);
  if (usInDay >= US_PER_DAY) {
    days += 1;
    usInDay -= US_PER_DAY;
  }
  // Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out.year = year;
  out.month = month;
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.microsecond = usInDay % 1_000_000;
  let secs = (usInDay - out.microsecond) / 1_000_000;
  out.second = secs % 60;
  secs = (secs - out.second) / 60;
  out.minute = secs % 60;
  out.hour = (secs - out.minute) / 60;
  out.weekday = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  out.dayOfYear = days - daysFromCivil(year, 1, 1) + 1;
  return out;
}

/** Epoch milliseconds of a day number plus microseconds within it; the one place instants are assembled. */
export function msFromDaysAndMicros(days: number, usInDay: number): number {
  return days * MS_PER_DAY + usInDay / 1000;
}

/** Epoch milliseconds of calendar fields (no validation; out-of-range fields roll over). */
export function msFromCivil(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  microsecond = 0,
): number {
  const days = daysFromCivil(year, month, day);
  return msFromDaysAndMicros(days, ((hour * 60 + minute) * 60 + second) * 1_000_000 + microsecond);
}

/** Calendar parts accepted by `DateTimeNaive.of` / `DateTimeUtc.of`; month and day start at 1. */
export interface DateTimeParts {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  microsecond?: number;
}

function check(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new Error(`${name} must be an integer in ${lo}..${hi}, got ${v}`);
}

/** Checks parts like Python's `datetime(...)` constructor does and returns epoch milliseconds. */
export function msFromParts(p: DateTimeParts): number {
  const month = p.month ?? 1;
  const day = p.day ?? 1;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  const micro = (p.millisecond ?? 0) * 1000 + (p.microsecond ?? 0);
  check('year', p.year, 1, 9999);
  check('month', month, 1, 12);
  check('day', day, 1, daysInMonth(p.year, month));
  check('hour', hour, 0, 23);
  check('minute', minute, 0, 59);
  check('second', second, 0, 59);
  check('microsecond', micro, 0, 999_999);
  return msFromCivil(p.year, month, day, hour, minute, second, micro);
}

const ISO_RE =
  /^\s*([+-]?\d{4,6})-(\d\d)-(\d\d)(?:[T ](\d\d)(?::(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?)?\s*(Z|UTC|[+-]\d\d(?::?\d\d(?::?\d\d)?)?)?\s*$/i;

/** Parsed ISO text: epoch ms of the wall-clock fields and the offset in ms (undefined when absent). */
function parseIso(text: string, kind: string): { wallMs: number; offsetMs: number | undefined } {
  const m = ISO_RE.exec(text);
  if (m === null) {
    throw new Error(
      `cannot parse "${text}" as a ${kind}; write ISO 8601 like "2023-05-15T10:13:00" or "2023-05-15 10:13:00.5"`,
    );
  }
  const frac = m[7] === undefined ? 0 : Math.round(Number(`0.${m[7]}`) * 1e6);
  const wallMs = msFromParts({
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    microsecond: Math.min(frac, 999_999),
  });
  const tz = m[8];
  if (tz === undefined) return { wallMs, offsetMs: undefined };
  if (/^(Z|UTC)$/i.test(tz)) return { wallMs, offsetMs: 0 };
  const digits = tz.slice(1).replace(/:/g, '');
  const secs =
    Number(digits.slice(0, 2)) * 3600 +
    Number(digits.slice(2, 4) || 0) * 60 +
    Number(digits.slice(4, 6) || 0);
  return { wallMs, offsetMs: (tz.startsWith('-') ? -secs : secs) * 1000 };
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

const scratch = newCivilFields();

/** Python's `str(datetime)` without offset: `2023-05-15 10:13:00` or `2023-05-15 10:13:00.123000`. */
export function formatWallClock(ms: number, sep = ' ', alwaysFraction = false, fractionDigits = 6): string {
  const f = civilFromMs(ms, scratch);
  let s = `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}${sep}${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
  if (f.microsecond !== 0 || alwaysFraction) s += `.${pad(f.microsecond, 6).padEnd(fractionDigits, '0')}`;
  return s;
}

/** A date and time without a time zone (Pathway's DateTimeNaive, Python's naive datetime). */
export class DateTimeNaive implements Hashable {
  /** Creates a naive date-time from milliseconds since 1970-01-01 00:00 on the same wall clock. */
  constructor(readonly ms: number) {}

  /** A naive date-time from milliseconds since the (wall-clock) epoch. */
  static fromMs(ms: number): DateTimeNaive {
    return new DateTimeNaive(ms);
  }
  /** A naive date-time from whole microseconds since the (wall-clock) epoch. */
  static fromMicroseconds(us: number): DateTimeNaive {
    const days = Math.floor(us / US_PER_DAY);
    return new DateTimeNaive(msFromDaysAndMicros(days, us - days * US_PER_DAY));
  }
  /** A naive date-time from calendar parts, validated like Python's `datetime(...)`. */
  static of(parts: DateTimeParts): DateTimeNaive {
    return new DateTimeNaive(msFromParts(parts));
  }
  /** Parses ISO 8601 text without an offset: "2023-05-15", "2023-05-15T10:13:00", "2023-05-15 10:13:00.123456". */
  static parse(text: string): DateTimeNaive {
    const { wallMs, offsetMs } = parseIso(text, 'DateTimeNaive');
    if (offsetMs !== undefined) {
      throw new Error(`"${text}" has a time zone offset; parse it with DateTimeUtc.parse or drop the offset`);
    }
    return new DateTimeNaive(wallMs);
  }

  /** This date-time shifted by a duration. */
  plus(d: Duration): DateTimeNaive {
    return new DateTimeNaive(this.ms + d.ms);
  }
  /** This date-time shifted back by a duration. */
  minus(d: Duration): DateTimeNaive {
    return new DateTimeNaive(this.ms - d.ms);
  }
  /** The duration from `other` to this date-time. */
  since(other: DateTimeNaive): Duration {
    return new Duration(this.ms - other.ms);
  }
  /** Whether both are naive date-times equal to the microsecond. */
  equals(other: unknown): boolean {
    return other instanceof DateTimeNaive && Math.round(this.ms * 1000) === Math.round(other.ms * 1000);
  }
  /** Negative, zero or positive as this is earlier than, equal to or later than `other`. */
  compareTo(other: DateTimeNaive): number {
    return Math.round(this.ms * 1000) - Math.round(other.ms * 1000);
  }
  /** Hashes the instant rounded to whole microseconds. */
  hashInto(h: Hasher128): void {
    h.word(NAIVE_HASH_TAG);
    h.number(Math.round(this.ms * 1000));
  }
  /** Prints like Python/Pathway: `2023-05-15 10:13:00`. */
  toString(): string {
    return formatWallClock(this.ms);
  }
  /** Serializes as Pathway's JSON output does: `2023-05-15T10:13:00.000000000`. */
  toJSON(): string {
    return formatWallClock(this.ms, 'T', true, 9);
  }
}

/** An instant in time, printed in UTC (Pathway's DateTimeUtc, Python's aware datetime). */
export class DateTimeUtc implements Hashable {
  /** Creates an instant from milliseconds since the Unix epoch. */
  constructor(readonly ms: number) {}

  /** An instant from milliseconds since the Unix epoch. */
  static fromMs(ms: number): DateTimeUtc {
    return new DateTimeUtc(ms);
  }
  /** An instant from whole microseconds since the Unix epoch. */
  static fromMicroseconds(us: number): DateTimeUtc {
    const days = Math.floor(us / US_PER_DAY);
    return new DateTimeUtc(msFromDaysAndMicros(days, us - days * US_PER_DAY));
  }
  /** An instant from calendar parts read in UTC. */
  static of(parts: DateTimeParts): DateTimeUtc {
    return new DateTimeUtc(msFromParts(parts));
  }
  /** An instant from a JS Date. */
  static fromDate(date: Date): DateTimeUtc {
    return new DateTimeUtc(date.getTime());
  }
  /**
   * Parses ISO 8601 text with an offset ("2023-05-15T10:13:00Z", "2023-05-15 12:13:00+02:00", "...+0200");
   * text without an offset is read as UTC.
   */
  static parse(text: string): DateTimeUtc {
    const { wallMs, offsetMs } = parseIso(text, 'DateTimeUtc');
    return new DateTimeUtc(wallMs - (offsetMs ?? 0));
  }

  /** This instant shifted by a duration. */
  plus(d: Duration): DateTimeUtc {
    return new DateTimeUtc(this.ms + d.ms);
  }
  /** This instant shifted back by a duration. */
  minus(d: Duration): DateTimeUtc {
    return new DateTimeUtc(this.ms - d.ms);
  }
  /** The duration from `other` to this instant. */
  since(other: DateTimeUtc): Duration {
    return new Duration(this.ms - other.ms);
  }
  /** This instant as a JS Date (millisecond precision). */
  toDate(): Date {
    return new Date(this.ms);
  }
  /** Whether both are UTC instants equal to the microsecond. */
  equals(other: unknown): boolean {
    return other instanceof DateTimeUtc && Math.round(this.ms * 1000) === Math.round(other.ms * 1000);
  }
  /** Negative, zero or positive as this is earlier than, equal to or later than `other`. */
  compareTo(other: DateTimeUtc): number {
    return Math.round(this.ms * 1000) - Math.round(other.ms * 1000);
  }
  /** Hashes the instant rounded to whole microseconds. */
  hashInto(h: Hasher128): void {
    h.word(UTC_HASH_TAG);
    h.number(Math.round(this.ms * 1000));
  }
  /** Prints like Python/Pathway: `2023-05-15 10:13:00+00:00`. */
  toString(): string {
    return `${formatWallClock(this.ms)}+00:00`;
  }
  /** Serializes as Pathway's JSON output does: `2023-05-15T10:13:00.000000000+0000`. */
  toJSON(): string {
    return `${formatWallClock(this.ms, 'T', true, 9)}+0000`;
  }
}
