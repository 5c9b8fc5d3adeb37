import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { Duration } from '../../values/duration.js';
import { expectRows, expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function simple() {
  const t1 = tableFromMarkdown(`
      | t
    1 | 3
    2 | 4
    3 | 5
    4 | 11`);
  const t2 = tableFromMarkdown(`
      | t
    1 | 0
    2 | 1
    3 | 4
    4 | 7`);
  return { t1, t2 };
}

function keyed() {
  const t1 = tableFromMarkdown(`
      | a | t
    1 | 1 | 3
    2 | 1 | 4
    3 | 1 | 5
    4 | 1 | 11
    5 | 2 | 2
    6 | 2 | 3
    7 | 3 | 4`);
  const t2 = tableFromMarkdown(`
      | b | t
    1 | 1 | 0
    2 | 1 | 1
    3 | 1 | 4
    4 | 1 | 7
    5 | 2 | 0
    6 | 2 | 2
    7 | 4 | 2`);
  return { t1, t2 };
}

describe('intervalJoin', () => {
  it('pairs rows whose time difference lies in the interval (Pathway doc example)', async () => {
    const { t1, t2 } = simple();
    const t3 = t1
      .intervalJoin(t2, t1.c.t, t2.c.t, cw.temporal.interval(-2, 1))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(
      t3,
      `left_t | right_t
      3      | 1
      3      | 4
      4      | 4
      5      | 4`,
    );
  });

  it('joins on conditions too (Pathway doc example)', async () => {
    const { t1, t2 } = keyed();
    const t3 = t1
      .intervalJoinInner(t2, t1.c.t, t2.c.t, cw.temporal.interval(-2, 1), t1.c.a.eq(t2.c.b))
      .select({ a: t1.c.a, left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(
      t3,
      `a | left_t | right_t
      1 | 3      | 1
      1 | 3      | 4
      1 | 4      | 4
      1 | 5      | 4
      2 | 2      | 0
      2 | 2      | 2
      2 | 3      | 2`,
    );
  });

  it('left, right and outer joins keep unmatched rows with None', async () => {
    const { t1, t2 } = keyed();
    const sel = { a: t1.c.a, left_t: t1.c.t, b: t2.c.b, right_t: t2.c.t };
    const matched = `1 | 3 | 1 | 1
      1 | 3 | 1 | 4
      1 | 4 | 1 | 4
      1 | 5 | 1 | 4
      2 | 2 | 2 | 0
      2 | 2 | 2 | 2
      2 | 3 | 2 | 2`;
    const leftOnly = `1 | 11 | None | None
      3 | 4 | None | None`;
    const rightOnly = `None | None | 1 | 0
      None | None | 1 | 7
      None | None | 4 | 2`;
    const iv = cw.temporal.interval(-2, 1);
    const cond = cw.left.a.eq(cw.right.b);
    await expectRows(
      t1.intervalJoinLeft(t2, t1.c.t, t2.c.t, iv, cond).select(sel),
      `a | left_t | b | right_t\n${matched}\n${leftOnly}`,
    );
    cw.clearGraph();
    const k2 = keyed();
    const sel2 = { a: k2.t1.c.a, left_t: k2.t1.c.t, b: k2.t2.c.b, right_t: k2.t2.c.t };
    await expectRows(
      cw.temporal.intervalJoinRight(k2.t1, k2.t2, k2.t1.c.t, k2.t2.c.t, iv, cond).select(sel2),
      `a | left_t | b | right_t\n${matched}\n${rightOnly}`,
    );
    cw.clearGraph();
    const k3 = keyed();
    const sel3 = { a: k3.t1.c.a, left_t: k3.t1.c.t, b: k3.t2.c.b, right_t: k3.t2.c.t };
    await expectRows(
      k3.t1.intervalJoin(k3.t2, k3.t1.c.t, k3.t2.c.t, iv, cond, { how: 'outer' }).select(sel3),
      `a | left_t | b | right_t\n${matched}\n${leftOnly}\n${rightOnly}`,
    );
  });

  it('streams late and retracted rows (Pathway doc example without cutoff)', async () => {
    const t1 = tableFromMarkdown(`
      value | instance | event_time | __time__
        1   |     1    |      0     |     2
        2   |     2    |      2     |     4
        3   |     1    |      4     |     4
        4   |     2    |      8     |     8
        5   |     1    |      0     |    10
        6   |     1    |      4     |    10`);
    const t2 = tableFromMarkdown(`
      value | instance | event_time | __time__
        42  |     1    |      2     |     2
         8  |     2    |     10     |    14
        10  |     2    |      4     |    30`);
    const res = t1
      .intervalJoin(
        t2,
        t1.c.event_time,
        t2.c.event_time,
        cw.temporal.interval(-2, 2),
        t1.c.instance.eq(t2.c.instance),
      )
      .select({
        left_value: t1.c.value,
        right_value: t2.c.value,
        instance: t1.c.instance,
        left_time: t1.c.event_time,
        right_time: t2.c.event_time,
      });
    await expectStream(
      res,
      `left_value | right_value | instance | left_time | right_time | __time__ | __diff__
      1          | 42          | 1        | 0         | 2          | 2        | 1
      3          | 42          | 1        | 4         | 2          | 4        | 1
      5          | 42          | 1        | 0         | 2          | 10       | 1
      6          | 42          | 1        | 4         | 2          | 10       | 1
      4          | 8           | 2        | 8         | 10         | 14       | 1
      2          | 10          | 2        | 2         | 4          | 30       | 1`,
    );
  });

  it('a left join retracts the None row when a match arrives and restores it on retraction', async () => {
    const l = tableFromMarkdown(`
      id | t | __time__
       1 | 5 |    2`);
    const r = tableFromMarkdown(`
      id | t | __time__ | __diff__
      10 | 6 |    4     |    1
      10 | 6 |    6     |   -1`);
    const res = l
      .intervalJoinLeft(r, l.c.t, r.c.t, cw.temporal.interval(0, 2))
      .select({ lt: l.c.t, rt: r.c.t });
    await expectStream(
      res,
      `lt | rt   | __time__ | __diff__
      5  | None | 2        | 1
      5  | None | 4        | -1
      5  | 6    | 4        | 1
      5  | 6    | 6        | -1
      5  | None | 6        | 1`,
    );
  });

  it('joins date-times with duration bounds', async () => {
    const schema = cw.schema({ t: cw.DATE_TIME_UTC, v: cw.INT });
    const l = tableFromMarkdown(
      `
      t                         | v
      2024-01-01T00:00:00+00:00 | 1
      2024-01-01T00:08:00+00:00 | 2`,
      { schema },
    );
    const r = tableFromMarkdown(
      `
      t                         | v
      2024-01-01T00:04:00+00:00 | 10
      2024-01-01T00:30:00+00:00 | 20`,
      { schema },
    );
    const res = l
      .intervalJoinInner(
        r,
        l.c.t,
        r.c.t,
        cw.temporal.interval(Duration.of({ minutes: -5 }), Duration.of({ minutes: 5 })),
      )
      .select({ lv: l.c.v, rv: r.c.v });
    await expectRows(res, `lv | rv\n1 | 10\n2 | 10`);
  });

  it('rejects reversed intervals and bounds of the wrong kind', () => {
    const { t1, t2 } = simple();
    expect(() => t1.intervalJoin(t2, t1.c.t, t2.c.t, cw.temporal.interval(2, 1))).toThrow(/must not exceed/);
    expect(() =>
      t1.intervalJoin(
        t2,
        t1.c.t,
        t2.c.t,
        cw.temporal.interval(Duration.of({ seconds: -1 }), Duration.of({ seconds: 1 })),
      ),
    ).toThrow(/numeric/);
  });
});

describe('intervalJoin with equal bounds and smart columns', () => {
  function points() {
    const t1 = tableFromMarkdown(`
      a | t
      1 | -1
      2 | 0
      3 | 2
      4 | 3
      5 | 4
      6 | 10`);
    const t2 = tableFromMarkdown(`
      b | t
      1 | 0
      2 | 2
      3 | 3
      4 | 5
      5 | 11`);
    return { t1, t2 };
  }

  it('joins rows at the same time with interval(0, 0) (Pathway test_interval_join_time_only_empty_interval)', async () => {
    const { t1, t2 } = points();
    await expectRows(
      t1.intervalJoinLeft(t2, t1.c.t, t2.c.t, cw.temporal.interval(0, 0)).select({ a: t1.c.a, b: t2.c.b }),
      `a | b
      2 | 1
      3 | 2
      4 | 3
      1 | None
      5 | None
      6 | None`,
    );
  });

  it('joins rows one step apart with interval(1, 1), with and without a behavior (Pathway ..._shifted)', async () => {
    for (const behavior of [undefined, cw.temporal.commonBehavior({ cutoff: 100 })]) {
      const { t1, t2 } = points();
      await expectRows(
        t1
          .intervalJoin(t2, t1.c.t, t2.c.t, cw.temporal.interval(1, 1), { behavior })
          .select({ a: t1.c.a, b: t2.c.b }),
        `a | b
        1 | 1
        3 | 3
        5 | 4
        6 | 5`,
      );
      cw.clearGraph();
    }
  });

  it('resolves cw.this.a to the key joined on equal names (Pathway test_interval_join_smart_cols)', async () => {
    const t1 = tableFromMarkdown(`
      a | t
      1 | 1
      3 | 1`);
    const t2 = tableFromMarkdown(`
      a | t
      1 | 1
      4 | 0`);
    await expectRows(
      t1
        .intervalJoinOuter(t2, cw.left.t, cw.right.t, cw.temporal.interval(0, 1), cw.left.a.eq(cw.right.a))
        .select({ a: cw.this.a, left_t: cw.left.t, right_t: cw.right.t }),
      `a | left_t | right_t
      1 | 1      | 1
      3 | 1      | None
      4 | None   | 0`,
    );
  });
});
