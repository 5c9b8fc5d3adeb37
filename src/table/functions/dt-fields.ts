// Field extraction for the `.dt` namespace: calendar fields of DateTimeNaive/DateTimeUtc (UTC instants are read
// in UTC) and Pathway's Duration totals (`dt.days()`, `dt.seconds()`, ...), which truncate toward zero.

import { civilFromMs, newCivilFields, type DateTimeNaive, type DateTimeUtc } from '../values/date-time.js';
import type { Duration } from '../values/duration.js';

/** A naive or UTC date-time. */
export type AnyDateTime = DateTimeNaive | DateTimeUtc;

// One scratch object reused by every getter: no allocation per cell.
const f = newCivilFields();

/** Calendar year. */
export function year(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).year;
}
/** Month, 1-12. */
export function month(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).month;
}
/** Day of the month, 1-31. */
export function day(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).day;
}
/** Hour, 0-23. */
export function hour(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).hour;
}
/** Minute, 0-59. */
export function minute(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).minute;
}
/** Second, 0-59. */
export function second(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).second;
}
/** Whole milliseconds within the second, 0-999 (`10:13:00.012345` gives 12). */
export function millisecond(dt: AnyDateTime): number {
  return Math.floor(civilFromMs(dt.ms, f).microsecond / 1000);
}
/** Microseconds within the second, 0-999999 (`10:13:00.012345` gives 12345), as Pathway's `dt.microsecond()`. */
export function microsecond(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).microsecond;
}
/** Nanoseconds within the second (microsecond precision, so always a multiple of 1000). */
export function nanosecond(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).microsecond * 1000;
}
/** Day of the week, Monday = 0 ... Sunday = 6 (Python's `weekday()`). */
export function weekday(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).weekday;
}
/** Day of the year, 1-366. */
export function dayOfYear(dt: AnyDateTime): number {
  return civilFromMs(dt.ms, f).dayOfYear;
}

function totalMicros(d: Duration): number {
  return Math.round(d.ms * 1000);
}

/** Whole weeks in the duration, truncated toward zero. */
export function weeks(d: Duration): number {
  return Math.trunc(totalMicros(d) / 604_800_000_000) || 0;
}
/** Whole days in the duration, truncated toward zero (Pathway's `dt.days()` on a Duration). */
export function days(d: Duration): number {
  return Math.trunc(totalMicros(d) / 86_400_000_000) || 0;
}
/** Whole hours in the duration, truncated toward zero. */
export function hours(d: Duration): number {
  return Math.trunc(totalMicros(d) / 3_600_000_000) || 0;
}
/** Whole minutes in the duration, truncated toward zero. */
export function minutes(d: Duration): number {
  return Math.trunc(totalMicros(d) / 60_000_000) || 0;
}
/** Whole seconds in the duration, truncated toward zero. */
export function seconds(d: Duration): number {
  return Math.trunc(totalMicros(d) / 1_000_000) || 0;
}
/** Whole milliseconds in the duration, truncated toward zero. */
export function milliseconds(d: Duration): number {
  return Math.trunc(totalMicros(d) / 1000) || 0;
}
/** Microseconds in the duration (its precision). */
export function microseconds(d: Duration): number {
  return totalMicros(d) || 0;
}
/** Nanoseconds in the duration (microsecond precision, so a multiple of 1000). */
export function nanoseconds(d: Duration): number {
  return totalMicros(d) * 1000 || 0;
}
