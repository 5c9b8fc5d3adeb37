// Append-only properties beyond Pathway's ports: sources holding their schema's promise, and what the engine saves by
// it (a non-deterministic UDF over rows never retracted remembers no results).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const Events = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), v: cw.INT }, { appendOnly: true });

describe('sources declared append-only', () => {
  it('an input table refuses to retract a row: remove, upsert of a known key, delete, negative pushes', () => {
    const input = cw.inputTable(Events);
    cw.subscribe(input.table, { onChange: () => {} });
    cw.build();
    const k = input.upsert({ id: 1, v: 10 });
    const promise = /would retract a row, but the schema declares the table append-only/;
    expect(() => input.upsert({ id: 1, v: 11 })).toThrow(promise);
    expect(() => input.delete({ id: 1 })).toThrow(promise);
    expect(() => input.remove(k, { id: 1, v: 10 })).toThrow(promise);
    expect(() => input.pushRaw(k, [1, 10], -1)).toThrow(promise);
    expect(() => input.pushColumns([k], [[1], [10]], -1)).toThrow(promise);
    expect(() => input.pushColumns([k], [[1], [10]], [-1])).toThrow(promise);
    // Insertions still go in.
    expect(() => input.upsert({ id: 2, v: 20 })).not.toThrow();
    expect(input.table.isAppendOnly).toBe(true);
  });

  it('an input table without the promise takes retractions and is not append-only', () => {
    const input = cw.inputTable(cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), v: cw.INT }));
    cw.subscribe(input.table, { onChange: () => {} });
    cw.build();
    input.upsert({ id: 1, v: 10 });
    expect(() => input.upsert({ id: 1, v: 11 })).not.toThrow();
    expect(input.table.isAppendOnly).toBe(false);
  });

  it('tableFromRows refuses a retracting row under an append-only schema, naming it', () => {
    expect(() =>
      cw.tableFromRows(Events, [
        { row: { id: 1, v: 10 }, time: 2 },
        { row: { id: 1, v: 10 }, time: 4, diff: -1 },
      ]),
    ).toThrow(/row 1 retracts a row \(diff -1\), but the schema declares the table append-only/);
  });
});

describe('connectors', () => {
  const Kv = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });

  it('a source read with appendOnly is append-only; a retraction it still makes is reported and skipped', async () => {
    const t = cw.io.readSource(
      {
        name: 'log',
        run: async (ctx) => {
          const h = ctx.insert({ k: 'a', v: 1 }, 'line 1')!;
          await ctx.commit();
          ctx.retract(h);
          ctx.insert({ k: 'b', v: 2 }, 'line 2');
          await ctx.commit();
        },
      },
      Kv,
      { mode: 'static', appendOnly: true },
    );
    expect(t.isAppendOnly).toBe(true);
    const [rows, log] = await captureTables([t.select({ k: cw.this.k }), cw.globalErrorLog()], {
      terminateOnError: false,
    });
    expect([...rows!.final.entries].map(([, g]) => g.rows[0]![0]).sort()).toEqual(['a', 'b']);
    const messages = [...log!.final.entries].map(([, g]) => String(g.rows[0]![1]));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /a retraction, but the table is append-only \(appendOnly, of the source or its schema\)/,
    );
  });

  it('PostgreSQL and MySQL reads are append-only in static mode (one snapshot), not in streaming mode', () => {
    const options = {
      connection: { host: '127.0.0.1', database: 'test' },
      tableName: 't',
      schema: Kv,
    } as const;
    expect(cw.io.postgres.read({ ...options, mode: 'static' }).isAppendOnly).toBe(true);
    expect(cw.io.postgres.read({ ...options }).isAppendOnly).toBe(false);
    expect(cw.io.mysql.read({ ...options, mode: 'static' }).isAppendOnly).toBe(true);
    expect(cw.io.mysql.read({ ...options }).isAppendOnly).toBe(false);
  });
});

describe('non-deterministic UDFs over append-only tables', () => {
  /** The state of the UDF operator of the program computing `out`, after running it (undefined: it keeps none). */
  async function udfStateOf(out: cw.Table<any>): Promise<unknown> {
    cw.subscribe(out, { onChange: () => {} });
    const runtime = cw.build();
    const before = calls;
    await runtime.run();
    expect(calls).toBeGreaterThan(before);
    const snap = runtime.snapshot().circuit;
    const at = snap.kinds!.findIndex((k) => k.startsWith('udf'));
    expect(at).toBeGreaterThanOrEqual(0);
    return snap.operators[at];
  }

  /** Calls of the functions `roll` made. */
  let calls = 0;
  /** A function giving another value at each call. */
  const roll = () => cw.udf((a: number) => a * 100 + ++calls, { deterministic: false });

  /** The UDF state of `t.select({ r: roll(a) })`. */
  const udfState = (t: cw.Table<any>): Promise<unknown> => udfStateOf(t.select({ r: roll()(cw.this.a) }));

  it('remember no results when no row is ever retracted (Pathway: deterministic or append_only)', async () => {
    const t = tableFromMarkdown(`
      a
      1
      2`);
    expect(await udfState(t)).toBeUndefined();
  });

  it('remember no results over an inner join of append-only tables; results over an outer join', async () => {
    const stateOver = (how: 'inner' | 'left'): Promise<unknown> => {
      cw.clearGraph();
      const l = tableFromMarkdown(`
        k | a
        1 | 10`);
      const r = tableFromMarkdown(`
        k | b
        1 | 20`);
      return udfStateOf(l.join(r, l.c.k.eq(r.c.k), { how }).select({ x: roll()(cw.left.a) }));
    };
    expect(await stateOver('inner')).toBeUndefined();
    expect(await stateOver('left')).toBeDefined();
  });

  it('remember results when rows may be retracted, so a retraction carries the value its insertion did', async () => {
    const t = tableFromMarkdown(`
      a | __time__ | __diff__
      1 |    2     |    1
      1 |    4     |   -1`);
    expect(await udfState(t)).toBeDefined();
  });
});
