// windowJoin with behaviors (one watermark for both sides): late rows ignored, closed windows keep or retract their
// pairs, exactly-once results; sessions reject behaviors.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectStream } from '../joins/expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function joined(behavior: cw.temporal.Behavior) {
  const t1 = tableFromMarkdown(`
     a | t | __time__
     1 | 1 | 2
     2 | 2 | 2
     3 | 7 | 4
     4 | 3 | 6`);
  const t2 = tableFromMarkdown(`
     b | t | __time__
     1 | 3 | 2
     2 | 8 | 6`);
  return cw.temporal
    .windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 5 }), { behavior })
    .select({ a: cw.left.a, b: cw.right.b });
}

describe('windowJoin with a behavior', () => {
  it('ignores rows of closed windows and keeps their pairs (cutoff)', async () => {
    // At 4 the watermark 7 closes [0, 5) (5 + 1 ≤ 7); at 6 the row a=4 (t=3) is late.
    await expectStream(
      joined(cw.temporal.commonBehavior({ cutoff: 1 })),
      `a | b | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 1 | 2        | 1
      3 | 2 | 6        | 1`,
    );
  });

  it('retracts the pairs of closed windows with keepResults: false', async () => {
    await expectStream(
      joined(cw.temporal.commonBehavior({ cutoff: 1, keepResults: false })),
      `a | b | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 1 | 2        | 1
      1 | 1 | 4        | -1
      2 | 1 | 4        | -1
      3 | 2 | 6        | 1`,
    );
  });

  it('emits each window once, when the watermark passes its end (exactlyOnce)', async () => {
    await expectStream(
      joined(cw.temporal.exactlyOnceBehavior()),
      `a | b | __time__ | __diff__
      1 | 1 | 4        | 1
      2 | 1 | 4        | 1
      3 | 2 | 7        | 1`,
    );
  });

  it('rejects behaviors on session windows', () => {
    const t1 = tableFromMarkdown(`
     | t
   1 | 1`);
    const t2 = tableFromMarkdown(`
     | t
   1 | 1`);
    expect(() =>
      cw.temporal.windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.session({ maxGap: 2 }), {
        behavior: cw.temporal.commonBehavior({ cutoff: 1 }),
      }),
    ).toThrow(/tumbling and sliding/);
  });
});
