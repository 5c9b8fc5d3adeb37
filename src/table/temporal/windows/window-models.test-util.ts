// Building blocks of the from-scratch window models in the windows tests: the sliding (and tumbling) windows that
// hold a time, and a stream's updates grouped by epoch.

import type { TimedUpdate } from '../../plan.js';

/** The [start, end) sliding windows (origin 0; tumbling when hop = duration) that contain time `t`. */
export function slidingWindows(t: number, duration: number, hop: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = (Math.floor((t - duration) / hop) + 1) * hop; s <= t; s += hop) out.push([s, s + duration]);
  return out;
}

/** The starts of the sliding windows that contain time `t`. */
export function slidingStarts(t: number, duration: number, hop: number): number[] {
  return slidingWindows(t, duration, hop).map(([start]) => start);
}

/** The updates of each step time, in order. */
export function byEpoch(updates: readonly TimedUpdate[]): Map<number, TimedUpdate[]> {
  const out = new Map<number, TimedUpdate[]>();
  for (const u of updates) {
    let list = out.get(u.time);
    if (list === undefined) out.set(u.time, (list = []));
    list.push(u);
  }
  return out;
}
