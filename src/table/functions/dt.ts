// The `.dt` namespace (Pathway's `pw.this.t.dt.*`): rounding, timestamps and date-time arithmetic, plus re-exports
// of fields (dt-fields.ts), strftime/strptime (dt-format.ts) and time zones (dt-zone.ts) so callers import one module.

import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import type { AnyDateTime } from './dt-fields.js';

export * from './dt-fields.js';
export { formatHasOffset, strftime, strptime, type StrptimeOptions } from './dt-format.js';
export { toUtc, toNaiveInTimezone, timezoneOffsetMs } from './dt-zone.js';

/** Units of `timestamp` / `fromTimestamp`. */
export type TimestampUnit = 's' | 'ms' | 'us' | 'ns';

function microsPerUnit(unit: string): number {
  switch (unit) {
    case 's':
      return 1e6;
    case 'ms':
      return 1e3;
    case 'us':
      return 1;
    case 'ns':
      return 1e-3;
    default:
      throw new Error(`unknown timestamp unit "${unit}"; use "s", "ms", "us" or "ns"`);
  }
}

// Pathway's time units (get_unit_multiplier in src/engine/time.rs), in microseconds; exact spelling only.
const DURATION_UNIT_MICROS: Record<string, number> = { W: 604_800_000_000 };
for (const [names, us] of [
  [['D', 'day', 'days'], 86_400_000_000],
  [['h', 'hr', 'hour', 'hours'], 3_600_000_000],
  [['m', 'min', 'minute', 'minutes'], 60_000_000],
  [['s', 'sec', 'second', 'seconds'], 1_000_000],
  [['ms', 'milli', 'millis', 'millisecond', 'milliseconds'], 1000],
  [['us', 'micro', 'micros', 'microsecond', 'microseconds'], 1],
  [['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'], 1e-3],
] as const) {
  for (const name of names) DURATION_UNIT_MICROS[name] = us;
}

/**
 * A Duration of `n` `unit`s (Pathway's `dt.to_duration`): units "W", "D"/"day(s)", "h"/"hr"/"hour(s)",
 * "m"/"min"/"minute(s)", "s"/"sec"/"second(s)", "ms"/"milli(s)"/"millisecond(s)", "us"/"micro(s)"/
 * "microsecond(s)", "ns"/"nano(s)"/"nanosecond(s)". Kept to the microsecond.
 */
export function toDuration(n: number, unit: string): Duration {
  const per = Object.prototype.hasOwnProperty.call(DURATION_UNIT_MICROS, unit)
    ? DURATION_UNIT_MICROS[unit]
    : undefined;
  if (per === undefined) {
    throw new Error(
      `unit has to be a valid time unit but is "${unit}"; use W, D, h, m, s, ms, us or ns (or day, hour, min, sec, ...)`,
    );
  }
  if (!Number.isFinite(n)) throw new Error(`toDuration: the number must be finite, got ${n}`);
  return Duration.fromMicroseconds(Math.round(n * per));
}

/** A date-time of the same kind as `like` at whole microseconds `us`. */
function sameKind<T extends AnyDateTime>(like: T, us: number): T {
  return (
    like instanceof DateTimeUtc ? DateTimeUtc.fromMicroseconds(us) : DateTimeNaive.fromMicroseconds(us)
  ) as T;
}

/**
 * The rounding step in whole microseconds, or 0 for a whole number of nanoseconds dividing 1 µs ("ns", "250ns"):
 * every microsecond-precision date-time is already a multiple of such a step. Other steps below 1 µs throw.
 */
function stepMicros(d: Duration, fn: string): number {
  const us = Math.round(d.ms * 1000);
  if (us > 0) return us;
  const ns = Math.round(d.ms * 1e6);
  if (ns > 0 && 1000 % ns === 0) return 0;
  throw new Error(
    `${fn}: the duration must be positive and at least 1 microsecond (or divide 1 microsecond), got ${d.toString()}`,
  );
}

/** Rounds down to a multiple of `duration` since the epoch (`floor(10:13:45, 15 min)` is 10:00). */
export function floor<T extends AnyDateTime>(dt: T, duration: Duration): T {
  const step = stepMicros(duration, 'floor');
  const us = Math.round(dt.ms * 1000);
  if (step === 0) return sameKind(dt, us);
  const r = ((us % step) + step) % step;
  return sameKind(dt, us - r);
}

/** Rounds to the nearest multiple of `duration` since the epoch; halfway rounds up (later), as Pathway. */
export function round<T extends AnyDateTime>(dt: T, duration: Duration): T {
  const step = stepMicros(duration, 'round');
  const us = Math.round(dt.ms * 1000);
  if (step === 0) return sameKind(dt, us);
  const r = ((us % step) + step) % step;
  return sameKind(dt, 2 * r >= step ? us - r + step : us - r);
}

/**
 * Time since the epoch in `unit` (naive date-times count from 1970-01-01 00:00 on their own wall clock).
 * Results are whole microseconds scaled to the unit, so `s` and `ms` may be fractional.
 */
export function timestamp(dt: AnyDateTime, unit: TimestampUnit = 's'): number {
  const per = microsPerUnit(unit);
  const us = Math.round(dt.ms * 1000);
  return per >= 1 ? us / per : us * 1000;
}

/** The naive date-time `n` units after 1970-01-01 00:00 (Pathway's `dt.from_timestamp(unit)`). */
export function fromTimestamp(n: number, unit: TimestampUnit = 's'): DateTimeNaive {
  if (!Number.isFinite(n)) throw new Error(`fromTimestamp: timestamp must be a finite number, got ${n}`);
  return DateTimeNaive.fromMicroseconds(Math.round(n * microsPerUnit(unit)));
}

/** The UTC instant `n` units after the Unix epoch (Pathway's `dt.utc_from_timestamp(unit)`). */
export function utcFromTimestamp(n: number, unit: TimestampUnit = 's'): DateTimeUtc {
  if (!Number.isFinite(n)) throw new Error(`utcFromTimestamp: timestamp must be a finite number, got ${n}`);
  return DateTimeUtc.fromMicroseconds(Math.round(n * microsPerUnit(unit)));
}

/** `dt + duration`, keeping the kind of `dt`. */
export function addDuration<T extends AnyDateTime>(dt: T, duration: Duration): T {
  return (
    dt instanceof DateTimeUtc ? new DateTimeUtc(dt.ms + duration.ms) : new DateTimeNaive(dt.ms + duration.ms)
  ) as T;
}

/** `dt - duration`, keeping the kind of `dt`. */
export function subDuration<T extends AnyDateTime>(dt: T, duration: Duration): T {
  return (
    dt instanceof DateTimeUtc ? new DateTimeUtc(dt.ms - duration.ms) : new DateTimeNaive(dt.ms - duration.ms)
  ) as T;
}

/** `a - b` for two date-times of the same kind, as a Duration; mixing naive and UTC throws. */
export function subtract(a: AnyDateTime, b: AnyDateTime): Duration {
  if (a instanceof DateTimeUtc !== b instanceof DateTimeUtc) {
    throw new Error(
      'cannot subtract a DateTimeNaive and a DateTimeUtc; convert one with toUtc(naive, timezone) or toNaiveInTimezone(utc, timezone)',
    );
  }
  return new Duration(a.ms - b.ms);
}
