import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import { InputOperator } from '../engine/input-operator.js';
import { keyFromValue } from '../engine/key.js';
import { INT } from './dtype.js';
import { planNode, type LiveDriver } from './plan.js';
import { Table } from './table.js';

afterEach(() => cw.clearGraph());

/** A table fed by a live driver (what connectors build on). */
function liveTable(driver: LiveDriver): Table<{ x: number }> {
  const node = planNode('live-test', [], undefined, (ctx) => {
    const input = ctx.add(new InputOperator<unknown[]>('live-test'), node);
    ctx.addSource({ kind: 'live', input, driver });
    return input;
  });
  return new Table<{ x: number }>([{ name: 'x', dtype: INT }], node);
}

describe('Runtime with live sources', () => {
  it('steps one epoch per commit with increasing times and ends when every source finishes', async () => {
    const t = liveTable({
      async start(io) {
        for (let i = 1; i <= 3; i++) {
          io.push(keyFromValue(i), [i], 1);
          await io.commit();
        }
        io.finish();
      },
    });
    const total = t.reduce({ s: cw.reducers.sum(t.c.x) });
    const seen: [number, number][] = [];
    cw.subscribe(total, { onChange: (_k, row, time, add) => void (add && seen.push([time, row.s])) });
    await cw.run();
    expect(seen.map(([, s]) => s)).toEqual([1, 3, 6]);
    const times = seen.map(([time]) => time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(3);
  });

  it('stops the sources and rejects when a step fails', async () => {
    let stopped = false;
    const t = liveTable({
      async start(io) {
        io.push(keyFromValue(1), [0], 1);
        await io.commit();
        io.finish();
      },
      stop() {
        stopped = true;
      },
    });
    cw.subscribe(t.select({ y: cw.this.x.floordiv(0) }), {});
    await expect(cw.run()).rejects.toThrow(cw.DataError);
    expect(stopped).toBe(true);
  });
});

describe('Runtime.run ending the sinks', () => {
  const rows = cw.schema({ x: cw.INT });

  it('ends every sink when the run fails, and rejects with the error of the run (test_io.py::test_immediate_connector_errors)', async () => {
    const ended: string[] = [];
    const t = cw.io.custom.fromIterable([{ x: 1 }], { schema: rows, mode: 'static' });
    cw.io.writeSink(t, {
      name: 'broken',
      write: () => {
        throw new Error('no space left on device');
      },
      close: () => {
        ended.push('broken');
        throw new Error('close failed too');
      },
    });
    cw.io.writeSink(t, { name: 'fine', write: () => undefined, close: () => void ended.push('fine') });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expect(cw.run()).rejects.toThrow('no space left on device');
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/close failed too/)]);
    } finally {
      warn.mockRestore();
    }
    expect(ended.sort()).toEqual(['broken', 'fine']);
  });

  it('ends every sink after a successful run even when one fails to end, then rejects with that failure', async () => {
    const ended: string[] = [];
    const t = cw.io.custom.fromIterable([{ x: 1 }], { schema: rows, mode: 'static' });
    cw.io.writeSink(t, {
      name: 'a',
      write: () => undefined,
      close: () => {
        ended.push('a');
        throw new Error('cannot close a');
      },
    });
    cw.io.writeSink(t, { name: 'b', write: () => undefined, close: () => void ended.push('b') });
    await expect(cw.run()).rejects.toThrow('cannot close a');
    expect(ended.sort()).toEqual(['a', 'b']);
  });
});

describe('subscriptions when the run fails', () => {
  it("do not get onEnd (it means the run completed, as Pathway's on_end), while connector sinks are closed", async () => {
    const t = cw.io.custom.fromIterable([{ x: 1 }], { schema: cw.schema({ x: cw.INT }), mode: 'static' });
    let subscriptionEnded = false;
    let closed = false;
    cw.subscribe(t, {
      onChange: () => {
        throw new Error('callback failed');
      },
      onEnd: () => void (subscriptionEnded = true),
    });
    cw.io.writeSink(t, { name: 'file', write: () => undefined, close: () => void (closed = true) });
    await expect(cw.run()).rejects.toThrow('callback failed');
    expect(subscriptionEnded).toBe(false);
    expect(closed).toBe(true);
  });
});
