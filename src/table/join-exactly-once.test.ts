// Joins with leftExactlyOnce / rightExactlyOnce (Pathway's left_exactly_once / right_exactly_once): what a user sees
// besides the parity ports (pathway-parity-join-ids.test.ts): reports, refusals, chaining.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertStreamEqualityWoIndex, captureTables, tableFromMarkdown as T } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const orders = () =>
  T(`
      | order | item | __time__ | __diff__
    1 | 1     | a    | 2        | 1
    2 | 2     | b    | 4        | 1
    1 | 1     | a    | 6        | -1`);
const payments = () =>
  T(`
      | order | amount | __time__
    7 | 1     | 10     | 4
    8 | 2     | 20     | 4`);

describe('join with an exactly-once side', () => {
  it('keeps a pair in the output after its exactly-once row is deleted, and reports the deletion', async () => {
    const o = orders();
    const p = payments();
    const res = o
      .join(p, o.c.order.eq(p.c.order), { leftExactlyOnce: true })
      .select(o.c.order, o.c.item, p.c.amount);
    const [out, log] = await captureTables([res, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates.map((u) => [u.row, u.diff])).toEqual([
      [[1, 'a', 10], 1],
      [[2, 'b', 20], 1],
    ]);
    expect(log!.updates.map((u) => String(u.row[1]))).toEqual([
      expect.stringMatching(
        /the left row \^\w+ of a join with leftExactlyOnce was deleted or updated after it joined/,
      ),
    ]);
  });

  it('forgets a held row deleted before it joined, without a report', async () => {
    const o = T(`
        | order | item | __time__ | __diff__
      1 | 1     | a    | 2        | 1
      1 | 1     | a    | 4        | -1`);
    const p = T(`
        | order | amount | __time__
      7 | 1     | 10     | 6`);
    const res = o.join(p, o.c.order.eq(p.c.order), { leftExactlyOnce: true }).select(o.c.item, p.c.amount);
    const [out, log] = await captureTables([res, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates).toEqual([]);
    expect(log!.updates).toEqual([]);
  });

  it('stops the run by default when a row joins twice in one step', async () => {
    const o = T(`
        | order | item | __time__
      1 | 1     | a    | 4`);
    const p = T(`
        | order | amount | __time__
      7 | 1     | 10     | 2
      8 | 1     | 20     | 2`);
    const res = o.join(p, o.c.order.eq(p.c.order), { leftExactlyOnce: true }).select(o.c.item, p.c.amount);
    await expect(captureTables([res])).rejects.toThrow(
      /Repeated entry in a batch: the left row \^\w+ of a join with leftExactlyOnce matched more than one right row/,
    );
  });

  it('works at the end of a join chain; a later change of the other side retracts nothing it made', async () => {
    const o = orders();
    const p = payments();
    const items = T(`
        | item | name  | __time__
      3 | a    | apple | 2
      4 | b    | bread | 2`);
    const res = items
      .join(o, items.c.item.eq(o.c.item))
      .join(p, o.c.order.eq(p.c.order), { rightExactlyOnce: true })
      .select(items.c.name, p.c.amount);
    await assertStreamEqualityWoIndex(
      res,
      T(`
        name  | amount | __time__
        apple | 10     | 4
        bread | 20     | 4`),
    );
  });

  it("keeps the left rows' ids with { id: 'left' }: a left row joins its first match only", async () => {
    const o = T(`
        | order | item | __time__
      1 | 1     | a    | 2
      2 | 2     | b    | 2`);
    const p = T(`
        | order | amount | __time__
      7 | 1     | 10     | 4
      8 | 1     | 20     | 6
      9 | 2     | 30     | 6`);
    const res = o
      .join(p, o.c.order.eq(p.c.order), { id: 'left', leftExactlyOnce: true })
      .select(o.c.item, p.c.amount);
    const [out, ids] = await captureTables([res, o.select(o.c.item)]);
    expect(out!.updates.map((u) => [u.row, u.time, u.diff])).toEqual([
      [['a', 10], 4, 1],
      [['b', 30], 6, 1],
    ]);
    expect([...out!.final.toBatch().keys].sort()).toEqual([...ids!.final.toBatch().keys].sort());
  });

  it('refuses an exactly-once side on a join that is not inner', () => {
    const o = orders();
    const p = payments();
    expect(() => o.joinLeft(p, o.c.order.eq(p.c.order), { leftExactlyOnce: true })).toThrow(
      /leftExactlyOnce \/ rightExactlyOnce work with inner joins only, and this join is left/,
    );
  });

  it('refuses an exactly-once join inside the body of cw.iterate', async () => {
    const t = T(`
        | x
      1 | 1`);
    const { t: out } = cw.iterate(
      ({ t }) => {
        const copy = t.select({ y: t.c.x });
        return { t: t.join(copy, t.c.x.eq(copy.c.y), { leftExactlyOnce: true }).select({ x: t.c.x }) };
      },
      { t },
    );
    await expect(captureTables([out])).rejects.toThrow(/not supported inside the body of cw.iterate/);
  });
});
