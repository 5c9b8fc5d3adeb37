// intervalJoin with behaviors, mirroring Pathway's "Controlling Temporal Behavior of Interval Join" article:
// cutoff (late rows ignored per side), keepResults: false (forgotten rows' pairs retracted), delay (rows wait for
// their side's watermark), plus outer joins, memory bounds and option checks.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import type { Table } from '../../table.js';
import { expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function orders() {
  return tableFromMarkdown(`
    customer | product  | order_time | __time__
    Austin   | mouse    |     120    |    122
    Brenda   | keyboard |     120    |    122
    Carl     | mouse    |     124    |    124
    Evelyn   | cable    |     128    |    128
    Frank    | mouse    |     120    |    130
    Min      | mouse    |     124    |    130
    Nicole   | cable    |     130    |    132
    Sam      | keyboard |     128    |    134
    Theresa  | keyboard |     134    |    136
    Yichen   | cable    |     136    |    138`);
}

function discounts() {
  return tableFromMarkdown(`
    price | product  | start_time | __time__
      42  | mouse    |    120     |    122
     128  | keyboard |    118     |    122
       8  | cable    |    128     |    134
     135  | keyboard |    132     |    140
      10  | cable    |    122     |    150`);
}

function priced(d: Table<any>, o: Table<any>, behavior?: cw.temporal.Behavior) {
  return d
    .intervalJoin(
      o,
      d.c.start_time,
      o.c.order_time,
      cw.temporal.interval(0, 5),
      cw.left.product.eq(cw.right.product),
      { behavior },
    )
    .select({
      customer: o.c.customer,
      product: o.c.product,
      price: d.c.price,
      order_time: o.c.order_time,
      start_time: d.c.start_time,
    });
}

describe('intervalJoin with a behavior', () => {
  it('ignores rows older than their side watermark minus cutoff (cutoff=6: Frank is late)', async () => {
    await expectStream(
      priced(discounts(), orders(), cw.temporal.commonBehavior({ cutoff: 6 })),
      `customer | product  | price | order_time | start_time | __time__ | __diff__
      Austin   | mouse    | 42    | 120        | 120        | 122      | 1
      Brenda   | keyboard | 128   | 120        | 118        | 122      | 1
      Carl     | mouse    | 42    | 124        | 120        | 124      | 1
      Min      | mouse    | 42    | 124        | 120        | 130      | 1
      Evelyn   | cable    | 8     | 128        | 128        | 134      | 1
      Nicole   | cable    | 8     | 130        | 128        | 134      | 1
      Theresa  | keyboard | 135   | 134        | 132        | 140      | 1`,
    );
  });

  it('retracts the pairs of forgotten rows with keepResults: false (each side in its next epoch with rows)', async () => {
    // Pathway's `_forget` (time_column.rs: postpone_core with update_time_before_emitting = false) runs when its
    // side receives a batch, against the largest time of that side's EARLIER batches. Orders' clock: 120 (122),
    // 124 (124), 128 (128): at 130 Austin and Brenda (120 + 8 ≤ 128) go; 130 (132), 130 (134), 134 (136): at 138
    // Carl and Min (124 + 8 ≤ 134) go; Evelyn (128 + 8 > 134) stays, no orders come later. Discounts forget
    // mouse and keyboard at 140, whose pairs are already gone.
    await expectStream(
      priced(discounts(), orders(), cw.temporal.commonBehavior({ cutoff: 8, keepResults: false })),
      `customer | product  | price | order_time | start_time | __time__ | __diff__
      Austin   | mouse    | 42    | 120        | 120        | 122      | 1
      Brenda   | keyboard | 128   | 120        | 118        | 122      | 1
      Carl     | mouse    | 42    | 124        | 120        | 124      | 1
      Austin   | mouse    | 42    | 120        | 120        | 130      | -1
      Brenda   | keyboard | 128   | 120        | 118        | 130      | -1
      Min      | mouse    | 42    | 124        | 120        | 130      | 1
      Evelyn   | cable    | 8     | 128        | 128        | 134      | 1
      Nicole   | cable    | 8     | 130        | 128        | 134      | 1
      Carl     | mouse    | 42    | 124        | 120        | 138      | -1
      Min      | mouse    | 42    | 124        | 120        | 138      | -1
      Theresa  | keyboard | 135   | 134        | 132        | 140      | 1`,
    );
  });

  it('holds rows until their side watermark reaches time + delay, so price fixes never show (delay=4)', async () => {
    const d = tableFromMarkdown(`
     id | price | product  | start_time | __time__ | __diff__
      1 |   42  | mouse    |     120    |    122   |     1
      2 |  128  | keyboard |     118    |    122   |     1
      1 |   42  | mouse    |     120    |    124   |    -1
      1 |   43  | mouse    |     120    |    124   |     1
      3 |    8  | cable    |     128    |    134   |     1
      3 |    8  | cable    |     128    |    138   |    -1
      3 |   10  | cable    |     128    |    138   |     1
      4 |  135  | keyboard |     132    |    140   |     1
      5 |   10  | cable    |     122    |    150   |     1`);
    await expectStream(
      priced(d, orders(), cw.temporal.commonBehavior({ delay: 4 })),
      `customer | product  | price | order_time | start_time | __time__ | __diff__
      Austin   | mouse    | 43    | 120        | 120        | 134      | 1
      Brenda   | keyboard | 128   | 120        | 118        | 134      | 1
      Carl     | mouse    | 43    | 124        | 120        | 134      | 1
      Frank    | mouse    | 43    | 120        | 120        | 134      | 1
      Min      | mouse    | 43    | 124        | 120        | 134      | 1
      Evelyn   | cable    | 10    | 128        | 128        | 140      | 1
      Nicole   | cable    | 10    | 130        | 128        | 140      | 1
      Theresa  | keyboard | 135   | 134        | 132        | 151      | 1`,
    );
  });

  it('keeps the pairs of a forgotten row, so its partner is not padded (outer, keepResults)', async () => {
    const l = tableFromMarkdown(`
      | a | t  | __time__
    1 | 1 | 1  | 2
    2 | 2 | 19 | 6`);
    const r = tableFromMarkdown(`
      | b | t  | __time__
    1 | 1 | 2  | 2
    2 | 2 | 20 | 4`);
    const j = l
      .intervalJoinOuter(r, l.c.t, r.c.t, cw.temporal.interval(0, 2), {
        behavior: cw.temporal.commonBehavior({ cutoff: 3 }),
      })
      .select({ a: cw.left.a, b: cw.right.b });
    // At 4 the right watermark (20) forgets right row 1; left row 1 keeps its pair and is not padded.
    await expectStream(
      j,
      `a    | b | __time__ | __diff__
      1    | 1 | 2        | 1
      None | 2 | 4        | 1
      2    | 2 | 6        | 1
      None | 2 | 6        | -1`,
    );
  });

  it('rejects exactlyOnceBehavior', () => {
    const l = tableFromMarkdown(`
      | t
    1 | 1`);
    const r = tableFromMarkdown(`
      | t
    1 | 1`);
    expect(() =>
      l.intervalJoin(r, l.c.t, r.c.t, cw.temporal.interval(0, 1), {
        behavior: cw.temporal.exactlyOnceBehavior() as never,
      }),
    ).toThrow(/commonBehavior/);
  });
});
