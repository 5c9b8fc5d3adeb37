// Window descriptors (Pathway's `pw.temporal.tumbling/sliding/session/intervals_over`): plain values checked when
// built, applied by `t.windowBy(...)`.

import type { ColumnRef } from '../../expression.js';
import { GraphBuildError } from '../../errors.js';
import { userCallSite } from '../../call-site.js';
import { intervalMs, isInterval, isTime, timeMs, type IntervalValue, type TimeValue } from './time-values.js';

/**
 * Sliding (and tumbling) windows: `[start, end)` for every `start = origin + k·hop`, `end = start + duration`. Window
 * `k`'s bounds are computed as Pathway computes them (`hop·k + origin`, `hop·k + duration + origin`, or
 * `hop·(k + ratio) + origin`), so float times get exactly Pathway's windows.
 */
export class SlidingWindow {
  /** Marks window descriptors. */
  readonly kind = 'sliding' as const;
  /** Hop in milliseconds (or plain units). */
  readonly hopMs: number;
  /** Duration in milliseconds (or plain units). */
  readonly durationMs: number;
  /** Origin in milliseconds (0 when not given, as Pathway's default origin). */
  readonly originMs: number;
  /** Windows a time can fall in, less one: the ratio, or floor(duration / hop). */
  private readonly span: number;
  /** Creates a sliding window; use `tumbling()` or `sliding()`. */
  constructor(
    readonly hop: IntervalValue,
    readonly duration: IntervalValue,
    readonly origin: TimeValue | undefined,
    /** The duration as a number of hops, when given so (Pathway's `ratio`). */
    readonly ratio?: number,
  ) {
    this.hopMs = intervalMs(hop);
    this.durationMs = intervalMs(duration);
    this.originMs = origin === undefined ? 0 : timeMs(origin);
    this.span = ratio ?? Math.floor(this.durationMs / this.hopMs);
  }
  /** The last window index whose start may be at or before time `ms`. */
  lastK(ms: number): number {
    return Math.floor((ms - this.originMs) / this.hopMs) + 1;
  }
  /** The first window index whose window may hold time `ms` (with Pathway's margin for rounding). */
  firstK(ms: number): number {
    return this.lastK(ms) - this.span - 2;
  }
  /** Start of window `k`. */
  startOf(k: number): number {
    return this.hopMs * k + this.originMs;
  }
  /** End (exclusive) of window `k`. */
  endOf(k: number): number {
    const r = this.ratio;
    return r === undefined
      ? this.hopMs * k + this.durationMs + this.originMs
      : this.hopMs * (k + r) + this.originMs;
  }
  /** True when the window `[start, end)` (bounds of some `k`) holds time `ms` and starts at or after an explicit origin. */
  holds(start: number, end: number, ms: number): boolean {
    return start <= ms && ms < end && (this.origin === undefined || start >= this.originMs);
  }
}

/** Session windows: maximal runs of time-adjacent events whose neighbours are closer than `maxGap` (or pass `predicate`). */
export class SessionWindow {
  /** Marks window descriptors. */
  readonly kind = 'session' as const;
  /** Creates a session window; use `session()`. */
  constructor(
    readonly maxGap: IntervalValue | undefined,
    readonly predicate: ((a: any, b: any) => boolean) | undefined,
  ) {}
}

/** One window per value of `at`: the events with time in `[at + lowerBound, at + upperBound]`. */
export class IntervalsOverWindow {
  /** Marks window descriptors. */
  readonly kind = 'intervalsOver' as const;
  /** Creates the window; use `intervalsOver()`. */
  constructor(
    readonly at: ColumnRef<any, string>,
    readonly lowerBound: IntervalValue,
    readonly upperBound: IntervalValue,
    readonly isOuter: boolean,
  ) {}
}

/** Any window accepted by `windowBy`. */
export type Window = SlidingWindow | SessionWindow | IntervalsOverWindow;

function positive(name: string, v: unknown, site: string | undefined): IntervalValue {
  if (!isInterval(v) || !(intervalMs(v) > 0)) {
    throw new GraphBuildError(`${name} must be a positive number or Duration, got ${String(v)}`, site);
  }
  return v;
}

function origin(v: unknown, site: string | undefined): TimeValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isTime(v)) throw new GraphBuildError(`origin must be a number or a date-time, got ${String(v)}`, site);
  return v;
}

/** Tumbling windows of `duration` starting at `origin` (Pathway's `tumbling`): `cw.temporal.tumbling({ duration: 5 })`. */
export function tumbling(options: { duration: IntervalValue; origin?: TimeValue }): SlidingWindow {
  const site = userCallSite();
  const d = positive('tumbling(): duration', options?.duration, site);
  return new SlidingWindow(d, d, origin(options.origin, site), 1);
}

/**
 * Sliding windows of length `duration` (or `ratio · hop`) every `hop` (Pathway's `sliding`):
 * `cw.temporal.sliding({ hop: 3, duration: 10 })`.
 */
export function sliding(options: {
  hop: IntervalValue;
  duration?: IntervalValue;
  ratio?: number;
  origin?: TimeValue;
}): SlidingWindow {
  const site = userCallSite();
  const hop = positive('sliding(): hop', options?.hop, site);
  if ((options.duration === undefined) === (options.ratio === undefined)) {
    throw new GraphBuildError('sliding() needs exactly one of duration and ratio', site);
  }
  let duration: IntervalValue;
  if (options.duration !== undefined) duration = positive('sliding(): duration', options.duration, site);
  else {
    const r = options.ratio!;
    if (!Number.isInteger(r) || r <= 0) {
      throw new GraphBuildError(`sliding(): ratio must be a positive integer, got ${r}`, site);
    }
    duration = typeof hop === 'number' ? hop * r : hop.times(r);
  }
  return new SlidingWindow(hop, duration, origin(options.origin, site), options.ratio);
}

/**
 * Session windows (Pathway's `session`): `cw.temporal.session({ maxGap: 2 })` groups neighbours closer than 2;
 * `session({ predicate: (a, b) => b - a <= 1 })` groups neighbours (in time order) the predicate accepts.
 */
export function session(
  options: { maxGap: IntervalValue } | { predicate: (a: any, b: any) => boolean },
): SessionWindow {
  const site = userCallSite();
  const maxGap = (options as { maxGap?: unknown })?.maxGap;
  const predicate = (options as { predicate?: unknown })?.predicate;
  if ((maxGap === undefined) === (predicate === undefined)) {
    throw new GraphBuildError('session() needs exactly one of maxGap and predicate', site);
  }
  if (predicate !== undefined) {
    if (typeof predicate !== 'function')
      throw new GraphBuildError('session(): predicate must be a function', site);
    return new SessionWindow(undefined, predicate as (a: any, b: any) => boolean);
  }
  return new SessionWindow(positive('session(): maxGap', maxGap, site), undefined);
}

/**
 * One window per row of `at`'s table (Pathway's `intervals_over`): the events with time in
 * `[at + lowerBound, at + upperBound]`. `isOuter` (default true) keeps windows without events (reducers see none).
 */
export function intervalsOver(options: {
  at: ColumnRef<any, string>;
  lowerBound: IntervalValue;
  upperBound: IntervalValue;
  isOuter?: boolean;
}): IntervalsOverWindow {
  const site = userCallSite();
  if (!isInterval(options?.lowerBound) || !isInterval(options.upperBound)) {
    throw new GraphBuildError('intervalsOver() needs numeric or Duration lowerBound and upperBound', site);
  }
  if (intervalMs(options.lowerBound) > intervalMs(options.upperBound)) {
    throw new GraphBuildError('intervalsOver(): lowerBound must not exceed upperBound', site);
  }
  return new IntervalsOverWindow(options.at, options.lowerBound, options.upperBound, options.isOuter ?? true);
}
