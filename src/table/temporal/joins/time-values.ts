// Event times of temporal joins and time-series operators as plain numbers: numbers stay numbers, date-times and
// durations become milliseconds, so operators compare and subtract times without knowing their types.

import { DateTimeNaive, DateTimeUtc } from '../../values/date-time.js';
import { Duration } from '../../values/duration.js';
import { GraphBuildError } from '../../errors.js';
import type { DType } from '../../dtype.js';

/** The number an event time is ordered by (null for None, errors and values that are not times). */
export function timeNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (v instanceof DateTimeUtc || v instanceof DateTimeNaive || v instanceof Duration) return v.ms;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** The kind of a time dtype: numbers or date-times (durations for bounds), ignoring optionality. */
export function timeKind(d: DType): 'number' | 'datetime' | 'duration' | 'unknown' | 'other' {
  const name = d.name;
  if (name === 'INT' || name === 'FLOAT') return 'number';
  if (name === 'DATE_TIME_NAIVE' || name === 'DATE_TIME_UTC') return 'datetime';
  if (name === 'DURATION') return 'duration';
  return name === 'ANY' || name === 'NONE' ? 'unknown' : 'other';
}

/** A bound or period: a number, or a Duration (milliseconds), for date-time columns. */
export type TimeSpan = number | Duration;

/** Milliseconds (or plain units) of a span; throws a build error for anything else. */
export function spanNumber(v: TimeSpan, what: string, site?: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v instanceof Duration) return v.ms;
  throw new GraphBuildError(`${what} must be a number or a cw.Duration, got ${String(v)}`, site);
}

/** Checks that two time columns (and optional spans) are of compatible kinds: numbers with numbers, date-times with durations. */
export function checkTimeKinds(
  what: string,
  times: readonly DType[],
  spans: readonly TimeSpan[],
  site: string | undefined,
): void {
  const bad = times.find((d) => timeKind(d) === 'other');
  if (bad !== undefined) {
    throw new GraphBuildError(`${what}: a time column must be a number or a date-time, not ${bad}`, site);
  }
  const kinds = times.map(timeKind).filter((k) => k !== 'unknown');
  const first = kinds[0];
  if (kinds.some((k) => k !== first)) {
    throw new GraphBuildError(`${what}: the time columns have different types (${times.join(', ')})`, site);
  }
  // Naive and UTC date-times do not compare (Pathway raises TypeError: test_asof_joins.py::test_incorrect_args).
  const zones = new Set(times.filter((d) => timeKind(d) === 'datetime').map((d) => d.name));
  if (zones.size > 1) {
    throw new GraphBuildError(
      `${what}: cannot compare a naive date-time with a UTC one (${times.join(', ')}); ` +
        'convert one side with .dt.toUtc(timezone) or .dt.toNaiveInTimezone(timezone)',
      site,
    );
  }
  for (const s of spans) {
    if (first === 'datetime' && typeof s === 'number') {
      throw new GraphBuildError(`${what}: date-time columns need cw.Duration bounds, not numbers`, site);
    }
    if (first === 'number' && s instanceof Duration) {
      throw new GraphBuildError(`${what}: numeric time columns need numeric bounds, not durations`, site);
    }
  }
}
