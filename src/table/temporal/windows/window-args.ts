// Build-time check that a window's lengths and origin fit the time column's type, as Pathway's
// `check_joint_types` (TypeError: "Arguments (time_expr, window.hop) have to be of types ... but are of types ...";
// test_windows.py::test_incorrect_args): numeric times take numeric lengths and origins, date-times take Durations
// and an origin of the same date-time kind (naive or UTC).

import type { DType } from '../../dtype.js';
import { GraphBuildError } from '../../errors.js';
import { DateTimeNaive, DateTimeUtc } from '../../values/date-time.js';
import { Duration } from '../../values/duration.js';
import { IntervalsOverWindow, SessionWindow, SlidingWindow, type Window } from './window-kinds.js';

type Kind = 'number' | 'naive' | 'utc';

/** The kind of a time dtype; undefined when it is not known (ANY) or not a time (reported elsewhere). */
function timeKindOf(d: DType): Kind | undefined {
  const name = d.name;
  if (name === 'INT' || name === 'FLOAT') return 'number';
  if (name === 'DATE_TIME_NAIVE') return 'naive';
  if (name === 'DATE_TIME_UTC') return 'utc';
  return undefined;
}

function describe(v: unknown): string {
  if (v instanceof Duration) return 'Duration';
  if (v instanceof DateTimeNaive) return 'DATE_TIME_NAIVE';
  if (v instanceof DateTimeUtc) return 'DATE_TIME_UTC';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'INT' : 'FLOAT') : typeof v;
}

/**
 * Throws a GraphBuildError at `site` when a window argument does not fit the time column's dtype (a `window` that
 * is not a window passes: windowBy reports it).
 */
export function checkWindowArgs(window: Window, time: DType, site: string | undefined): void {
  const kind = timeKindOf(time);
  if (kind === undefined) return;
  const lengths: [string, unknown][] = [];
  const times: [string, unknown][] = [];
  if (window instanceof SlidingWindow) {
    lengths.push(['window.hop', window.hop]);
    if (window.ratio === undefined || window.duration !== window.hop) {
      lengths.push(['window.duration', window.duration]);
    }
    if (window.origin !== undefined) times.push(['window.origin', window.origin]);
  } else if (window instanceof SessionWindow) {
    if (window.maxGap !== undefined) lengths.push(['window.max_gap', window.maxGap]);
  } else if (window instanceof IntervalsOverWindow) {
    lengths.push(['window.lower_bound', window.lowerBound], ['window.upper_bound', window.upperBound]);
  }
  const bad: [string, unknown][] = [
    ...lengths.filter(([, v]) => (kind === 'number' ? v instanceof Duration : !(v instanceof Duration))),
    ...times.filter(([, v]) =>
      kind === 'number'
        ? typeof v !== 'number'
        : !(kind === 'naive' ? v instanceof DateTimeNaive : v instanceof DateTimeUtc),
    ),
  ];
  if (bad.length === 0) return;
  const want =
    kind === 'number' ? 'numbers' : `Durations${times.length > 0 ? ` (origin: ${time.name})` : ''}`;
  throw new GraphBuildError(
    `windowBy(): arguments (time_expr, ${bad.map(([n]) => n).join(', ')}) have to be of matching types: ` +
      `a ${time.name} time needs window lengths as ${want}, but got ` +
      `${bad.map(([n, v]) => `${n}: ${describe(v)}`).join(', ')}`,
    site,
  );
}
