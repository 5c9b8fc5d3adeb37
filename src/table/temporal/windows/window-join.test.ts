import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectRows, expectStream } from '../joins/expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function simple() {
  const t1 = tableFromMarkdown(`
      | t
    1 | 1
    2 | 2
    3 | 3
    4 | 7
    5 | 13`);
  const t2 = tableFromMarkdown(`
      | t
    1 | 2
    2 | 5
    3 | 6
    4 | 7`);
  return { t1, t2 };
}

function keyed() {
  const t1 = tableFromMarkdown(`
      | a | t
    1 | 1 | 1
    2 | 1 | 2
    3 | 1 | 3
    4 | 1 | 7
    5 | 1 | 13
    6 | 2 | 1
    7 | 2 | 2
    8 | 3 | 4`);
  const t2 = tableFromMarkdown(`
      | b | t
    1 | 1 | 2
    2 | 1 | 5
    3 | 1 | 6
    4 | 1 | 7
    5 | 2 | 2
    6 | 2 | 3
    7 | 4 | 3`);
  return { t1, t2 };
}

function sessions() {
  const t1 = tableFromMarkdown(`
      | t
    0 | 0
    1 | 5
    2 | 10
    3 | 15
    4 | 17`);
  const t2 = tableFromMarkdown(`
      | t
    0 | -3
    1 | 2
    2 | 3
    3 | 6
    4 | 16`);
  return { t1, t2 };
}

function keyedSessions() {
  const t1 = tableFromMarkdown(`
      | a | t
    1 | 1 | 1
    2 | 1 | 4
    3 | 1 | 7
    4 | 2 | 0
    5 | 2 | 3
    6 | 2 | 4
    7 | 2 | 7
    8 | 3 | 4`);
  const t2 = tableFromMarkdown(`
      | b | t
    1 | 1 | -1
    2 | 1 | 6
    3 | 2 | 2
    4 | 2 | 10
    5 | 4 | 3`);
  return { t1, t2 };
}

const near = () => cw.temporal.session({ predicate: (a: number, b: number) => Math.abs(a - b) <= 2 });

describe('windowJoin tumbling (Pathway doc examples)', () => {
  it('pairs rows of the same window (inner)', async () => {
    const { t1, t2 } = simple();
    const r = t1
      .windowJoin(t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(r, 'left_t | right_t\n2 | 2\n3 | 2\n7 | 6\n7 | 7');
  });

  it('keeps unmatched rows of both sides (outer)', async () => {
    const { t1, t2 } = simple();
    const r = t1
      .windowJoinOuter(t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(r, 'left_t | right_t\nNone | 5\n1 | None\n2 | 2\n3 | 2\n7 | 6\n7 | 7\n13 | None');
  });

  it('keeps unmatched right rows (right), with { how } on the free function', async () => {
    const { t1, t2 } = simple();
    const r = cw.temporal
      .windowJoin(t1, t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }), { how: 'right' })
      .select({ left_t: cw.left.t, right_t: cw.right.t });
    await expectRows(r, 'left_t | right_t\nNone | 5\n2 | 2\n3 | 2\n7 | 6\n7 | 7');
  });

  it('joins on equal keys within a window (inner and outer with coalesce)', async () => {
    const { t1, t2 } = keyed();
    const inner = t1
      .windowJoin(t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }), cw.left.a.eq(cw.right.b))
      .select({ key: t1.c.a, left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(
      inner,
      'key | left_t | right_t\n1 | 2 | 2\n1 | 3 | 2\n1 | 7 | 6\n1 | 7 | 7\n2 | 2 | 2\n2 | 2 | 3',
    );
    cw.clearGraph();
    const k = keyed();
    const outer = k.t1
      .windowJoinOuter(k.t2, k.t1.c.t, k.t2.c.t, cw.temporal.tumbling({ duration: 2 }), k.t1.c.a.eq(k.t2.c.b))
      .select({ key: cw.coalesce(k.t1.c.a, k.t2.c.b), left_t: k.t1.c.t, right_t: k.t2.c.t });
    await expectRows(
      outer,
      `key | left_t | right_t
      1 | None | 5
      1 | 1 | None
      1 | 2 | 2
      1 | 3 | 2
      1 | 7 | 6
      1 | 7 | 7
      1 | 13 | None
      2 | 1 | None
      2 | 2 | 2
      2 | 2 | 3
      3 | 4 | None
      4 | None | 3`,
    );
  });
});

describe('windowJoin sliding (Pathway doc examples)', () => {
  it('pairs once per common window (inner)', async () => {
    const { t1, t2 } = simple();
    const r = t1
      .windowJoin(t2, t1.c.t, t2.c.t, cw.temporal.sliding({ hop: 1, duration: 2 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(r, 'left_t | right_t\n1 | 2\n2 | 2\n2 | 2\n3 | 2\n7 | 6\n7 | 7\n7 | 7');
  });

  it('pads unmatched rows once per window without a match (outer)', async () => {
    const { t1, t2 } = simple();
    const r = t1
      .windowJoinOuter(t2, t1.c.t, t2.c.t, cw.temporal.sliding({ hop: 1, duration: 2 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(
      r,
      `left_t | right_t
      None | 5
      None | 5
      None | 6
      1 | None
      1 | 2
      2 | 2
      2 | 2
      3 | None
      3 | 2
      7 | 6
      7 | 7
      7 | 7
      13 | None
      13 | None`,
    );
  });
});

describe('windowJoin session (Pathway doc examples)', () => {
  it('forms sessions over both sides (inner and outer)', async () => {
    const { t1, t2 } = sessions();
    const inner = t1.windowJoin(t2, t1.c.t, t2.c.t, near()).select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectRows(inner, 'left_t | right_t\n0 | 2\n0 | 3\n0 | 6\n5 | 2\n5 | 3\n5 | 6\n15 | 16\n17 | 16');
    cw.clearGraph();
    const s = sessions();
    const outer = s.t1
      .windowJoinOuter(s.t2, s.t1.c.t, s.t2.c.t, near())
      .select({ left_t: s.t1.c.t, right_t: s.t2.c.t });
    await expectRows(
      outer,
      'left_t | right_t\nNone | -3\n0 | 2\n0 | 3\n0 | 6\n5 | 2\n5 | 3\n5 | 6\n10 | None\n15 | 16\n17 | 16',
    );
  });

  it('forms sessions per join key (left, right, outer)', async () => {
    const cases: [cw.JoinMode, string][] = [
      [
        'left',
        '1 | 1 | -1\n1 | 4 | 6\n1 | 7 | 6\n2 | 0 | 2\n2 | 3 | 2\n2 | 4 | 2\n2 | 7 | None\n3 | 4 | None',
      ],
      [
        'right',
        '1 | 1 | -1\n1 | 4 | 6\n1 | 7 | 6\n2 | None | 10\n2 | 0 | 2\n2 | 3 | 2\n2 | 4 | 2\n4 | None | 3',
      ],
      [
        'outer',
        '1 | 1 | -1\n1 | 4 | 6\n1 | 7 | 6\n2 | None | 10\n2 | 0 | 2\n2 | 3 | 2\n2 | 4 | 2\n2 | 7 | None\n3 | 4 | None\n4 | None | 3',
      ],
    ];
    for (const [how, rows] of cases) {
      const { t1, t2 } = keyedSessions();
      const r = t1
        .windowJoin(t2, t1.c.t, t2.c.t, near(), cw.left.a.eq(cw.right.b), { how })
        .select({ key: cw.coalesce(t1.c.a, t2.c.b), left_t: t1.c.t, right_t: t2.c.t });
      await expectRows(r, `key | left_t | right_t\n${rows}`);
      cw.clearGraph();
    }
  });
});

describe('windowJoin streaming', () => {
  it('re-pairs when a late event bridges two sessions, and splits them when it is retracted', async () => {
    const t1 = tableFromMarkdown(`
        | t  | __time__ | __diff__
      1 | 0  | 2        | 1
      2 | 10 | 2        | 1
      3 | 5  | 4        | 1
      3 | 5  | 6        | -1`);
    const t2 = tableFromMarkdown(`
        | t | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 9 | 2        | 1`);
    const r = t1
      .windowJoinLeft(t2, t1.c.t, t2.c.t, cw.temporal.session({ maxGap: 5 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectStream(
      r,
      `left_t | right_t | __time__ | __diff__
      0  | 1 | 2 | 1
      10 | 9 | 2 | 1
      0  | 9 | 4 | 1
      10 | 1 | 4 | 1
      5  | 1 | 4 | 1
      5  | 9 | 4 | 1
      0  | 9 | 6 | -1
      10 | 1 | 6 | -1
      5  | 1 | 6 | -1
      5  | 9 | 6 | -1`,
    );
  });

  it('pads a left row while its window has no right row, and retracts the padding when one arrives', async () => {
    const t1 = tableFromMarkdown(`
        | t | __time__ | __diff__
      1 | 1 | 2        | 1
      2 | 4 | 2        | 1`);
    const t2 = tableFromMarkdown(`
        | t | __time__ | __diff__
      1 | 0 | 4        | 1
      1 | 0 | 6        | -1`);
    const r = t1
      .windowJoinLeft(t2, t1.c.t, t2.c.t, cw.temporal.tumbling({ duration: 2 }))
      .select({ left_t: t1.c.t, right_t: t2.c.t });
    await expectStream(
      r,
      `left_t | right_t | __time__ | __diff__
      1 | None | 2 | 1
      4 | None | 2 | 1
      1 | None | 4 | -1
      1 | 0    | 4 | 1
      1 | 0    | 6 | -1
      1 | None | 6 | 1`,
    );
  });
});
