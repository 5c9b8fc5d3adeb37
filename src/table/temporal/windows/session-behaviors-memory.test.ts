// Bounded memory of session windows with a cutoff: after many epochs of an advancing stream, the program's state
// (its snapshot) stops growing; without a cutoff it grows with the input.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { stateSize } from './state-size.test-util.js';

afterEach(() => cw.clearGraph());

async function sizes(behavior: cw.temporal.Behavior | undefined): Promise<[number, number]> {
  cw.clearGraph();
  const input = cw.inputTable(cw.schema({ i: cw.STR, t: cw.INT, v: cw.INT }));
  const t = input.table;
  const r = t
    .windowBy(t.c.t, { window: cw.temporal.session({ maxGap: 3 }), behavior, instance: t.c.i })
    .reduce({ start: cw.this._windowStart, n: cw.reducers.count(), s: cw.reducers.sum(cw.this.v) });
  cw.subscribe(r, { onChange: () => {} });
  const rt = cw.build();
  const out: number[] = [];
  for (let e = 1; e <= 400; e++) {
    // Bursts of events (sessions) with gaps, some late, a few far too late.
    const base = e * 2 + (e % 10 === 0 ? 5 : 0);
    input.insert({ i: e % 2 === 0 ? 'a' : 'b', t: base - (e % 7 === 0 ? 40 : e % 3), v: e });
    await rt.step(e);
    if (e === 100 || e === 400) out.push(stateSize(rt.snapshot()));
  }
  return [out[0]!, out[1]!];
}

describe('windowBy(session) with a cutoff keeps bounded state', () => {
  it('holds no more state after 400 epochs than after 100', async () => {
    const [at100, at400] = await sizes(cw.temporal.commonBehavior({ delay: 2, cutoff: 4 }));
    expect(at400).toBeLessThanOrEqual(at100 + 10);
  });

  it('grows without a behavior (control)', async () => {
    const [at100, at400] = await sizes(undefined);
    expect(at400).toBeGreaterThan(at100 * 3);
  });
});
