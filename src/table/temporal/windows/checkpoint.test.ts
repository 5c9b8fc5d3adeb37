// Snapshot/restore of windowed programs: a program with every stateful temporal operator (watermark, late filter,
// buffer, forgetting reduce, sessions, forget, marked forget and its filter) is snapshotted mid-stream, restored into the same program built again,
// and both continue with the same input to identical outputs.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';

afterEach(() => cw.clearGraph());

function build(log: string[]) {
  cw.clearGraph();
  const input = cw.inputTable(cw.schema({ t: cw.INT, v: cw.INT }));
  const t = input.table;
  const other = t.select({ t: cw.this.t.add(1), v: cw.this.v });
  const outputs = {
    sliding: t
      .windowBy(t.c.t, {
        window: cw.temporal.sliding({ hop: 3, duration: 6 }),
        behavior: cw.temporal.commonBehavior({ delay: 2, cutoff: 4, keepResults: false }),
      })
      .reduce({ start: cw.this._windowStart, n: cw.reducers.count(), hi: cw.reducers.max(cw.this.v) }),
    once: t
      .windowBy(t.c.t, {
        window: cw.temporal.tumbling({ duration: 5 }),
        behavior: cw.temporal.exactlyOnceBehavior(),
      })
      .reduce({ start: cw.this._windowStart, s: cw.reducers.sum(cw.this.v) }),
    sessions: t
      .windowBy(t.c.t, { window: cw.temporal.session({ maxGap: 2 }) })
      .reduce({ start: cw.this._windowStart, end: cw.this._windowEnd, n: cw.reducers.count() }),
    sessionsBehavior: t
      .windowBy(t.c.t, {
        window: cw.temporal.session({ maxGap: 2 }),
        behavior: cw.temporal.commonBehavior({ delay: 1, cutoff: 3, keepResults: false }),
      })
      .reduce({ start: cw.this._windowStart, end: cw.this._windowEnd, n: cw.reducers.count() }),
    forgotten: t.forget(t.c.t, 5),
    // Marked forgetting: every epoch then ends with a forgetting pass, and every output waits for it.
    forgetFiltered: (() => {
      const f = t.forget(t.c.t, 3, { markForgettingRecords: true });
      return f
        .groupBy(f.c.v)
        .reduce({ v: f.c.v, n: cw.reducers.count() })
        .filterOutResultsOfForgetting({ ensureConsistency: true });
    })(),
    windowJoinBehavior: cw.temporal
      .windowJoinOuter(t, other, t.c.t, other.c.t, cw.temporal.sliding({ hop: 2, duration: 4 }), {
        behavior: cw.temporal.commonBehavior({ delay: 1, cutoff: 2 }),
      })
      .select({ a: cw.left.v, b: cw.right.v }),
  };
  for (const [name, table] of Object.entries(outputs) as [string, cw.Table<any>][]) {
    cw.subscribe(table, {
      onChange: (_k, row, time, add) => {
        log.push(`${name} ${time} ${JSON.stringify(row)} ${add ? '+' : '-'}`);
      },
    });
  }
  return { input, runtime: cw.build() };
}

/** Deterministic out-of-order input for epoch `e`. */
function feed(p: ReturnType<typeof build>, e: number): void {
  for (let i = 0; i < 4; i++) p.input.insert({ t: e * 2 + ((i * 7 + e) % 5) - 2, v: (e * 13 + i * 5) % 11 });
}

describe('windowed programs: snapshot / restore', () => {
  it('continues a restored program exactly like the original', async () => {
    const logA: string[] = [];
    const a = build(logA);
    for (let e = 0; e < 10; e++) {
      feed(a, e);
      await a.runtime.step(e);
    }
    const snap = structuredClone(a.runtime.snapshot());
    const logB: string[] = [];
    const b = build(logB);
    b.runtime.restore(snap);
    const cut = logA.length;
    for (let e = 10; e < 25; e++) {
      feed(a, e);
      feed(b, e);
      await a.runtime.step(e);
      await b.runtime.step(e);
    }
    expect(logB).toEqual(logA.slice(cut));
    expect(logB.length).toBeGreaterThan(10);
    expect(logB.some((l) => l.startsWith('sessionsBehavior '))).toBe(true);
    expect(logB.some((l) => l.startsWith('windowJoinBehavior '))).toBe(true);
    expect(logB.some((l) => l.startsWith('forgetFiltered '))).toBe(true);
  });
});
