import { afterEach, describe, expect, it } from 'vitest';
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
