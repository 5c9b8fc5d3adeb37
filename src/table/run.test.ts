import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { subscriptionSink } from './run.js';
import { tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const Row = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });

describe('subscribe', () => {
  it('delivers every change in order to a synchronous onChange, and the step completes synchronously', () => {
    const input = cw.inputTable(Row);
    const seen: string[] = [];
    cw.subscribe(input.table, {
      onChange: (_key, row, time, isAddition) =>
        void seen.push(`${time}:${row.k}=${row.v}:${isAddition ? '+' : '-'}`),
      onTimeEnd: (time) => void seen.push(`end ${time}`),
    });
    const runtime = cw.build();
    input.upsert({ k: 'a', v: 1 });
    expect(runtime.step(1)).toBeUndefined();
    input.upsert({ k: 'a', v: 2 });
    expect(runtime.step(2)).toBeUndefined();
    expect(seen).toEqual(['1:a=1:+', 'end 1', '2:a=1:-', '2:a=2:+', 'end 2']);
  });

  it('waits for an async onChange before the next change and before the epoch ends', async () => {
    const input = cw.inputTable(Row);
    const seen: string[] = [];
    cw.subscribe(input.table, {
      onRawBatch: (keys) => void seen.push(`raw ${keys.length}`),
      onChange: async (_key, row) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(row.k);
      },
      onTimeEnd: (time) => void seen.push(`end ${time}`),
    });
    const runtime = cw.build();
    input.upsert({ k: 'a', v: 1 });
    input.upsert({ k: 'b', v: 1 });
    await runtime.step(1);
    expect(seen).toEqual(['raw 2', 'a', 'b', 'end 1']);
  });

  it('runs static programs to the end with cw.run and calls onEnd once', async () => {
    const t = cw.tableFromRows(Row, [
      { row: { k: 'a', v: 1 }, time: 2 },
      { row: { k: 'b', v: 5 }, time: 4 },
    ]);
    const total = t.reduce({ s: cw.reducers.sum(t.c.v) });
    const seen: number[] = [];
    let ends = 0;
    cw.subscribe(total, {
      onChange: (_k, row, _t, add) => void (add && seen.push(row.s)),
      onEnd: () => void ends++,
    });
    await cw.run();
    expect(seen).toEqual([1, 6]);
    expect(ends).toBe(1);
  });
});

describe('subscribe({ partialBatches })', () => {
  const L = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });
  const R = cw.schema({ rid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });

  function program(partialBatches: boolean | undefined, waits?: (() => void)[]) {
    const left = cw.inputTable(L);
    const right = cw.inputTable(R);
    const l = left.table;
    const r = right.table;
    const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, rid: cw.right.rid });
    const calls: string[] = [];
    let rows = 0;
    cw.subscribe(joined, {
      partialBatches,
      onRawBatch: (keys, _rows, diffs, time) => {
        calls.push(`raw ${time} ${keys.length}`);
        rows += diffs.reduce((a, d) => a + d, 0);
        return waits ? new Promise<void>((res) => void waits.push(res)) : undefined;
      },
      onTimeEnd: (time) => void calls.push(`end ${time}`),
    });
    const runtime = cw.build({ partRows: 4 });
    for (let i = 0; i < 10; i++) left.upsert({ lid: i, k: i % 2 });
    for (let i = 0; i < 6; i++) right.upsert({ rid: i, k: i % 2 });
    return { runtime, calls, rows: () => rows };
  }

  it('delivers a large load in parts of the same time, then ends the epoch once', () => {
    const p = program(true);
    expect(p.runtime.step(1)).toBeUndefined();
    // 10 left rows run first (no right rows yet: no output), then the 6 right rows in passes of 4 and 2.
    expect(p.calls).toEqual(['raw 1 20', 'raw 1 10', 'end 1']);
    expect(p.rows()).toBe(30);
  });

  it('waits for an async callback between parts', async () => {
    const waits: (() => void)[] = [];
    const p = program(true, waits);
    const pending = p.runtime.step(1);
    expect(p.calls).toEqual(['raw 1 20']);
    waits.shift()!();
    await new Promise((res) => setTimeout(res, 0));
    // Between the passes: the second part is delivered and awaited; the epoch is still running.
    expect(p.calls).toEqual(['raw 1 20', 'raw 1 10']);
    expect(() => p.runtime.step(2)).toThrow(/still running/);
    waits.shift()!();
    await pending;
    expect(p.calls).toEqual(['raw 1 20', 'raw 1 10', 'end 1']);
  });

  it('delivers the epoch in one call without the option', () => {
    const p = program(undefined);
    expect(p.runtime.step(1)).toBeUndefined();
    expect(p.calls).toEqual(['raw 1 30', 'end 1']);
  });

  it('never splits an epoch with partRows 0, and rejects a bad partRows', () => {
    cw.clearGraph();
    const t = cw.inputTable(L);
    cw.subscribe(t.table, { partialBatches: true, onRawBatch: () => undefined });
    expect(cw.build({ partRows: 0 }).circuit.partRows).toBe(0);
    expect(() => cw.build({ partRows: -1 })).toThrow(/partRows must be a non-negative integer/);
  });

  it('lets onChange-only subscriptions take parts unless partialBatches is false', () => {
    const t = cw.inputTable(L).table;
    const onChange = () => undefined;
    expect(subscriptionSink(t, { onChange }).acceptsParts).toBe(true);
    expect(subscriptionSink(t, { onChange, partialBatches: false }).acceptsParts).toBe(false);
    expect(subscriptionSink(t, { onRawBatch: onChange }).acceptsParts).toBe(false);
  });
});

describe('subscribe callbacks returning values', () => {
  it('ignores what onChange, onBatch and onTimeEnd return unless it is a promise (arrow functions that push)', async () => {
    const input = cw.inputTable(Row);
    const rows: unknown[] = [];
    const batches: unknown[] = [];
    const times: number[] = [];
    // Plain JavaScript (or `any`) callbacks may return whatever their last expression is.
    const options = {
      onChange: (_k: unknown, row: unknown) => rows.push(row),
      onBatch: (changes: unknown[]) => batches.push(changes.length),
      onTimeEnd: (time: number) => times.push(time),
      onEnd: () => null,
    } as unknown as cw.SubscribeOptions<{ k: string; v: number }>;
    cw.subscribe(input.table, options);
    const runtime = cw.build();
    input.upsert({ k: 'a', v: 1 });
    input.upsert({ k: 'b', v: 2 });
    expect(runtime.step(1)).toBeUndefined();
    expect(rows).toHaveLength(2);
    expect(batches).toEqual([2]);
    expect(times).toEqual([1]);
  });
});

describe('subscribe and error values (Pathway test_subscribe)', () => {
  const program = (skipErrors?: boolean) => {
    const t = tableFromMarkdown(`
      a | b
      3 | 3
      4 | 0
      6 | 2`).withColumns({ x: cw.this.a.floordiv(cw.this.b) });
    const seen: unknown[] = [];
    cw.subscribe(t, {
      ...(skipErrors === undefined ? {} : { skipErrors }),
      onChange: (_k, row) => void seen.push(row.x),
    });
    return seen;
  };
  it('skips rows holding an error value and logs them, by default', async () => {
    const seen = program();
    const log: unknown[] = [];
    cw.subscribe(cw.globalErrorLog(), { onChange: (_k, row) => void log.push(row.message) });
    await cw.run({ terminateOnError: false });
    expect(seen.sort()).toEqual([1, 3]);
    expect(log).toContainEqual(expect.stringMatching(/skipped a row holding an error value/));
  });
  it('hands them over with skipErrors: false', async () => {
    const seen = program(false);
    await cw.run({ terminateOnError: false });
    expect(seen).toHaveLength(3);
  });
});

describe('subscribe({ onRawRows }): ids nothing reads are not made', () => {
  const L = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, a: cw.INT });
  const R = cw.schema({ rid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, b: cw.INT });

  /** A join of two input tables; `sorted` renders what a subscriber saw as `lid-rid:a/b×diff` per epoch. */
  function program() {
    const left = cw.inputTable(L);
    const right = cw.inputTable(R);
    const l = left.table;
    const r = right.table;
    const joined = l
      .join(r, l.c.k.eq(r.c.k))
      .select({ lid: cw.left.lid, rid: cw.right.rid, a: l.c.a, b: r.c.b });
    return { left, right, joined };
  }
  const render = (rows: readonly (readonly unknown[])[], diffs: readonly number[]) =>
    rows.map((row, i) => `${row.join('/')}×${diffs[i]}`).sort();

  it('delivers a join output as rows and diffs, consolidated, with updates on either side', () => {
    const { left, right, joined } = program();
    const seen: string[][] = [];
    cw.subscribe(joined, { onRawRows: (rows, diffs) => void seen.push(render(rows, diffs)) });
    const runtime = cw.build();
    left.upsert({ lid: 1, k: 7, a: 10 });
    right.upsert({ rid: 2, k: 7, b: 20 });
    right.upsert({ rid: 3, k: 7, b: 30 });
    expect(runtime.step(1)).toBeUndefined();
    left.upsert({ lid: 1, k: 7, a: 11 });
    expect(runtime.step(2)).toBeUndefined();
    // Both sides in one epoch: a row inserted and retracted within it cancels (the output is consolidated).
    const id4 = left.upsert({ lid: 4, k: 7, a: 40 });
    right.upsert({ rid: 5, k: 7, b: 50 });
    left.remove(id4, { lid: 4, k: 7, a: 40 });
    expect(runtime.step(3)).toBeUndefined();
    expect(seen).toEqual([
      ['1/2/10/20×1', '1/3/10/30×1'],
      ['1/2/10/20×-1', '1/2/11/20×1', '1/3/10/30×-1', '1/3/11/30×1'],
      ['1/5/11/50×1'],
    ]);
  });

  it('gives a subscriber of ids the same pair ids as when no subscriber skips them', () => {
    const ids = (withRawRows: boolean) => {
      const { left, right, joined } = program();
      const keys: string[] = [];
      if (withRawRows) cw.subscribe(joined, { onRawRows: () => undefined });
      cw.subscribe(joined, {
        onChange: (key, row, _t, add) =>
          void keys.push(`${cw.keyToString(key)} ${row.lid}-${row.rid} ${add}`),
      });
      const runtime = cw.build();
      left.upsert({ lid: 1, k: 7, a: 10 });
      right.upsert({ rid: 2, k: 7, b: 20 });
      expect(runtime.step(1)).toBeUndefined();
      left.upsert({ lid: 1, k: 7, a: 11 });
      expect(runtime.step(2)).toBeUndefined();
      cw.clearGraph();
      return keys;
    };
    const plain = ids(false);
    expect(plain).toHaveLength(3);
    expect(ids(true)).toEqual(plain);
  });

  it('skips a joined row holding an error value and keeps the others', () => {
    const left = cw.inputTable(L);
    const right = cw.inputTable(R);
    const l = left.table;
    const r = right.table;
    const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, q: l.c.a.floordiv(r.c.b) });
    const seen: string[][] = [];
    cw.subscribe(joined, { onRawRows: (rows, diffs) => void seen.push(render(rows, diffs)) });
    const runtime = cw.build({ terminateOnError: false });
    left.upsert({ lid: 1, k: 7, a: 10 });
    right.upsert({ rid: 2, k: 7, b: 0 });
    right.upsert({ rid: 3, k: 7, b: 5 });
    expect(runtime.step(1)).toBeUndefined();
    expect(seen).toEqual([['1/2×1']]);
  });

  it('keeps error rows with skipErrors: false, calls onRawRows on its options and awaits its promise', async () => {
    const left = cw.inputTable(L);
    const right = cw.inputTable(R);
    const l = left.table;
    const r = right.table;
    const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, q: l.c.a.floordiv(r.c.b) });
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const options = {
      skipErrors: false,
      tag: 'mine',
      onRawRows(this: { tag: string }, rows: readonly (readonly unknown[])[]) {
        seen.push(
          `${this.tag}:${rows.map((row) => (row[1] instanceof cw.ErrorValue ? 'error' : row[1])).join(',')}`,
        );
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    cw.subscribe(joined, options);
    const runtime = cw.build({ terminateOnError: false });
    left.upsert({ lid: 1, k: 7, a: 10 });
    right.upsert({ rid: 2, k: 7, b: 0 });
    const step = runtime.step(1);
    expect(step).toBeInstanceOf(Promise);
    let done = false;
    void step!.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await step;
    expect(seen).toEqual(['mine:error']);
  });

  it('delivers a count per group as rows, and an id subscriber beside it gets the same ids', () => {
    const W = cw.schema({ word: cw.STR });
    const run = (withRawRows: boolean) => {
      const input = cw.inputTable(W);
      const counts = input.table.groupBy('word').reduce({ word: cw.this.word, n: cw.reducers.count() });
      const rows: string[][] = [];
      cw.subscribe(counts, { onRawRows: (rs, diffs) => void rows.push(render(rs, diffs)) });
      const ids: string[] = [];
      if (!withRawRows)
        cw.subscribe(counts, {
          onChange: (key, row, _t, add) => void ids.push(`${cw.keyToString(key)} ${row.word} ${add}`),
        });
      const runtime = cw.build();
      const a = input.appendRaw(['a']);
      input.appendRaw(['b']);
      expect(runtime.step(1)).toBeUndefined();
      input.remove(a, { word: 'a' });
      input.appendRaw(['b']);
      expect(runtime.step(2)).toBeUndefined();
      cw.clearGraph();
      return { rows, ids };
    };
    const lazy = run(true);
    expect(lazy.rows).toEqual([
      ['a/1×1', 'b/1×1'],
      ['a/1×-1', 'b/1×-1', 'b/2×1'],
    ]);
    const eager = run(false);
    expect(eager.rows).toEqual(lazy.rows);
    expect(eager.ids).toHaveLength(5);
  });
});
