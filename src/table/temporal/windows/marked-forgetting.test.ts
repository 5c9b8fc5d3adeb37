// Marked forgetting (`forget(..., { markForgettingRecords: true })`) and `filterOutResultsOfForgetting`: what sinks
// receive from an epoch's two passes, and the filter's effect with and without marking.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { assertTableEqualityWoIndex, tableFromMarkdown as T, tableToRows } from '../../../testing/index.js';

afterEach(() => cw.clearGraph());

// Epoch 4 forgets t=10 (10 + 5 < 20) and brings t=1, already past its threshold.
const stream = () =>
  T(`
    t | __time__
   10 |     2
   20 |     4
    1 |     4`);

describe('marked forgetting', () => {
  it('hands a sink taking no parts one batch per epoch, the forgetting retractions included', async () => {
    const t = stream();
    const batches: [number, string[]][] = [];
    cw.subscribe(t.forget(t.c.t, 5, { markForgettingRecords: true }), {
      onBatch: (changes, time) => {
        batches.push([time, changes.map((c) => `${c.diff > 0 ? '+' : '-'}${c.row.t}`).sort()]);
      },
    });
    await cw.run();
    // The late row is inserted in the epoch's own pass and forgotten in its forgetting pass: it nets out.
    expect(batches).toEqual([
      [2, ['+10']],
      [4, ['+20', '-10']],
    ]);
  });

  it('hands a subscriber taking parts the forgetting pass as a batch of its own, at the same time', async () => {
    const t = stream();
    const batches: [number, string[]][] = [];
    cw.subscribe(t.forget(t.c.t, 5, { markForgettingRecords: true }), {
      partialBatches: true,
      onRawRows: (rows, diffs, time) => {
        batches.push([time, rows.map((r, i) => `${diffs[i]! > 0 ? '+' : '-'}${String(r[0])}`).sort()]);
      },
    });
    await cw.run();
    expect(batches).toEqual([
      [2, ['+10']],
      [4, ['+1', '+20']],
      [4, ['-1', '-10']],
    ]);
  });

  it('runs the forgetting pass through an async UDF', async () => {
    const t = stream();
    const later = cw.udf(
      async (x: number) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return x * 2;
      },
      { returnType: cw.INT },
    );
    const f = t.forget(t.c.t, 5, { markForgettingRecords: true });
    const doubled = f.select({ d: later(f.c.t) });
    await assertTableEqualityWoIndex(doubled, T(' d\n40'));
    cw.clearGraph();
    const g = stream().forget(cw.this.t, 5, { markForgettingRecords: true });
    const kept = g.select({ d: later(g.c.t) }).filterOutResultsOfForgetting();
    await assertTableEqualityWoIndex(kept, T(' d\n20\n40\n 2'));
  });

  it('filterOutResultsOfForgetting changes nothing after a forget that does not mark', async () => {
    const t = stream();
    const res = t.forget(t.c.t, 5).filterOutResultsOfForgetting({ ensureConsistency: true });
    await assertTableEqualityWoIndex(res, T(' t\n20'));
  });

  it('keeps one row per key with ensureConsistency, retracting the shown row before a new one', async () => {
    // Key a's count drops to 0 in a forgetting pass (dropped), then a new row for a arrives.
    const t = T(`
      k | t | __time__
      a | 1 |     2
      b | 9 |     4
      a | 9 |     6`);
    const f = t.forget(t.c.t, 2, { markForgettingRecords: true });
    const counts = f.groupBy(f.c.k).reduce({ k: f.c.k, n: cw.reducers.count() });
    const consistent = counts.filterOutResultsOfForgetting({ ensureConsistency: true });
    const loose = counts.filterOutResultsOfForgetting();
    await assertTableEqualityWoIndex(
      consistent,
      T(`
        k | n
        a | 1
        b | 1`),
    );
    // Without it the stream holds key a twice: its row from epoch 2, whose retraction was dropped, and the new one.
    const rows = (await tableToRows(loose)) as unknown as { k: string; n: number }[];
    expect(rows.map((r) => `${r.k}${r.n}`).sort()).toEqual(['a1', 'a1', 'b1']);
  });
});
