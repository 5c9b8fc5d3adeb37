// Windows and behaviors (`cw.temporal.tumbling`, `commonBehavior`, `t.windowBy(...)`, `t.forget/ignoreLate/buffer`):
// see the files of this folder. Importing this module installs the Table methods.

export { tumbling, sliding, session, intervalsOver } from './window-kinds.js';
export type { SlidingWindow, SessionWindow, IntervalsOverWindow, Window } from './window-kinds.js';
export { commonBehavior, exactlyOnceBehavior } from './behaviors.js';
export type { CommonBehavior, ExactlyOnceBehavior, Behavior } from './behaviors.js';
export { WindowedTable, type WindowByOptions, type WindowRow } from './window-by.js';
export type { TimeValue, IntervalValue } from './time-values.js';
export {
  windowJoin,
  windowJoinInner,
  windowJoinLeft,
  windowJoinRight,
  windowJoinOuter,
  type WindowJoinOptions,
} from './window-join.js';
import './time-operators.js';
export type { FilterOutForgettingOptions, ForgetOptions } from './time-operators.js';
