// Async transformers over streams: retractions, pending rows, chains, capacity, open/close, and live runs where calls
// hang (Pathway's test_commits_even_if_blocked_on_processing).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Batch } from '../engine/batch.js';
import { keyFromValue } from '../engine/key.js';
import * as cw from '../index.js';
import { AsyncTransformerDriver, type TransformerCalls } from './async-transformer-driver.js';
import type { LiveSourceIo } from './plan.js';
import { assertTableEquality, captureTables, tableFromMarkdown } from '../testing/index.js';

afterEach(() => {
  cw.clearGraph();
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const Ret = cw.schema({ ret: cw.INT });

describe('AsyncTransformer over streams', () => {
  it('retracts the result of a deleted row and calls again for a changed one', async () => {
    const input = tableFromMarkdown<{ value: number }>(`
        | value | __time__ | __diff__
      1 | 1     |    2     |    1
      2 | 2     |    2     |    1
      3 | 3     |    2     |    1
      2 | 2     |    4     |   -1
      3 | 3     |    6     |   -1
      3 | 30    |    6     |    1
    `);
    const seen: number[] = [];
    const t = cw.asyncTransformer(input, Ret, async ({ value }) => {
      seen.push(value);
      await sleep(value === 2 ? 20 : 1);
      return { ret: value + 1 };
    });
    await assertTableEquality(
      t.successful,
      tableFromMarkdown(`
        | ret
      1 | 2
      3 | 31
      `),
    );
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 30]);
  });

  it('shows a row as pending in outputTable until its call finishes', async () => {
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 5
    `);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const t = cw.asyncTransformer(input, Ret, async ({ value }) => {
      await gate;
      return { ret: value * 10 };
    });
    const changes: string[] = [];
    cw.subscribe(t.outputTable, {
      onChange(_key, row, _time, isAddition) {
        changes.push(`${isAddition ? '+' : '-'}${String(row.ret)} ${row._async_status}`);
        if (row._async_status === '-PENDING-' && isAddition) setTimeout(release, 5);
      },
    });
    await cw.run();
    expect(changes).toEqual(['+null -PENDING-', '-null -PENDING-', '+50 -SUCCESS-']);
  });

  it('runs a transformer over another one to the end', async () => {
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 1
      2 | 2
    `);
    const first = cw.asyncTransformer(input, cw.schema({ value: cw.INT }), async ({ value }) => {
      await sleep(5 * value);
      return { value: value * 10 };
    });
    const second = cw.asyncTransformer(first.successful, Ret, async ({ value }) => {
      await sleep(3);
      return { ret: value + 1 };
    });
    await assertTableEquality(
      second.successful,
      tableFromMarkdown(`
        | ret
      1 | 11
      2 | 21
      `),
    );
  });

  it('keeps at most `capacity` calls in flight', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i + 1} | ${i}`).join('\n');
    const input = tableFromMarkdown<{ value: number }>(`  | value\n${rows}`);
    let inFlight = 0;
    let most = 0;
    const t = cw.asyncTransformer(
      input,
      Ret,
      async ({ value }) => {
        most = Math.max(most, ++inFlight);
        await sleep(2);
        inFlight--;
        return { ret: value };
      },
      { capacity: 3 },
    );
    const [c] = await captureTables([t.successful]);
    expect(c!.final.size).toBe(12);
    expect(most).toBe(3);
  });

  it('opens before the first call and closes once the run ends', async () => {
    const events: string[] = [];
    class Logged extends cw.AsyncTransformer<{ value: number }, { ret: number }> {
      override async open() {
        await sleep(2);
        events.push('open');
      }
      override close() {
        events.push('close');
      }
      invoke({ value }: { value: number }) {
        events.push(`invoke ${value}`);
        return { ret: value };
      }
    }
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 7
    `);
    await captureTables([new Logged(input, Ret).successful]);
    expect(events).toEqual(['open', 'invoke 7', 'close']);
  });

  it('fails every row when open() fails, and a result of the wrong type fails its row', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    class Broken extends cw.AsyncTransformer<{ value: number }, { ret: number }> {
      override open(): void {
        throw new Error('no connection');
      }
      invoke({ value }: { value: number }) {
        return { ret: value };
      }
    }
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 7
    `);
    const [broken] = await captureTables([new Broken(input, Ret).failed]);
    expect(broken!.final.size).toBe(1);
    const wrong = cw.asyncTransformer(input, Ret, ({ value }) => ({ ret: `x${value}` }) as never);
    const [w] = await captureTables([wrong.failed]);
    expect(w!.final.size).toBe(1);
    const text = warn.mock.calls.join('\n');
    expect(text).toContain('open() failed, so every call fails: no connection');
    expect(text).toMatch(/column ret: cannot create an object of type INT from value "x7"/);
  });

  it('refuses an output schema with the status column', () => {
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 7
    `);
    expect(() =>
      cw.asyncTransformer(input, cw.schema({ _async_status: cw.STR }), () => ({ _async_status: 'x' })),
    ).toThrow(/may not have a column named _async_status/);
  });

  it('test_commits_even_if_blocked_on_processing: rows flow while calls hang; stop() ends the run', async () => {
    const a = cw.demo.rangeStream({ nbRows: 4, inputRate: 1000, autocommitDurationMs: 5 });
    const b = cw.demo.rangeStream({ nbRows: 4, inputRate: 1000, autocommitDurationMs: 5 });
    const done = cw.asyncTransformer(b, cw.schema({ value: cw.FLOAT }), async ({ value }) => {
      if (value > 1) await new Promise(() => undefined);
      return { value };
    }).successful;
    const res = a.join(done).select({ l: cw.left.value.add(1), r: cw.right.value.add(1) });
    const rows = new Set<string>();
    let reached!: () => void;
    const eight = new Promise<void>((resolve) => (reached = resolve));
    cw.subscribe(res, {
      onChange(_key, row, _time, isAddition) {
        if (isAddition) rows.add(`${row.l},${row.r}`);
        if (rows.size === 8) reached();
      },
    });
    const rt = cw.build();
    const running = rt.run();
    await eight;
    await rt.stop();
    await running;
    expect([...rows].sort()).toEqual(['1,1', '1,2', '2,1', '2,2', '3,1', '3,2', '4,1', '4,2']);
  });

  it('checkpoints the rows shown and the changes not released; a restored driver calls again and retracts', async () => {
    const gates: (() => void)[] = [];
    const calls = (): TransformerCalls => ({
      width: 1,
      open: () => Promise.resolve(),
      close: () => Promise.resolve(),
      call: async ([v]) => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return [(v as number) * 10];
      },
    });
    const pushed: string[] = [];
    const io = (): LiveSourceIo => ({
      push: (key, row, diff) => pushed.push(`${diff > 0 ? '+' : '-'}${key === k1 ? 1 : 2}:${String(row[0])}`),
      commit: () => Promise.resolve(true),
      finish: () => undefined,
      error: () => undefined,
      idle: () => undefined,
    });
    const [k1, k2] = [keyFromValue(1), keyFromValue(2)];
    const a = new AsyncTransformerDriver(calls(), false);
    await a.start(io());
    a.receive(new Batch([k1, k2], [[1], [2]], [1, 1]), 2);
    await sleep(1);
    gates.shift()!();
    await sleep(1);
    expect(pushed).toEqual(['+1:10']);
    // Row 2's call is still in flight: the snapshot keeps its change, and row 1 as shown.
    const snap = structuredClone(a.snapshot());
    pushed.length = 0;
    const b = new AsyncTransformerDriver(calls(), false);
    b.restore(snap);
    await b.start(io());
    await sleep(1);
    gates.pop()!();
    await sleep(1);
    expect(pushed).toEqual(['+2:20']);
    b.receive(new Batch([k1], [[1]], [-1]), 4);
    await sleep(1);
    expect(pushed).toEqual(['+2:20', '-1:10']);
  });
});
