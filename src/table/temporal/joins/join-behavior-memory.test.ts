// Bounded memory of temporal joins with a cutoff: after many epochs of an advancing stream, the state held by the
// program (its snapshot) stops growing, while without a behavior it grows with the input.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { stateSize } from '../windows/state-size.test-util.js';

afterEach(() => cw.clearGraph());

const S = cw.schema({ k: cw.STR, t: cw.INT, v: cw.INT });

async function sizes(
  join: (l: cw.Table<any>, r: cw.Table<any>) => cw.Table<any>,
  epochs: readonly number[],
): Promise<number[]> {
  cw.clearGraph();
  const left = cw.inputTable(S);
  const right = cw.inputTable(S);
  cw.subscribe(join(left.table, right.table), { onChange: () => {} });
  const rt = cw.build();
  const out: number[] = [];
  for (let e = 1; e <= epochs[epochs.length - 1]!; e++) {
    // Mostly in order, some rows a little late, a few far too late.
    left.insert({ k: e % 3 === 0 ? 'a' : 'b', t: e * 2 - (e % 4), v: e });
    right.insert({ k: e % 2 === 0 ? 'a' : 'b', t: e * 2 - (e % 5 === 0 ? 30 : 1), v: e });
    await rt.step(e);
    if (epochs.includes(e)) out.push(stateSize(rt.snapshot()));
  }
  return out;
}

const behavior = cw.temporal.commonBehavior({ delay: 2, cutoff: 6 });

describe('temporal joins with a cutoff keep bounded state', () => {
  for (const [name, join] of [
    [
      'intervalJoin',
      (l: cw.Table<any>, r: cw.Table<any>) =>
        l
          .intervalJoinOuter(r, l.c.t, r.c.t, cw.temporal.interval(-3, 3), cw.left.k.eq(cw.right.k), {
            behavior,
          })
          .select({ a: cw.left.v, b: cw.right.v }),
    ],
    [
      'asofJoin',
      (l: cw.Table<any>, r: cw.Table<any>) =>
        l
          .asofJoinOuter(r, l.c.t, r.c.t, cw.left.k.eq(cw.right.k), { behavior })
          .select({ a: cw.left.v, b: cw.right.v }),
    ],
    [
      'windowJoin',
      (l: cw.Table<any>, r: cw.Table<any>) =>
        cw.temporal
          .windowJoinOuter(
            l,
            r,
            l.c.t,
            r.c.t,
            cw.temporal.sliding({ hop: 2, duration: 6 }),
            cw.left.k.eq(cw.right.k),
            {
              behavior,
            },
          )
          .select({ a: cw.left.v, b: cw.right.v }),
    ],
  ] as const) {
    it(`${name}: the state after 400 epochs is no larger than after 100`, async () => {
      const [at100, at400] = await sizes(join, [100, 400]);
      expect(at400).toBeLessThanOrEqual(at100! + 10);
    });
  }

  it('intervalJoin without a behavior grows with its input (control)', async () => {
    const [at100, at400] = await sizes(
      (l, r) =>
        l
          .intervalJoinOuter(r, l.c.t, r.c.t, cw.temporal.interval(-3, 3), cw.left.k.eq(cw.right.k))
          .select({ a: cw.left.v, b: cw.right.v }),
      [100, 400],
    );
    expect(at400).toBeGreaterThan(at100! * 3);
  });
});
