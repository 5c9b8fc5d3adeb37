// asofJoin with behaviors, mirroring Pathway's `asof_join` docstring example (cutoff=2: a late left row is not
// joined, results of forgotten rows stay), plus keepResults: false and delay.

import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function tables() {
  const t1 = tableFromMarkdown(`
    value | event_time | __time__
      2   |      2     |     4
      3   |      5     |     6
      4   |      1     |     8
      5   |      7     |    14`);
  const t2 = tableFromMarkdown(`
    value | event_time | __time__
      42  |      1     |     2
       8  |      4     |    10`);
  return { t1, t2 };
}

function joined(behavior?: cw.temporal.Behavior) {
  const { t1, t2 } = tables();
  return t1.asofJoin(t2, t1.c.event_time, t2.c.event_time, { how: 'left', behavior }).select({
    left_value: t1.c.value,
    right_value: t2.c.value,
    left_time: t1.c.event_time,
    right_time: t2.c.event_time,
  });
}

describe('asofJoin with a behavior', () => {
  it('joins every row without a behavior (Pathway doc example)', async () => {
    await expectStream(
      joined(),
      `left_value | right_value | left_time | right_time | __time__ | __diff__
      2          | 42          | 2         | 1          | 4        | 1
      3          | 42          | 5         | 1          | 6        | 1
      4          | 42          | 1         | 1          | 8        | 1
      3          | 42          | 5         | 1          | 10       | -1
      3          | 8           | 5         | 4          | 10       | 1
      5          | 8           | 7         | 4          | 14       | 1`,
    );
  });

  it('ignores rows with time + cutoff ≤ their side watermark (cutoff=2, Pathway doc example)', async () => {
    await expectStream(
      joined(cw.temporal.commonBehavior({ cutoff: 2 })),
      `left_value | right_value | left_time | right_time | __time__ | __diff__
      2          | 42          | 2         | 1          | 4        | 1
      3          | 42          | 5         | 1          | 6        | 1
      3          | 42          | 5         | 1          | 10       | -1
      3          | 8           | 5         | 4          | 10       | 1
      5          | 8           | 7         | 4          | 14       | 1`,
    );
  });

  it("retracts forgotten rows with keepResults: false, in the side's next epoch with rows", async () => {
    // Pathway's `_forget` (time_column.rs: postpone_core with update_time_before_emitting = false) runs only when
    // its side receives a batch and compares time + cutoff with the largest time of that side's EARLIER batches
    // (test_asof_joins_stream.py::test_cutoff[keep_results=False] has the same timing). Left clock: 2 after 4,
    // 5 after 6; at 8 row 4 (1 + 2 ≤ 5) is late and dropped, so the left side receives nothing; at 14 left row 2
    // (2 + 2 ≤ 5) is forgotten, row 3 (5 + 2 > 5) stays. The right clock (1, then 4) forgets nothing.
    await expectStream(
      joined(cw.temporal.commonBehavior({ cutoff: 2, keepResults: false })),
      `left_value | right_value | left_time | right_time | __time__ | __diff__
      2          | 42          | 2         | 1          | 4        | 1
      3          | 42          | 5         | 1          | 6        | 1
      3          | 42          | 5         | 1          | 10       | -1
      3          | 8           | 5         | 4          | 10       | 1
      2          | 42          | 2         | 1          | 14       | -1
      5          | 8           | 7         | 4          | 14       | 1`,
    );
  });

  it('forgets with the timing of Pathway test_asof_joins_stream.py::test_cutoff[keep_results=False]', async () => {
    const q = tableFromMarkdown(`
      a | t | __time__
      1 | 2 | 2
      2 | 3 | 2
      3 | 3 | 4
      4 | 5 | 4
      6 | 2 | 6
      7 | 6 | 8`);
    const d = tableFromMarkdown(`
      b | t | __time__
      1 | 1 | 4
      2 | 4 | 6
      3 | 2 | 8`);
    const behavior = cw.temporal.commonBehavior({ cutoff: 2, keepResults: false });
    await expectStream(
      q
        .asofJoinLeft(d, cw.left.t, cw.right.t, { behavior })
        .select({ a: cw.left.a, tl: cw.left.t, b: cw.right.b, tr: cw.right.t }),
      `a | tl | b    | tr   | __time__ | __diff__
      1 | 2  | None | None | 2        | 1
      2 | 3  | None | None | 2        | 1
      1 | 2  | None | None | 4        | -1
      2 | 3  | None | None | 4        | -1
      1 | 2  | 1    | 1    | 4        | 1
      2 | 3  | 1    | 1    | 4        | 1
      3 | 3  | 1    | 1    | 4        | 1
      4 | 5  | 1    | 1    | 4        | 1
      4 | 5  | 1    | 1    | 6        | -1
      4 | 5  | 2    | 4    | 6        | 1
      1 | 2  | 1    | 1    | 8        | -1
      2 | 3  | 1    | 1    | 8        | -1
      3 | 3  | 1    | 1    | 8        | -1
      7 | 6  | 2    | 4    | 8        | 1`,
    );
  });

  it('holds rows until their side watermark reaches time + delay', async () => {
    // Left rows wait for the left watermark to reach time + 2; right rows for the right one (42 at 10, 8 at end).
    await expectStream(
      joined(cw.temporal.commonBehavior({ delay: 2 })),
      `left_value | right_value | left_time | right_time | __time__ | __diff__
      2          | None        | 2         | None       | 6        | 1
      4          | None        | 1         | None       | 8        | 1
      2          | None        | 2         | None       | 10       | -1
      4          | None        | 1         | None       | 10       | -1
      2          | 42          | 2         | 1          | 10       | 1
      4          | 42          | 1         | 1          | 10       | 1
      3          | 42          | 5         | 1          | 14       | 1
      3          | 42          | 5         | 1          | 15       | -1
      3          | 8           | 5         | 4          | 15       | 1
      5          | 8           | 7         | 4          | 15       | 1`,
    );
  });

  it('never releases a held row whose deletion came late (the deletion cancels it in the buffer)', async () => {
    // Right row 6 (time 0) is held (delay 1) when, at 4, it is updated to time None: the retraction is late
    // (0 + 0 ≤ watermark 0) but cancels the held row, so only the new row shows. Row 0 (time 1), released at the
    // end, stays: as Pathway's `_forget`, the right side forgets against the times of its earlier batches (none
    // but None), and nothing is forgotten at the end of the input.
    const t1 = tableFromMarkdown(`
      value | event_time | __time__
        1   |     100    |     2`);
    const t2 = tableFromMarkdown(`
      id | value | event_time | __time__ | __diff__
      6  |  60   |      0     |     2    |    1
      6  |  60   |      0     |     4    |   -1
      6  |  61   |            |     4    |    1
      0  |   7   |      1     |     4    |    1`);
    const behavior = cw.temporal.commonBehavior({ delay: 1, cutoff: 0, keepResults: false });
    const result = t1
      .asofJoin(t2, t1.c.event_time, t2.c.event_time, { how: 'right', behavior })
      .select({ right_value: t2.c.value, right_time: t2.c.event_time });
    await expectStream(
      result,
      `right_value | right_time | __time__ | __diff__
      61          | None       | 4        | 1
      7           | 1          | 5        | 1`,
    );
  });

  it('keeps a held row whose late update nets to nothing (-row +row of the same row)', async () => {
    // Right row 6 (time 0) is held when, at 4, it is retracted and inserted again unchanged: nothing changes, and
    // it is released at the end (its result stays: keepResults).
    const t1 = tableFromMarkdown(`
      value | event_time | __time__
        1   |     100    |     2`);
    const t2 = tableFromMarkdown(`
      id | value | event_time | __time__ | __diff__
      6  |  60   |      0     |     2    |    1
      6  |  60   |      0     |     4    |   -1
      6  |  60   |      0     |     4    |    1
      0  |   7   |      1     |     4    |    1`);
    const behavior = cw.temporal.commonBehavior({ delay: 1, cutoff: 0, keepResults: true });
    const result = t1
      .asofJoin(t2, t1.c.event_time, t2.c.event_time, { how: 'right', behavior })
      .select({ right_value: t2.c.value, right_time: t2.c.event_time });
    await expectStream(
      result,
      `right_value | right_time | __time__ | __diff__
      60          | 0          | 4        | 1
      7           | 1          | 5        | 1`,
    );
  });
});
