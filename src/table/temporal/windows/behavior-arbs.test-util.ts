// Random temporal behaviors for the behavior property tests (commonBehavior or exactlyOnceBehavior), the
// Behavior each stands for, and the step times of a run with the end-of-input flush step that delays need.

import fc from 'fast-check';
import * as cw from '../../../index.js';
import { stepTimes, type ResolvedStream } from '../../property-helpers.test-util.js';

/** A behavior as the models read it. */
export type Beh =
  | { kind: 'common'; delay: number | undefined; cutoff: number | undefined; keepResults: boolean }
  | { kind: 'exactlyOnce'; shift: number };

/** Common behaviors (delay ≤ maxDelay, cutoff ≤ 4, either keepResults) and exactlyOnce ones (shift ≤ 3). */
export function behaviorArb(maxDelay: number): fc.Arbitrary<Beh> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('common' as const),
      delay: fc.option(fc.integer({ min: 0, max: maxDelay }), { nil: undefined }),
      cutoff: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      keepResults: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('exactlyOnce' as const), shift: fc.integer({ min: 0, max: 3 }) }),
  );
}

/** The Behavior a `Beh` stands for (keepResults is true without a cutoff). */
export function behaviorOf(b: Beh): cw.temporal.Behavior {
  return b.kind === 'exactlyOnce'
    ? cw.temporal.exactlyOnceBehavior({ shift: b.shift })
    : cw.temporal.commonBehavior({
        delay: b.delay,
        cutoff: b.cutoff,
        keepResults: b.cutoff === undefined ? true : b.keepResults,
      });
}

/** Whether the behavior holds rows back (a delay, or exactlyOnce). */
export function isDelayed(b: Beh): boolean {
  return b.kind === 'exactlyOnce' || b.delay !== undefined;
}

/**
 * The step times of a run, plus one end-of-input flush step when `delayed` rows may still be held; `flushAt` is
 * that last step (undefined without a delay or without steps).
 */
export function runTimes(
  delayed: boolean,
  ...streams: ResolvedStream[]
): { times: number[]; flushAt: number | undefined } {
  const times = stepTimes(...streams);
  if (!delayed || times.length === 0) return { times, flushAt: undefined };
  times.push(times[times.length - 1]! + 1);
  return { times, flushAt: times[times.length - 1] };
}
