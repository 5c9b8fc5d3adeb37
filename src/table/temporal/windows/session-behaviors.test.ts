// Behaviors of session windows: late events ignored against the previous epoch's watermark, sessions closed (state
// freed) once end + cutoff ≤ the watermark, a late event within the cutoff still bridging sessions, keepResults,
// delay and exactly-once results.

import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectStream } from '../joins/expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function sessions(t: cw.Table<any>, behavior: cw.temporal.Behavior) {
  return t
    .windowBy(t.c.t, { window: cw.temporal.session({ maxGap: 2 }), behavior })
    .reduce({ start: cw.this._windowStart, end: cw.this._windowEnd, n: cw.reducers.count() });
}

function events() {
  return tableFromMarkdown(`
     t  | __time__
     1  | 2
     2  | 2
     5  | 4
     3  | 6
     6  | 6
     10 | 8`);
}

describe('windowBy(session) with a behavior', () => {
  it('ignores late events and closes sessions past end + cutoff, keeping their results', async () => {
    // At 6 the watermark of the previous epoch is 5: t=3 (3 + 1 ≤ 5) is late; t=6 extends the session at 5.
    await expectStream(
      sessions(events(), cw.temporal.commonBehavior({ cutoff: 1 })),
      `start | end | n | __time__ | __diff__
      1     | 2   | 2 | 2        | 1
      5     | 5   | 1 | 4        | 1
      5     | 5   | 1 | 6        | -1
      5     | 6   | 2 | 6        | 1
      10    | 10  | 1 | 8        | 1`,
    );
  });

  it('retracts closed sessions with keepResults: false', async () => {
    await expectStream(
      sessions(events(), cw.temporal.commonBehavior({ cutoff: 1, keepResults: false })),
      `start | end | n | __time__ | __diff__
      1     | 2   | 2 | 2        | 1
      1     | 2   | 2 | 4        | -1
      5     | 5   | 1 | 4        | 1
      5     | 5   | 1 | 6        | -1
      5     | 6   | 2 | 6        | 1
      5     | 6   | 2 | 8        | -1
      10    | 10  | 1 | 8        | 1`,
    );
  });

  it('lets a late event within the cutoff bridge two open sessions', async () => {
    const t = tableFromMarkdown(`
     t | __time__
     1 | 2
     3 | 2
     2 | 4`);
    await expectStream(
      sessions(t, cw.temporal.commonBehavior({ cutoff: 3 })),
      `start | end | n | __time__ | __diff__
      1     | 1   | 1 | 2        | 1
      3     | 3   | 1 | 2        | 1
      1     | 1   | 1 | 4        | -1
      3     | 3   | 1 | 4        | -1
      1     | 3   | 3 | 4        | 1`,
    );
  });

  it('holds results until the watermark reaches start + delay', async () => {
    await expectStream(
      sessions(events(), cw.temporal.commonBehavior({ delay: 3 })),
      `start | end | n | __time__ | __diff__
      1     | 2   | 2 | 4        | 1
      1     | 2   | 2 | 6        | -1
      1     | 3   | 3 | 6        | 1
      5     | 6   | 2 | 8        | 1
      10    | 10  | 1 | 9        | 1`,
    );
  });

  it('gives each session one result once end + shift ≤ the watermark (exactlyOnce)', async () => {
    await expectStream(
      sessions(events(), cw.temporal.exactlyOnceBehavior({ shift: 1 })),
      `start | end | n | __time__ | __diff__
      1     | 2   | 2 | 4        | 1
      5     | 6   | 2 | 8        | 1
      10    | 10  | 1 | 9        | 1`,
    );
  });
});
