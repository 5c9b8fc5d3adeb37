import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { captureTables, tableFromMarkdown, tableToRows } from '../testing/index.js';
import type { Captured } from '../testing/capture.js';

afterEach(() => cw.clearGraph());

const keepGoing = { terminateOnError: false } as const;
const messages = (c: Captured | undefined): string[] =>
  c!.updates.map((u) => String(u.row[1]).replace(/ in \/\/;.*$/, '')).sort();

const pairs = () =>
  tableFromMarkdown(`
    a | b
    1 | 2
    3 | 0
    4 | 0`);

describe('localErrorLog', () => {
  it("takes the errors of the tables built in its block; the rest go to the global log (Pathway's local_error_log)", async () => {
    const t = pairs();
    const [t2, local] = cw.localErrorLog(() => t.withColumns({ c: t.c.a.floordiv(t.c.b) }));
    const t3 = t2.withColumns({ d: cw.this.b.floordiv(cw.this.a.sub(1)) });
    const [, loc, glob] = await captureTables([t3, local, cw.globalErrorLog()], keepGoing);
    expect(messages(loc)).toEqual(['division by zero', 'division by zero']);
    expect(messages(glob)).toEqual(['division by zero']);
    expect(String(loc!.updates[0]!.row[0])).toMatch(/local-error-log\.test\.ts/);
  });

  it('sends errors to the innermost of nested logs, and to the global log when a local one is not read', async () => {
    const t = pairs();
    const [[inner, innerLog], outer, outerLog] = (() => {
      const [res, log] = cw.localErrorLog(() => {
        const nested = cw.localErrorLog(() => t.select({ x: t.c.a.floordiv(t.c.b) }));
        const o = t.select({ y: t.c.b.floordiv(t.c.b) });
        return [nested, o] as const;
      });
      return [res[0], res[1], log] as const;
    })();
    const [, , inn, out] = await captureTables([inner, outer, innerLog, outerLog], keepGoing);
    expect(messages(inn)).toEqual(['division by zero', 'division by zero']);
    expect(messages(out)).toEqual(['division by zero', 'division by zero']);
    cw.clearGraph();
    const u = pairs();
    const [r] = cw.localErrorLog(() => u.select({ x: u.c.a.floordiv(u.c.b) }));
    const [, glob] = await captureTables([r, cw.globalErrorLog()], keepGoing);
    expect(messages(glob)).toEqual(['division by zero', 'division by zero']);
  });

  it('takes the errors of an iterate body built in its block', async () => {
    const t = pairs();
    const [res, log] = cw.localErrorLog(
      () =>
        cw.iterate(
          ({ v }: { v: cw.Table<any> }) => ({
            v: v.select({ a: v.c.a, b: cw.fillError(v.c.a.floordiv(v.c.b), 0).mul(0) }),
          }),
          { v: t },
        ).v,
    );
    const [out, loc, glob] = await captureTables([res, log, cw.globalErrorLog()], keepGoing);
    expect(out!.updates.length).toBeGreaterThan(0);
    expect(messages(loc).length).toBeGreaterThan(0);
    expect(new Set(messages(loc))).toEqual(new Set(['division by zero']));
    expect(messages(glob)).toEqual([]);
  });

  it('still stops the run at the first error by default', async () => {
    const t = pairs();
    const [r] = cw.localErrorLog(() => t.select({ x: t.c.a.floordiv(t.c.b) }));
    await expect(tableToRows(r)).rejects.toThrow(/division by zero/);
  });
});
