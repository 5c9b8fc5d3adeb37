// Event times and intervals of windows: numbers, or date-times with durations, turned into comparable
// milliseconds (one number line for thresholds and watermarks) and back into values of the time's own kind.

import { DateTimeNaive, DateTimeUtc } from '../../values/date-time.js';
import { Duration } from '../../values/duration.js';

/** An event time: a number, or a naive or UTC date-time. */
export type TimeValue = number | DateTimeNaive | DateTimeUtc;

/** A length of event time: a number (for numeric times) or a Duration (for date-times). */
export type IntervalValue = number | Duration;

/** Milliseconds (or the plain number) of an event time; NaN for anything else (null, errors). */
export function timeMs(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof DateTimeNaive || v instanceof DateTimeUtc) return v.ms;
  return Number.NaN;
}

/** Milliseconds (or the plain number) of an interval. */
export function intervalMs(v: IntervalValue): number {
  return typeof v === 'number' ? v : v.ms;
}

/** An event time of the same kind as `like` (a number, or a date-time of the same class) at `ms`. */
export function timeLike(like: unknown, ms: number): TimeValue {
  if (like instanceof DateTimeNaive) return new DateTimeNaive(ms);
  if (like instanceof DateTimeUtc) return new DateTimeUtc(ms);
  return ms;
}

/** Checks that an option is an interval (a finite number or a Duration). */
export function isInterval(v: unknown): v is IntervalValue {
  return (typeof v === 'number' && Number.isFinite(v)) || v instanceof Duration;
}

/** Checks that an option is a time (a finite number or a date-time). */
export function isTime(v: unknown): v is TimeValue {
  return (
    (typeof v === 'number' && Number.isFinite(v)) || v instanceof DateTimeNaive || v instanceof DateTimeUtc
  );
}
