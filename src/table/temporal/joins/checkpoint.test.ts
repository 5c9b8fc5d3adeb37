// Snapshot / restore of the stateful temporal operators: a program using all of them is snapshotted mid-stream,
// restored into the same program built again, and both continue with the same input to identical outputs.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import type { Key } from '../../../engine/key.js';
import { keyToString } from '../../../engine/key.js';

afterEach(() => cw.clearGraph());

const Quotes = cw.schema({ k: cw.STR, t: cw.INT, q: cw.INT });
const Trades = cw.schema({ k: cw.STR, t: cw.INT, p: cw.INT.optional() });

function build(log: string[], clock: { now: number }) {
  cw.clearGraph();
  const quotes = cw.inputTable(Quotes);
  const trades = cw.inputTable(Trades);
  const q = quotes.table;
  const tr = trades.table;
  const outputs: Record<string, cw.Table<any>> = {
    asof: q
      .asofJoinOuter(tr, q.c.t, tr.c.t, q.c.k.eq(tr.c.k), { direction: 'nearest' })
      .select({ q: cw.left.q, p: cw.right.p, t: cw.this.t }),
    interval: q
      .intervalJoinOuter(tr, q.c.t, tr.c.t, cw.temporal.interval(-2, 2), cw.left.k.eq(cw.right.k))
      .select({ q: cw.left.q, p: cw.right.p }),
    asofBehavior: q
      .asofJoinOuter(tr, q.c.t, tr.c.t, q.c.k.eq(tr.c.k), {
        behavior: cw.temporal.commonBehavior({ delay: 1, cutoff: 4 }),
      })
      .select({ q: cw.left.q, p: cw.right.p, t: cw.this.t }),
    intervalBehavior: q
      .intervalJoinOuter(tr, q.c.t, tr.c.t, cw.temporal.interval(-2, 2), cw.left.k.eq(cw.right.k), {
        behavior: cw.temporal.commonBehavior({ delay: 1, cutoff: 4 }),
      })
      .select({ q: cw.left.q, p: cw.right.p }),
    now: q.asofNowJoinLeft(tr, cw.left.k.eq(cw.right.k)).select({ q: cw.left.q, p: cw.right.p }),
    filled: tr.interpolate(tr.c.t, tr.c.p, { instance: tr.c.k }),
    diffs: tr.diff(tr.c.t, tr.c.p, { instance: tr.c.k }),
    stamped: cw.temporal.addUpdateTimestampUtc(q, { clock: () => clock.now }),
    idle: cw.temporal.inactivityDetection(tr, 2, { clock: () => clock.now, instance: tr.c.k }),
  };
  for (const [name, table] of Object.entries(outputs)) {
    cw.subscribe(table, {
      onChange: (key: Key, row, time, add) => {
        log.push(`${time} ${name} ${add ? '+' : '-'} ${keyToString(key)} ${JSON.stringify(row)}`);
      },
    });
  }
  return { runtime: cw.build(), quotes, trades };
}

type Program = ReturnType<typeof build>;
type Ids = { quotes: [Key, cw.Row][]; trades: [Key, cw.Row][] };

/** Deterministic input of epoch `t` (inserts and removals on both sides, times out of order). */
function feed(p: Program, ids: Ids, t: number): void {
  const k = t % 2 === 0 ? 'a' : 'b';
  const quote = { k, t: (t * 7) % 11, q: t };
  ids.quotes.push([p.quotes.insert(quote), quote]);
  const trade = { k, t: (t * 5) % 9, p: t % 3 === 0 ? null : t * 10 };
  ids.trades.push([p.trades.insert(trade), trade]);
  if (t % 3 === 0) {
    const [id, row] = ids.trades.shift()!;
    p.trades.remove(id, row as never);
  }
  if (t % 4 === 0) {
    const [id, row] = ids.quotes.shift()!;
    p.quotes.remove(id, row as never);
  }
}

describe('temporal operators snapshot / restore', () => {
  it('continues a restored program exactly like the original', async () => {
    const logA: string[] = [];
    const clockA = { now: 0 };
    const a = build(logA, clockA);
    const idsA: Ids = { quotes: [], trades: [] };
    for (let t = 1; t <= 5; t++) {
      clockA.now = t * 3;
      feed(a, idsA, t);
      await a.runtime.step(t);
    }
    const snap = a.runtime.snapshot();
    const logB: string[] = [];
    const clockB = { now: clockA.now };
    const b = build(logB, clockB);
    b.runtime.restore(snap);
    const idsB: Ids = { quotes: idsA.quotes.slice(), trades: idsA.trades.slice() };
    const before = logA.length;
    for (let t = 6; t <= 12; t++) {
      clockA.now = clockB.now = t * 3;
      feed(a, idsA, t);
      feed(b, idsB, t);
      await a.runtime.step(t);
      await b.runtime.step(t);
      expect(logB).toEqual(logA.slice(before));
    }
    for (const name of [
      'asof',
      'interval',
      'asofBehavior',
      'intervalBehavior',
      'now',
      'filled',
      'diffs',
      'stamped',
      'idle',
    ]) {
      expect(
        logB.some((l) => l.split(' ')[1] === name),
        name,
      ).toBe(true);
    }
  });
});
