import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import { captureTables, renderTable, tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const keepGoing = { terminateOnError: false } as const;

function pairs() {
  return tableFromMarkdown<{ a: number; b: number }>(`
    a | b
    6 | 3
    1 | 0
    8 | 2`);
}

function lines(text: string): string[] {
  return text.split('\n').slice(1).sort();
}

/** Messages of the error-log rows captured in a run. */
function messages(log: { updates: { row: unknown[]; diff: number }[] } | undefined): string[] {
  return log!.updates.filter((u) => u.diff > 0).map((u) => u.row[1] as string);
}

describe('errors as data', () => {
  it('turns a failing cell into an Error value, printed `Error`', async () => {
    const t = pairs();
    const r = t.select({ a: t.c.a, q: t.c.a.floordiv(t.c.b) });
    expect(lines(await renderTable(r, { includeId: false, ...keepGoing }))).toEqual([
      '1 | Error',
      '6 | 2',
      '8 | 4',
    ]);
  });

  it('propagates an Error value through later expressions and tables', async () => {
    const t = pairs();
    const q = t.select({ a: t.c.a, q: t.c.a.div(t.c.b) });
    const r = q.select({ a: q.c.a, next: q.c.q.add(1).mul(2), isErr: cw.fillError(q.c.q.mul(0), -1) });
    expect(lines(await renderTable(r, { includeId: false, ...keepGoing }))).toEqual([
      '1 | Error | -1.0',
      '6 | 6.0   | 0.0',
      '8 | 10.0  | 0.0',
    ]);
  });

  it('replaces errors with fillError', async () => {
    const t = pairs();
    const r = t.select({ q: cw.fillError(t.c.a.floordiv(t.c.b), 0) });
    expect(lines(await renderTable(r, { includeId: false, ...keepGoing }))).toEqual(['0', '2', '4']);
  });

  it('drops and logs a row whose filter condition is an error', async () => {
    const t = pairs();
    const kept = t.filter(t.c.a.floordiv(t.c.b).gt(2));
    const [r, log] = await captureTables([kept, cw.globalErrorLog()], keepGoing);
    expect(r!.updates.map((u) => u.row)).toEqual([[8, 2]]);
    const ms = messages(log);
    expect(ms.filter((m) => m.startsWith('division by zero'))).toHaveLength(1);
    expect(
      ms.filter((m) => m.startsWith('filter dropped a row whose condition is an error: division by zero')),
    ).toHaveLength(1);
  });

  it('drops and logs a row whose join key is an error', async () => {
    const t = pairs();
    const other = tableFromMarkdown<{ k: number; name: string }>(`
      k | name
      2 | two
      4 | four`);
    const j = t
      .join(other, t.c.a.floordiv(t.c.b).eq(other.c.k))
      .select({ a: cw.left.a, name: cw.right.name });
    const [r, log] = await captureTables([j, cw.globalErrorLog()], keepGoing);
    expect(r!.updates.map((u) => u.row).sort()).toEqual([
      [6, 'two'],
      [8, 'four'],
    ]);
    expect(messages(log).some((m) => m.startsWith('join key is an error'))).toBe(true);
  });

  it('logs operator, message and the user’s line in cw.globalErrorLog()', async () => {
    const t = pairs();
    const r = t.select({ q: t.c.a.floordiv(t.c.b) });
    const [, log] = await captureTables([r, cw.globalErrorLog()], keepGoing);
    expect(log!.table.columnNames()).toEqual(['operator', 'message', 'trace']);
    expect(log!.updates).toHaveLength(1);
    const [operator, message, trace] = log!.updates[0]!.row as [string, string, string];
    expect(message).toMatch(/^division by zero/);
    expect(operator).toMatch(/^select at .*errors\.test\.ts:\d+:\d+$/);
    expect(trace).toMatch(/errors\.test\.ts:\d+:\d+$/);
  });

  it('logs a throwing UDF and keeps the other rows', async () => {
    const parse = cw.udf((s: string) => {
      const v = Number(s);
      if (Number.isNaN(v)) throw new Error(`not a number: ${s}`);
      return v;
    });
    const t = tableFromMarkdown<{ s: string }>(`
      s
      '12'
      abc`);
    const r = t.select({ s: t.c.s, v: parse(t.c.s) });
    const [out, log] = await captureTables([r, cw.globalErrorLog()], keepGoing);
    expect(
      out!.updates.map((u) => [u.row[0], u.row[1] instanceof cw.ErrorValue ? 'Error' : u.row[1]]).sort(),
    ).toEqual([
      ['12', 12],
      ['abc', 'Error'],
    ]);
    expect(messages(log)).toEqual(["udf 'udf' failed: Error: not a number: abc"]);
  });

  it('lets subscribers of the error log see errors during the same run', async () => {
    const t = pairs();
    const seen: string[] = [];
    const results: unknown[] = [];
    cw.subscribe(t.select({ q: t.c.a.floordiv(t.c.b) }), {
      skipErrors: false,
      onChange: (_k, row) => void results.push(row.q),
    });
    cw.subscribe(cw.globalErrorLog(), {
      onChange: (_k, row, _time, isAddition) => void (isAddition && seen.push(row.message)),
    });
    await cw.run(keepGoing);
    expect(results).toHaveLength(3);
    expect(seen).toEqual([expect.stringMatching(/^division by zero/)]);
  });

  it('stops the run by default with a DataError naming the user’s line', async () => {
    const t = pairs();
    const r = t.select({ q: t.c.a.floordiv(t.c.b) });
    const run = captureTables([r]);
    await expect(run).rejects.toBeInstanceOf(cw.DataError);
    await expect(run).rejects.toThrow(
      /division by zero.*\n {2}in the expression built at .*errors\.test\.ts:\d+:\d+/,
    );
  });

  it('stops the run by default when a UDF throws', async () => {
    const boom = cw.udf((_x: number): number => {
      throw new Error('boom');
    });
    const t = pairs();
    const r = t.select({ y: boom(t.c.a) });
    await expect(captureTables([r])).rejects.toThrow(
      /udf 'udf' failed: Error: boom\n {2}in the expression built at .*errors\.test\.ts:\d+/,
    );
  });

  it('stops the run by default when an async UDF rejects', async () => {
    const boom = cw.udf(async (_x: number): Promise<number> => {
      await Promise.resolve();
      throw new Error('later boom');
    });
    const t = pairs();
    await expect(captureTables([t.select({ y: boom(t.c.a) })])).rejects.toThrow(/later boom/);
  });

  it.skipIf(!('removeErrors' in cw.Table.prototype))(
    'removes rows holding an error with removeErrors',
    async () => {
      const t = pairs();
      const q = t.select({ a: t.c.a, q: t.c.a.floordiv(t.c.b) });
      const clean = (q as unknown as { removeErrors(): cw.Table<any> }).removeErrors();
      expect(lines(await renderTable(clean, { includeId: false, ...keepGoing }))).toEqual(['6 | 2', '8 | 4']);
    },
  );
});

describe('errors made while processing the error log (Pathway test_error_in_error_log)', () => {
  it('are not fed back into the log, so a failing log query does not feed itself', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const t = tableFromMarkdown(`
        a | b
        1 | 0`);
      const res = t.select({ x: cw.fillError(cw.this.a.floordiv(cw.this.b), -1) });
      const parsed = cw.globalErrorLog().select({ m: cw.fillError(cw.this.message.str.parseInt(), -1) });
      const [, log] = await captureTables([res, parsed], { terminateOnError: false });
      expect(log!.updates).toHaveLength(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/error while processing the error log/));
    } finally {
      warn.mockRestore();
    }
  });
});
