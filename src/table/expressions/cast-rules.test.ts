import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown, tableToRows } from '../../testing/index.js';
import { Duration } from '../values/duration.js';
import { castRefusal } from './cast-rules.js';

afterEach(() => cw.clearGraph());

const cell = (v: unknown): unknown => (v instanceof cw.ErrorValue ? 'Error' : v);

describe('cast to a dtype Pathway cannot convert to', () => {
  // Pathway's eval_cast raises TypeError("Pathway doesn't support casting ...") when the graph is built
  // (graph_runner/expression_evaluator.py); test_common.py::test_cast covers the supported INT/FLOAT/BOOL/STR pairs.
  it('is a GraphBuildError at the line of the cast, for a typed operand', () => {
    const t = tableFromMarkdown(`
      i | s
      3 | x`);
    const line = new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]!;
    expect(() => cw.cast(cw.DURATION, t.c.i)).toThrow(
      new RegExp(`cannot cast INT to DURATION.*cast-rules\\.test\\.ts:${Number(line) + 1}:`),
    );
    for (const to of [cw.DATE_TIME_NAIVE, cw.DATE_TIME_UTC, cw.POINTER, cw.BYTES, cw.JSON, cw.list(cw.INT)]) {
      expect(() => t.c.s.cast(to)).toThrow(cw.GraphBuildError);
    }
    expect(() => cw.cast(cw.tuple(cw.INT), t.c.i)).toThrow(/cannot cast INT to Tuple\(INT\)/);
  });

  it('is a GraphBuildError when the select resolves an untyped operand (cw.this.x)', () => {
    const t = tableFromMarkdown(`
      i | s
      3 | x`);
    expect(() => t.select({ d: cw.cast(cw.DURATION, cw.this.i) })).toThrow(/cannot cast INT to DURATION/);
    expect(() => t.select({ j: cw.cast(cw.JSON, cw.this.s) })).toThrow(/cannot cast STR to JSON/);
    expect(() => t.castToTypes({ i: cw.DURATION })).toThrow(cw.GraphBuildError);
  });

  it('stays allowed to the same dtype, to ANY, and among optional INT/FLOAT/BOOL/STR', async () => {
    const t = cw.tableFromRows(cw.schema({ d: cw.DURATION, o: cw.optional(cw.INT) }), [
      { d: Duration.fromHours(1), o: null },
      { d: Duration.fromHours(2), o: 4 },
    ]);
    const r = t.select({
      d: cw.cast(cw.DURATION, t.c.d),
      a: cw.cast(cw.ANY, t.c.d),
      f: cw.cast(cw.optional(cw.FLOAT), t.c.o),
      s: t.c.o.cast(cw.STR),
    });
    expect(r.columns.map((c) => String(c.dtype))).toEqual(['DURATION', 'ANY', 'Optional(FLOAT)', 'STR']);
    const rows = await tableToRows<Record<string, unknown>>(r);
    expect(rows.map((x) => [String(x.d), x.f, x.s]).sort()).toEqual([
      ['0 days 01:00:00', null, null],
      ['0 days 02:00:00', 4, '4'],
    ]);
  });

  it('of an untyped value (ANY) is a no-op for a value of the target kind and an error for any other', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | x`);
    const r = t.select({
      same: cw.cast(cw.DURATION, cw.cast(cw.ANY, Duration.fromHours(1))),
      other: cw.cast(cw.DURATION, cw.cast(cw.ANY, t.c.s)),
    });
    const [row] = await tableToRows<Record<string, unknown>>(r, { terminateOnError: false });
    expect(row!.same).toBeInstanceOf(Duration);
    expect(cell(row!.other)).toBe('Error');
  });

  it('castRefusal names the dtypes and suggests the conversion Pathway offers', () => {
    expect(castRefusal(cw.JSON, cw.INT)).toMatch(/\.json\.asInt\(\)/);
    expect(castRefusal(cw.STR, cw.DATE_TIME_NAIVE)).toMatch(/strptime/);
    expect(castRefusal(cw.DATE_TIME_UTC, cw.STR)).toMatch(/strftime/);
    expect(castRefusal(cw.optional(cw.STR), cw.INT)).toBeUndefined();
    expect(castRefusal(cw.NONE, cw.DURATION)).toBeUndefined();
  });
});

describe('cast FLOAT to INT', () => {
  it('truncates, and is an error value outside the 64-bit range (Rust saturates there; a JS number cannot)', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, f: cw.FLOAT }), [
      { k: 1, f: -2.7 },
      { k: 2, f: Infinity },
      { k: 3, f: -Infinity },
      { k: 4, f: 1e300 },
      { k: 5, f: -(2 ** 63) },
      { k: 6, f: 2 ** 60 },
      { k: 7, f: NaN },
    ]);
    const r = t.select({ k: t.c.k, i: cw.cast(cw.INT, t.c.f) });
    const rows = await tableToRows<{ k: number; i: unknown }>(r, { terminateOnError: false });
    expect(rows.sort((a, b) => a.k - b.k).map((x) => cell(x.i))).toEqual([
      -2,
      'Error',
      'Error',
      'Error',
      -(2 ** 63),
      2 ** 60,
      0,
    ]);
  });

  it('parses integer text outside the 64-bit range as an error value, as Rust parse::<i64> fails', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | "9223372036854775807"
      2 | "9223372036854775808"
      3 | "-9223372036854775808"`);
    const r = t.select({ k: t.c.k, i: cw.cast(cw.INT, t.c.s) });
    const rows = await tableToRows<{ k: number; i: unknown }>(r, { terminateOnError: false });
    // i64::MAX is valid but a JS number holds it as the nearest double, 2^63 (INT is exact to 2^53 only).
    expect(rows.sort((a, b) => a.k - b.k).map((x) => cell(x.i))).toEqual([2 ** 63, 'Error', -(2 ** 63)]);
  });
});
