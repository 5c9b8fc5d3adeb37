// groupBy().reduce() and bad input or bad values: build errors at the user's line, and reducers over error values
// (Pathway's test_groupby_skip_errors / test_groupby_propagate_errors).

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromMarkdown } from '../testing/index.js';
import { poll } from './group-by.test-util.js';

afterEach(() => cw.clearGraph());

describe('groupBy/reduce errors', () => {
  it('rejects a wrong column name in groupBy with the available columns', () => {
    const t = poll();
    expect(() => t.groupBy('wrong' as 'label')).toThrow(cw.GraphBuildError);
    expect(() => t.groupBy('wrong' as 'label')).toThrow(
      /no column "wrong".*available columns: food_item, label/,
    );
  });

  it('rejects a non-grouping column in reduce, naming it and how to fix it', () => {
    const t = poll();
    expect(() => t.groupBy('label').reduce({ label: cw.this.label, vote: cw.this.vote })).toThrow(
      cw.GraphBuildError,
    );
    expect(() => t.groupBy('label').reduce({ vote: t.c.vote })).toThrow(
      /column "vote" is not a grouping column.*reducer.*groupBy/,
    );
  });

  it('rejects a wrong column name inside a reducer when reduce is called, with a clear message', () => {
    const t = poll();
    const grouped = t.groupBy('label');
    expect(() => grouped.reduce({ s: cw.reducers.sum(cw.this.wrong) })).toThrow(cw.GraphBuildError);
    expect(() => grouped.reduce({ s: cw.reducers.sum(cw.this.wrong) })).toThrow(
      /no column "wrong"; available columns: food_item, label, vote, fractional_vote/,
    );
  });

  it('reports the user line of a build error', () => {
    const t = poll();
    expect(() => t.groupBy('label').reduce({ vote: t.c.vote })).toThrow(/group-by-errors\.test\.ts:\d+/);
  });

  it('skips and logs a row whose grouping value is an error, as Pathway does, also when it is retracted later', async () => {
    // Pathway's test_groupby_with_error_in_grouping_column, plus a stream: the error rows come and go.
    const t = tableFromMarkdown(`
        | a | b | c | __time__ | __diff__
      1 | 3 | 3 | 1 | 2        | 1
      2 | 4 | 0 | 2 | 2        | 1
      3 | 5 | 5 | 0 | 2        | 1
      4 | 6 | 2 | 3 | 2        | 1
      5 | 6 | 6 | 2 | 2        | 1
      2 | 4 | 0 | 2 | 4        | -1
      3 | 5 | 5 | 0 | 6        | -1
      3 | 5 | 5 | 1 | 6        | 1`);
    const xy = t.select({ x: cw.this.a.floordiv(cw.this.b), y: cw.this.a.floordiv(cw.this.c) });
    const both = xy.groupBy(cw.this.x, cw.this.y).reduce(cw.this.x, cw.this.y, { n: cw.reducers.count() });
    const one = xy.groupBy(cw.this.x).reduce(cw.this.x, { n: cw.reducers.count() });
    const [b, o, log] = await captureTables([both, one, cw.globalErrorLog()], { terminateOnError: false });
    const stream = (c: NonNullable<typeof b>) =>
      c.updates
        .map((u) => `${u.row.join(' ')} @${u.time} ${u.diff > 0 ? '+' : '-'}`)
        .sort(
          (p, q) =>
            Number(p.split('@')[1]!.split(' ')[0]) - Number(q.split('@')[1]!.split(' ')[0]) ||
            (p < q ? -1 : 1),
        );
    // Rows 2 (x is an error) and 3 (y is an error) are in no group; row 3's fixed version joins (1, 5) at time 6.
    expect(stream(b!)).toEqual(['1 3 2 @2 +', '3 2 1 @2 +', '1 5 1 @6 +']);
    // Grouped by x alone, row 3 counts from the start; row 2 never does.
    expect(stream(o!)).toEqual(['1 3 @2 +', '3 1 @2 +']);
    const skipped = log!.updates
      .map((u) => String(u.row[1]))
      .filter((m) =>
        m.startsWith('groupBy skipped a row whose grouping value is an error: division by zero'),
      );
    // Logged once per skipped insertion: rows 2 and 3 in `both`, row 2 in `one`; retractions log nothing.
    expect(skipped).toHaveLength(3);
  });
});

describe('reducers and error values (Pathway test_groupby_skip_errors, test_groupby_propagate_errors)', () => {
  const withErrors = () =>
    tableFromMarkdown(`
      a | b | d
      1 | 1 | 1
      1 | 2 | 0
      1 | 3 | 1
      2 | 4 | 1`).withColumns({ b: cw.this.b.floordiv(cw.this.d) });
  it('skip a row whose argument is an error by default, logging it once where it was made', async () => {
    const t = withErrors();
    const r = t.groupBy(cw.this.a).reduce({
      a: cw.this.a,
      s: cw.reducers.sum(cw.this.b),
      m: cw.reducers.avg(cw.this.b),
      n: cw.reducers.count(),
    });
    const [out, log] = await captureTables([r, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates.map((u) => u.row).sort()).toEqual([
      [1, 4, 2, 3],
      [2, 4, 4, 1],
    ]);
    expect(log!.updates).toHaveLength(1);
  });
  it('make the error the result with skipErrors: false', async () => {
    const t = withErrors();
    const r = t
      .groupBy(cw.this.a, { skipErrors: false })
      .reduce({ a: cw.this.a, s: cw.reducers.sum(cw.this.b) });
    const [out] = await captureTables([r], { terminateOnError: false });
    const byA = new Map(out!.updates.map((u) => [u.row[0], u.row[1]]));
    expect(byA.get(1)).toBeInstanceOf(cw.ErrorValue);
    expect(byA.get(2)).toBe(4);
  });
  it("log a reducer's own failure even when its result is wrapped (Pathway test_groupby_stateful_with_error)", async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 1
      2 | 2`);
    const sf = cw.reducers.statefulSingle<number>((s: number | undefined, v: unknown) => {
      if (v === 2) throw new Error('Value 2 encountered');
      return (s ?? 0) + (v as number);
    });
    const r = t.groupBy(cw.this.a).reduce({ a: cw.this.a, b: cw.fillError(sf(cw.this.b), -1) });
    const [out, log] = await captureTables([r, cw.globalErrorLog()], { terminateOnError: false });
    expect(out!.updates.map((u) => u.row).sort()).toEqual([
      [1, 1],
      [2, -1],
    ]);
    expect(log!.updates.map((u) => String(u.row[1]))).toEqual([expect.stringMatching(/Value 2 encountered/)]);
  });
});
