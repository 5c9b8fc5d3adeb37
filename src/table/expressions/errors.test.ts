import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../../testing/index.js';
import type { Key } from '../../engine/key.js';
import { compileRow } from '../expression-compiler.js';
import { ColumnRef } from '../expression.js';
import { SlotScope } from '../scope.js';

afterEach(() => cw.clearGraph());

const show = (v: unknown): unknown => (v instanceof cw.ErrorValue ? 'Error' : v);

describe('errors as data', () => {
  it('propagates an Error cell through later expressions and tables, and fillError replaces it', async () => {
    const t = tableFromMarkdown(`
      a | b
      6 | 3
      1 | 0`);
    const q = t.select({ a: t.c.a, q: t.c.a.floordiv(t.c.b) });
    const r = q.select({
      a: q.c.a,
      next: q.c.q.add(1).mul(2),
      cmp: q.c.q.gt(0),
      str: q.c.q.str.toString(),
      isErr: q.c.q.eq(q.c.q).isNone(),
      filled: cw.fillError(q.c.q.add(1), -1),
    });
    const rows = await tableToRows<Record<string, unknown>>(r, { terminateOnError: false });
    const byA = rows
      .sort((x, y) => Number(x['a']) - Number(y['a']))
      .map((x) => r.columnNames().map((n) => show(x[n])));
    expect(byA).toEqual([
      [1, 'Error', 'Error', 'Error', 'Error', -1],
      [6, 6, true, '2', false, 3],
    ]);
  });

  it('logs each failing cell in the global error log with the user line that built the expression', async () => {
    const t = tableFromMarkdown(`
      s
      12
      x`);
    const r = t.select({ n: cw.this.s.str.parseInt() });
    const [, log] = await captureTables([r, cw.globalErrorLog()], { terminateOnError: false });
    const entries = [...log!.final.entries].flatMap(([, g]) => g.rows);
    expect(entries).toHaveLength(1);
    const [operator, message, trace] = entries[0]!;
    expect(String(message)).toMatch(/str\.parseInt: invalid literal for int\(\) with base 10: 'x'/);
    expect(String(trace)).toMatch(/errors\.test\.ts:\d+/);
    expect(String(operator)).toMatch(/select/);
  });

  it('stops the run by default (terminateOnError) with a DataError naming the user line', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 0`);
    const r = t.select({ q: t.c.a.div(t.c.b) });
    const err = await tableToRows(r).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(cw.DataError);
    expect((err as Error).message).toMatch(/division by zero/);
    expect((err as Error).message).toMatch(/in the expression built at .*errors\.test\.ts:\d+/);
  });

  it('does not fail in the branch ifElse does not take', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 0
      4 | 2`);
    const r = t.select({ a: t.c.a, q: cw.ifElse(t.c.b.ne(0), t.c.a.div(t.c.b), 0) });
    const rows = await tableToRows<{ a: number; q: number }>(r);
    expect(rows.map((x) => [x.a, x.q]).sort()).toEqual([
      [1, 0],
      [4, 2],
    ]);
  });
});

describe('compiled expressions', () => {
  it('evaluate 1e5 rows through one generated function without per-row closures', () => {
    const table = {};
    const scope = new SlotScope([
      { table, aliases: ['this'], columns: ['a', 'b', 's'], offset: 0, idPosition: 'key' },
    ]);
    const a = new ColumnRef<number>(table, 'a', cw.INT);
    const b = new ColumnRef<number>(table, 'b', cw.INT);
    const s = new ColumnRef<string>(table, 's', cw.STR);
    const fn = compileRow(
      [
        a.add(b).mul(2),
        a.floordiv(b),
        a.mod(b),
        a.div(b),
        s.str.upper(),
        s.str.find('x', 1),
        cw.coalesce(a, 0),
        a.lt(b).and(b.gt(0)),
      ],
      scope,
    );
    // The generated body holds no arrow functions or spreads: a row costs its output array only.
    const src = fn.toString();
    expect(src).not.toMatch(/=>|\.\.\./);
    const row: unknown[] = [0, 7, 'axbx'];
    const key = 'k0000000' as Key;
    let total = 0;
    for (let i = 0; i < 100_000; i++) {
      row[0] = i - 50_000;
      const out = fn(row, key);
      total += (out[0] as number) + (out[1] as number) + (out[2] as number) + (out[5] as number);
    }
    const expected = Array.from({ length: 100_000 }, (_, i) => i - 50_000).reduce(
      (acc, x) => acc + (x + 7) * 2 + Math.floor(x / 7) + (((x % 7) + 7) % 7) + 1,
      0,
    );
    expect(total).toBe(expected);
    expect(fn([-7, 2, 'q'], key)).toEqual([-10, -4, 1, -3.5, 'Q', -1, -7, true]);
  });
});
