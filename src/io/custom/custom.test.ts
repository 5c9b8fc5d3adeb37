import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';

afterEach(() => cw.clearGraph());

const Pet = cw.schema({ name: cw.column(cw.STR, { primaryKey: true }), age: cw.INT });

describe('io.custom.fromIterable', () => {
  it('reads every row in one epoch in static mode', async () => {
    const t = cw.io.custom.fromIterable(
      [
        { name: 'a', age: 1 },
        { name: 'b', age: 2 },
      ],
      {
        schema: Pet,
        mode: 'static',
      },
    );
    const view = new LiveView(t.reduce({ total: cw.reducers.sum(t.c.age) }));
    await cw.run();
    expect(view.values()).toEqual([{ total: 3 }]);
    expect(view.epochs).toBe(1);
  });

  it('upserts by primary key and deletes with deletion()', async () => {
    async function* gen() {
      yield { name: 'a', age: 1 };
      yield { name: 'b', age: 2 };
      yield cw.io.custom.COMMIT;
      yield { name: 'a', age: 10 };
      yield cw.io.custom.deletion<{ name: string; age: number }>({ name: 'b' });
    }
    const t = cw.io.custom.fromIterable(gen(), { schema: Pet });
    const view = new LiveView(t);
    await cw.run();
    expect(view.values()).toEqual([{ name: 'a', age: 10 }]);
    expect(view.changes.filter((c) => c.diff < 0).map((c) => c.row)).toEqual([
      { name: 'a', age: 1 },
      { name: 'b', age: 2 },
    ]);
  });

  it('coerces text to the schema and logs malformed records with source and position', async () => {
    const t = cw.io.custom.fromIterable(
      [{ name: 'a', age: '7' }, { name: 'b', age: 'seven' }, { age: 3 }] as unknown as {
        name: string;
        age: number;
      }[],
      { schema: Pet, mode: 'static', name: 'pets' },
    );
    const view = new LiveView(t);
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.values()).toEqual([{ name: 'a', age: 7 }]);
    expect(log.values().map((r) => [r.operator, r.message])).toEqual([
      ['pets', 'malformed record at item 2: field "age": expected an integer, got "seven"'],
      ['pets', 'malformed record at item 3: missing field "name"'],
    ]);
  });

  it('stops the run on a malformed record under terminateOnError', async () => {
    const t = cw.io.custom.fromIterable(
      [{ name: 'a', age: 'x' }] as unknown as { name: string; age: number }[],
      {
        schema: Pet,
        mode: 'static',
        name: 'pets',
      },
    );
    cw.io.null.write(t);
    await expect(cw.run()).rejects.toThrow(/pets: malformed record at item 1: field "age"/);
  });

  it('commits streaming epochs by row count', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, age: i }));
    const t = cw.io.custom.fromIterable(rows, { schema: Pet, maxBatchRows: 3, autocommitDurationMs: 0 });
    const view = new LiveView(t.reduce({ n: cw.reducers.count() }));
    await cw.run();
    expect(view.values()).toEqual([{ n: 10 }]);
    expect(view.epochs).toBeGreaterThanOrEqual(4);
  });

  it('bounds the backlog: the source waits while the pipeline is behind', async () => {
    let maxAhead = 0;
    let produced = 0;
    let consumed = 0;
    async function* gen() {
      for (let i = 0; i < 200; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        yield { name: `p${i}`, age: i };
      }
    }
    const t = cw.io.custom.fromIterable(gen(), {
      schema: Pet,
      maxBatchRows: 10,
      maxBacklogRows: 20,
      autocommitDurationMs: 0,
    });
    cw.subscribe(t, {
      async onBatch(changes) {
        await new Promise((r) => setTimeout(r, 1));
        consumed += changes.length;
      },
    });
    await cw.run();
    expect(consumed).toBe(200);
    expect(maxAhead).toBeLessThanOrEqual(31);
  });
});

describe('io.custom.ConnectorSubject', () => {
  it('feeds a table from run(), with explicit commits, until run() returns', async () => {
    class Counter extends cw.io.custom.ConnectorSubject<{ name: string; age: number }> {
      async run() {
        this.next({ name: 'x', age: 1 });
        await this.commit();
        this.next({ name: 'x', age: 2 });
        this.next({ name: 'y', age: 5 });
        await this.commit();
        this.delete({ name: 'y' });
      }
    }
    const t = cw.io.custom.read(new Counter(), { schema: Pet });
    const view = new LiveView(t);
    await cw.run();
    expect(view.values()).toEqual([{ name: 'x', age: 2 }]);
    expect(view.epochs).toBe(3);
  });

  it('keeps a streaming subject running until the run is stopped, then calls onStop', async () => {
    let stopped = false;
    class Forever extends cw.io.custom.ConnectorSubject<{ name: string; age: number }> {
      async run() {
        let i = 0;
        while (!this.signal.aborted) {
          this.next({ name: `n${i % 3}`, age: i++ });
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      override onStop() {
        stopped = true;
      }
    }
    const t = cw.io.custom.read(new Forever(), { schema: Pet, autocommitDurationMs: 5 });
    const view = new LiveView(t);
    const run = runInBackground();
    await view.waitFor((v) => v.rows.size === 3 && v.epochs >= 2);
    await run.stop();
    expect(stopped).toBe(true);
    expect(view.rows.size).toBe(3);
  });

  it('ends when close() is called; rows after close are ignored', async () => {
    class Closer extends cw.io.custom.ConnectorSubject<{ name: string; age: number }> {
      run() {
        this.next({ name: 'a', age: 1 });
        this.close();
        this.next({ name: 'b', age: 2 });
      }
    }
    const view = new LiveView(cw.io.custom.read(new Closer(), { schema: Pet, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([{ name: 'a', age: 1 }]);
  });

  it('calls onStop once when run() returns (test_io.py::test_python_connector_on_stop)', async () => {
    let stops = 0;
    class Finite extends cw.io.custom.ConnectorSubject<Record<string, never>> {
      run() {}
      override onStop() {
        stops++;
      }
    }
    cw.io.null.write(cw.io.custom.read(new Finite(), { schema: cw.schema({}) }));
    await cw.run();
    expect(stops).toBe(1);
  });

  it('calls onStop when run() throws, and the run fails with the error of run(), not of onStop', async () => {
    let stops = 0;
    class Failing extends cw.io.custom.ConnectorSubject<{ name: string; age: number }> {
      run() {
        throw new Error('boom in run');
      }
      override onStop() {
        stops++;
        throw new Error('boom in onStop');
      }
    }
    cw.io.null.write(cw.io.custom.read(new Failing(), { schema: Pet, mode: 'static' }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await expect(cw.run()).rejects.toThrow('boom in run');
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/onStop\(\) failed after run\(\) failed: Error: boom in onStop/),
      ]);
    } finally {
      warn.mockRestore();
    }
    expect(stops).toBe(1);
  });
});
