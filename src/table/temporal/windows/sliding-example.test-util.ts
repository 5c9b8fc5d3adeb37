// Pathway's sliding-window example (eight rows in two instances; windows of duration 10, hop 3), shared by the
// tests of plain windows (the doc example) and of forgetting (test_windows.py::test_sliding_compacting).

import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';

/** The example's windows per instance, reduced to _instance, _windowStart, _windowEnd, min_t, max_t and count. */
export function slidingExample(behavior?: cw.temporal.Behavior): cw.Table<any> {
  const t = tableFromMarkdown(`
      | instance | t
    1 | 0        | 12
    2 | 0        | 13
    3 | 0        | 14
    4 | 0        | 15
    5 | 0        | 16
    6 | 0        | 17
    7 | 1        | 10
    8 | 1        | 11`);
  return t
    .windowBy(t.c.t, {
      window: cw.temporal.sliding({ duration: 10, hop: 3 }),
      behavior,
      instance: t.c.instance,
    })
    .reduce(cw.this._instance, cw.this._windowStart, cw.this._windowEnd, {
      min_t: cw.reducers.min(cw.this.t),
      max_t: cw.reducers.max(cw.this.t),
      count: cw.reducers.count(),
    });
}
