// Behaviors of windows on late and out-of-order data (Pathway's `common_behavior` / `exactly_once_behavior`):
// when results are first emitted (delay), when windows stop changing and their state is freed (cutoff), and
// whether the results of freed windows stay (keepResults).

import { GraphBuildError } from '../../errors.js';
import { userCallSite } from '../../call-site.js';
import { intervalMs, isInterval, type IntervalValue } from './time-values.js';

/** Delay, cutoff and keepResults of a window (Pathway's `CommonBehavior`). */
export class CommonBehavior {
  /** Marks behaviors. */
  readonly kind = 'common' as const;
  /** Creates a behavior; use `commonBehavior()`. */
  constructor(
    readonly delay: IntervalValue | undefined,
    readonly cutoff: IntervalValue | undefined,
    readonly keepResults: boolean,
  ) {}
}

/** One final result per window, emitted once the event time passes the window's end plus `shift`. */
export class ExactlyOnceBehavior {
  /** Marks behaviors. */
  readonly kind = 'exactlyOnce' as const;
  /** Creates a behavior; use `exactlyOnceBehavior()`. */
  constructor(readonly shift: IntervalValue | undefined) {}
}

/** Any behavior accepted by `windowBy`. */
export type Behavior = CommonBehavior | ExactlyOnceBehavior;

function nonNegative(name: string, v: unknown, site: string | undefined): IntervalValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isInterval(v) || intervalMs(v) < 0) {
    throw new GraphBuildError(`${name} must be a non-negative number or Duration, got ${String(v)}`, site);
  }
  return v;
}

/**
 * Pathway's `common_behavior`. The watermark is the largest event time seen so far. Lateness is judged against the
 * watermark as it was at the end of the previous epoch (rows of one epoch are never late relative to each other,
 * so a batch run, one epoch, keeps every row); the watermark then advances with the epoch's rows, and held results
 * are released and windows closed against the advanced watermark.
 * - `delay`: a window's results are held back until the watermark reaches window start + delay (rows are
 *   buffered; at the end of the input everything held is released).
 * - `cutoff`: events for windows whose end + cutoff <= the previous epoch's watermark are ignored (late); a window
 *   is closed (its state freed) at the end of the epoch in which end + cutoff <= watermark.
 * - `keepResults` (default true): closed windows keep their last result; false retracts it (needs a cutoff).
 */
export function commonBehavior(
  options: { delay?: IntervalValue; cutoff?: IntervalValue; keepResults?: boolean } = {},
): CommonBehavior {
  const site = userCallSite();
  const delay = nonNegative('commonBehavior(): delay', options.delay, site);
  const cutoff = nonNegative('commonBehavior(): cutoff', options.cutoff, site);
  const keepResults = options.keepResults ?? true;
  if (!keepResults && cutoff === undefined) {
    throw new GraphBuildError('commonBehavior(): keepResults: false needs a cutoff', site);
  }
  return new CommonBehavior(delay, cutoff, keepResults);
}

/**
 * Pathway's `exactly_once_behavior`: each non-empty window produces exactly one result, in the epoch in which the
 * watermark reaches its end + `shift` (default 0), or at the end of the input; events of later epochs for it are
 * ignored.
 */
export function exactlyOnceBehavior(options: { shift?: IntervalValue } = {}): ExactlyOnceBehavior {
  return new ExactlyOnceBehavior(nonNegative('exactlyOnceBehavior(): shift', options.shift, userCallSite()));
}

/** The common behavior an exactly-once behavior stands for, for windows of `duration` (as Pathway). */
export function resolveBehavior(b: Behavior | undefined, durationMs: number): ResolvedBehavior | undefined {
  if (b === undefined) return undefined;
  if (b.kind === 'exactlyOnce') {
    const shift = b.shift === undefined ? 0 : intervalMs(b.shift);
    return { delay: durationMs + shift, cutoff: shift, keepResults: true };
  }
  return {
    delay: b.delay === undefined ? undefined : intervalMs(b.delay),
    cutoff: b.cutoff === undefined ? undefined : intervalMs(b.cutoff),
    keepResults: b.keepResults,
  };
}

/** A behavior with plain millisecond numbers. */
export interface ResolvedBehavior {
  readonly delay: number | undefined;
  readonly cutoff: number | undefined;
  readonly keepResults: boolean;
}
