// Temporal joins and time-series operators (`asofJoin`, `asofNowJoin`, `intervalJoin`, `diff`, `interpolate`,
// `utcNow`, `inactivityDetection`, ...). Importing this module installs their Table methods.

export {
  asofJoin,
  asofJoinLeft,
  asofJoinRight,
  asofJoinOuter,
  AsofJoinResult,
  type AsofJoinOptions,
  type AsofDefaults,
  type AsofDirection,
} from './asof-join.js';
export type { TemporalCondition } from './join-args.js';
export {
  interval,
  intervalJoin,
  intervalJoinInner,
  intervalJoinLeft,
  intervalJoinRight,
  intervalJoinOuter,
  type Interval,
  type IntervalJoinOptions,
} from './interval-join.js';
export { asofNowJoin, asofNowJoinInner, asofNowJoinLeft, type AsofNowJoinOptions } from './asof-now-join.js';
export type { DiffOptions, DiffRow } from './diff.js';
import './diff.js';
export type { InterpolateOptions } from './interpolate.js';
import './interpolate.js';
export {
  utcNow,
  addUpdateTimestampUtc,
  type UtcNowOptions,
  type UtcNowRow,
  type AddUpdateTimestampOptions,
} from './utc-now.js';
export {
  inactivityDetection,
  type InactivityDetectionOptions,
  type InactivityRow,
} from './inactivity-detection.js';
