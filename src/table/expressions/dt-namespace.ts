// The `.dt` namespace of expressions (Pathway's `expr.dt`): call nodes over the date-time library
// (src/table/functions/dt*.ts): calendar fields, strftime/strptime, time zones, rounding, timestamps,
// date-time ± duration, and Duration totals (`days()`, `hours()`, ...). Durations may be given as text ("15m").

import { ANY, DATE_TIME_NAIVE, DATE_TIME_UTC, DURATION, FLOAT, INT, STR, type DType } from '../dtype.js';
import { Expr, type ExprLike } from '../expression.js';
import * as dt from '../functions/dt.js';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import { callNode } from './call-node.js';
import { checkedReceiver } from './receiver-check.js';
import { typeName } from './operators.js';

type AnyDateTime = DateTimeNaive | DateTimeUtc;

/** A duration argument: a Duration, text such as "15m" or "1 day", or an expression computing a Duration. */
export type DurationLike = ExprLike<Duration> | string;

function asDuration(d: DurationLike): ExprLike<Duration> {
  return typeof d === 'string' ? Duration.parse(d) : d;
}

function dateTime(v: unknown, fn: string): AnyDateTime {
  if (v instanceof DateTimeNaive || v instanceof DateTimeUtc) return v;
  throw new Error(
    `${fn} needs a DateTimeNaive or DateTimeUtc, got ${typeName(v)}; parse strings with .dt.strptime(format)`,
  );
}
function naive(v: unknown, fn: string): DateTimeNaive {
  if (v instanceof DateTimeNaive) return v;
  throw new Error(
    `${fn} needs a DateTimeNaive, got ${typeName(v)}${v instanceof DateTimeUtc ? '; use .dt.toNaiveInTimezone(tz) first' : ''}`,
  );
}
function utc(v: unknown, fn: string): DateTimeUtc {
  if (v instanceof DateTimeUtc) return v;
  throw new Error(
    `${fn} needs a DateTimeUtc, got ${typeName(v)}${v instanceof DateTimeNaive ? '; use .dt.toUtc(tz) first' : ''}`,
  );
}
function needDuration(v: unknown, fn: string): Duration {
  if (v instanceof Duration) return v;
  throw new Error(`${fn} needs a Duration, got ${typeName(v)}`);
}

/** Wraps a date-time field getter with an operand check (a wrong type is an error value, not garbage). */
function field(name: string, get: (d: AnyDateTime) => number): (v: unknown) => number {
  return (v) => get(dateTime(v, `dt.${name}`));
}
/** Wraps a Duration total with an operand check. */
function total(name: string, get: (d: Duration) => number): (v: unknown) => number {
  return (v) => get(needDuration(v, `dt.${name}`));
}

const FIELDS = {
  year: field('year', dt.year),
  month: field('month', dt.month),
  day: field('day', dt.day),
  hour: field('hour', dt.hour),
  minute: field('minute', dt.minute),
  second: field('second', dt.second),
  millisecond: field('millisecond', dt.millisecond),
  microsecond: field('microsecond', dt.microsecond),
  nanosecond: field('nanosecond', dt.nanosecond),
  weekday: field('weekday', dt.weekday),
  dayOfYear: field('dayOfYear', dt.dayOfYear),
};
const TOTALS = {
  weeks: total('weeks', dt.weeks),
  days: total('days', dt.days),
  hours: total('hours', dt.hours),
  minutes: total('minutes', dt.minutes),
  seconds: total('seconds', dt.seconds),
  milliseconds: total('milliseconds', dt.milliseconds),
  microseconds: total('microseconds', dt.microseconds),
  nanoseconds: total('nanoseconds', dt.nanoseconds),
};

function toDuration(n: unknown, unit: string): Duration {
  if (typeof n !== 'number') throw new Error(`dt.toDuration needs a number, got ${typeName(n)}`);
  return dt.toDuration(n, unit);
}

/** Date-time and duration functions reachable as `expr.dt.*`. */
/** What to write instead when a method taking `dtypes` refuses a receiver of dtype `name` (or nothing). */
function refusalHint(name: string, dtypes: readonly string[]): string {
  if (name === 'STR') return 'parse strings with .dt.strptime(format)';
  if (name === 'DATE_TIME_UTC' && dtypes.includes('DATE_TIME_NAIVE'))
    return 'a UTC date-time gives its wall-clock time with .dt.toNaiveInTimezone(timezone)';
  if (name === 'DATE_TIME_NAIVE' && dtypes.includes('DATE_TIME_UTC'))
    return 'a naive date-time gives its UTC instant with .dt.toUtc(timezone)';
  return '';
}

/** The date-time dtypes. */
const DATE_TIMES = ['DATE_TIME_NAIVE', 'DATE_TIME_UTC'] as const;
/** The number dtypes (timestamps and counts of units). */
const NUMBERS = ['INT', 'FLOAT'] as const;

export class DtNamespace {
  /** Wraps the expression the functions apply to. */
  constructor(readonly expr: Expr<any>) {}

  /** The receiver's date-time dtype when known (naive or UTC), else ANY. */
  private kind(): DType {
    const n = this.expr.dtype.unoptional().name;
    return n === 'DATE_TIME_NAIVE' ? DATE_TIME_NAIVE : n === 'DATE_TIME_UTC' ? DATE_TIME_UTC : ANY;
  }
  /** The receiver of method `method`, checked to be of one of `dtypes` (see receiver-check.ts). */
  private of(method: string, dtypes: readonly string[]): Expr<any> {
    return checkedReceiver(this.expr, method, dtypes, refusalHint(this.expr.dtype.unoptional().name, dtypes));
  }
  private field(name: keyof typeof FIELDS): Expr<number> {
    return callNode(`dt.${name}`, FIELDS[name], INT, this.of(`dt.${name}`, DATE_TIMES));
  }
  private total(name: keyof typeof TOTALS): Expr<number> {
    return callNode(`dt.${name}`, TOTALS[name], INT, this.of(`dt.${name}`, ['DURATION']));
  }

  /** Calendar year (UTC date-times are read in UTC). */
  year(): Expr<number> {
    return this.field('year');
  }
  /** Month, 1-12. */
  month(): Expr<number> {
    return this.field('month');
  }
  /** Day of the month, 1-31. */
  day(): Expr<number> {
    return this.field('day');
  }
  /** Hour, 0-23. */
  hour(): Expr<number> {
    return this.field('hour');
  }
  /** Minute, 0-59. */
  minute(): Expr<number> {
    return this.field('minute');
  }
  /** Second, 0-59. */
  second(): Expr<number> {
    return this.field('second');
  }
  /** Milliseconds within the second. */
  millisecond(): Expr<number> {
    return this.field('millisecond');
  }
  /** Microseconds within the second. */
  microsecond(): Expr<number> {
    return this.field('microsecond');
  }
  /** Nanoseconds within the second (microsecond precision). */
  nanosecond(): Expr<number> {
    return this.field('nanosecond');
  }
  /** Day of the week, Monday = 0 ... Sunday = 6. */
  weekday(): Expr<number> {
    return this.field('weekday');
  }
  /** Day of the year, 1-366. */
  dayOfYear(): Expr<number> {
    return this.field('dayOfYear');
  }

  /** Formats with Python's strftime directives (`"%Y-%m-%d %H:%M:%S"`). */
  strftime(fmt: ExprLike<string>): Expr<string> {
    return callNode(
      'dt.strftime',
      (v: unknown, f: string) => dt.strftime(dateTime(v, 'dt.strftime'), f),
      STR,
      this.of('dt.strftime', DATE_TIMES),
      [fmt],
    );
  }
  /**
   * Parses text with Python's strptime directives: a DateTimeUtc when the format has `%z` (or `utc` is true),
   * else a DateTimeNaive. A string that does not match is an error value.
   */
  strptime(fmt: ExprLike<string>, options: { utc?: boolean } = {}): Expr<DateTimeNaive | DateTimeUtc> {
    const isUtc = options.utc ?? (typeof fmt === 'string' ? dt.formatHasOffset(fmt) : undefined);
    const d = isUtc === undefined ? ANY : isUtc ? DATE_TIME_UTC : DATE_TIME_NAIVE;
    const opts = options.utc === undefined ? undefined : { utc: options.utc };
    return callNode(
      'dt.strptime',
      (s: string, f: string) => dt.strptime(s, f, opts),
      d,
      this.of('dt.strptime', ['STR']),
      [fmt],
    );
  }
  /** Reads a naive date-time as wall-clock time in `fromTimezone` (IANA name) and gives the UTC instant. */
  toUtc(fromTimezone: ExprLike<string>): Expr<DateTimeUtc> {
    return callNode(
      'dt.toUtc',
      (v: unknown, tz: string) => dt.toUtc(naive(v, 'dt.toUtc'), tz),
      DATE_TIME_UTC,
      this.of('dt.toUtc', ['DATE_TIME_NAIVE']),
      [fromTimezone],
    );
  }
  /** The wall-clock time of a UTC instant in `timezone`, as a naive date-time. */
  toNaiveInTimezone(timezone: ExprLike<string>): Expr<DateTimeNaive> {
    const fn = (v: unknown, tz: string) => dt.toNaiveInTimezone(utc(v, 'dt.toNaiveInTimezone'), tz);
    return callNode(
      'dt.toNaiveInTimezone',
      fn,
      DATE_TIME_NAIVE,
      this.of('dt.toNaiveInTimezone', ['DATE_TIME_UTC']),
      [timezone],
    );
  }
  /** Rounds down to a multiple of `duration` since the epoch (`floor("15m")`). */
  floor(duration: DurationLike): Expr<DateTimeNaive | DateTimeUtc> {
    const fn = (v: unknown, d: Duration) => dt.floor(dateTime(v, 'dt.floor'), d);
    return callNode('dt.floor', fn, this.kind(), this.of('dt.floor', DATE_TIMES), [asDuration(duration)]);
  }
  /** Rounds to the nearest multiple of `duration` since the epoch (halfway rounds up). */
  round(duration: DurationLike): Expr<DateTimeNaive | DateTimeUtc> {
    const fn = (v: unknown, d: Duration) => dt.round(dateTime(v, 'dt.round'), d);
    return callNode('dt.round', fn, this.kind(), this.of('dt.round', DATE_TIMES), [asDuration(duration)]);
  }
  /** Time since 1970-01-01 (UTC for UTC date-times) in `unit` ("s" default, "ms", "us", "ns"), as a float. */
  timestamp(unit: ExprLike<dt.TimestampUnit> = 's'): Expr<number> {
    const fn = (v: unknown, u: dt.TimestampUnit) => dt.timestamp(dateTime(v, 'dt.timestamp'), u);
    return callNode('dt.timestamp', fn, FLOAT, this.of('dt.timestamp', DATE_TIMES), [unit]);
  }
  /** The naive date-time this many `unit`s after 1970-01-01 00:00 (receiver: a number). */
  fromTimestamp(unit: ExprLike<dt.TimestampUnit> = 's'): Expr<DateTimeNaive> {
    return callNode(
      'dt.fromTimestamp',
      dt.fromTimestamp,
      DATE_TIME_NAIVE,
      this.of('dt.fromTimestamp', NUMBERS),
      [unit],
    );
  }
  /** The UTC instant this many `unit`s after the Unix epoch (receiver: a number). */
  utcFromTimestamp(unit: ExprLike<dt.TimestampUnit> = 's'): Expr<DateTimeUtc> {
    return callNode(
      'dt.utcFromTimestamp',
      dt.utcFromTimestamp,
      DATE_TIME_UTC,
      this.of('dt.utcFromTimestamp', NUMBERS),
      [unit],
    );
  }
  /** A Duration of this many `unit`s (receiver: a number; Pathway's `to_duration`, units "W" ... "ns"). */
  toDuration(unit: ExprLike<string>): Expr<Duration> {
    return callNode('dt.toDuration', toDuration, DURATION, this.of('dt.toDuration', NUMBERS), [unit]);
  }
  /** The date-time shifted by `duration` (same as `.add(duration)`). */
  addDuration(duration: DurationLike): Expr<DateTimeNaive | DateTimeUtc> {
    const fn = (v: unknown, d: unknown) =>
      dt.addDuration(dateTime(v, 'dt.addDuration'), needDuration(d, 'a duration argument'));
    return callNode('dt.addDuration', fn, this.kind(), this.of('dt.addDuration', DATE_TIMES), [
      asDuration(duration),
    ]);
  }
  /** The date-time shifted back by `duration` (same as `.sub(duration)`). */
  subtractDuration(duration: DurationLike): Expr<DateTimeNaive | DateTimeUtc> {
    const fn = (v: unknown, d: unknown) =>
      dt.subDuration(dateTime(v, 'dt.subtractDuration'), needDuration(d, 'a duration argument'));
    return callNode('dt.subtractDuration', fn, this.kind(), this.of('dt.subtractDuration', DATE_TIMES), [
      asDuration(duration),
    ]);
  }
  /** `this - other` for two date-times of the same kind, as a Duration (same as `.sub(other)`). */
  subtract(other: ExprLike<DateTimeNaive | DateTimeUtc>): Expr<Duration> {
    const fn = (a: unknown, b: unknown) =>
      dt.subtract(dateTime(a, 'dt.subtract'), dateTime(b, 'dt.subtract'));
    return callNode('dt.subtract', fn, DURATION, this.of('dt.subtract', DATE_TIMES), [other]);
  }
  /** Adds `duration` to a naive date-time as wall-clock time in `timezone` (DST-aware). */
  addDurationInTimezone(duration: DurationLike, timezone: ExprLike<string>): Expr<DateTimeNaive> {
    const fn = (v: unknown, d: unknown, tz: string) =>
      dt.toNaiveInTimezone(
        dt.addDuration(
          dt.toUtc(naive(v, 'dt.addDurationInTimezone'), tz),
          needDuration(d, 'a duration argument'),
        ),
        tz,
      );
    return callNode(
      'dt.addDurationInTimezone',
      fn,
      DATE_TIME_NAIVE,
      this.of('dt.addDurationInTimezone', ['DATE_TIME_NAIVE']),
      [asDuration(duration), timezone],
    );
  }
  /** Subtracts `duration` from a naive date-time as wall-clock time in `timezone` (DST-aware). */
  subtractDurationInTimezone(duration: DurationLike, timezone: ExprLike<string>): Expr<DateTimeNaive> {
    const fn = (v: unknown, d: unknown, tz: string) =>
      dt.toNaiveInTimezone(
        dt.subDuration(
          dt.toUtc(naive(v, 'dt.subtractDurationInTimezone'), tz),
          needDuration(d, 'a duration argument'),
        ),
        tz,
      );
    return callNode(
      'dt.subtractDurationInTimezone',
      fn,
      DATE_TIME_NAIVE,
      this.of('dt.subtractDurationInTimezone', ['DATE_TIME_NAIVE']),
      [asDuration(duration), timezone],
    );
  }
  /** `this - other` for naive date-times read as wall-clock times in `timezone`, as a Duration. */
  subtractDateTimeInTimezone(other: ExprLike<DateTimeNaive>, timezone: ExprLike<string>): Expr<Duration> {
    const fn = (a: unknown, b: unknown, tz: string) =>
      dt.subtract(
        dt.toUtc(naive(a, 'dt.subtractDateTimeInTimezone'), tz),
        dt.toUtc(naive(b, 'dt.subtractDateTimeInTimezone'), tz),
      );
    return callNode(
      'dt.subtractDateTimeInTimezone',
      fn,
      DURATION,
      this.of('dt.subtractDateTimeInTimezone', ['DATE_TIME_NAIVE']),
      [other, timezone],
    );
  }

  /** Whole weeks in a Duration (truncated toward zero). */
  weeks(): Expr<number> {
    return this.total('weeks');
  }
  /** Whole days in a Duration. */
  days(): Expr<number> {
    return this.total('days');
  }
  /** Whole hours in a Duration. */
  hours(): Expr<number> {
    return this.total('hours');
  }
  /** Whole minutes in a Duration. */
  minutes(): Expr<number> {
    return this.total('minutes');
  }
  /** Whole seconds in a Duration. */
  seconds(): Expr<number> {
    return this.total('seconds');
  }
  /** Whole milliseconds in a Duration. */
  milliseconds(): Expr<number> {
    return this.total('milliseconds');
  }
  /** Microseconds in a Duration. */
  microseconds(): Expr<number> {
    return this.total('microseconds');
  }
  /** Nanoseconds in a Duration (microsecond precision). */
  nanoseconds(): Expr<number> {
    return this.total('nanoseconds');
  }
}
