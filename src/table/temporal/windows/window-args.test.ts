// windowBy rejects, when built, window lengths or origins that do not fit the time column's type, as Pathway's
// TypeError (test_windows.py::test_incorrect_args).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';

afterEach(() => cw.clearGraph());

function empty(t: cw.DType<any>) {
  return cw.inputTable(cw.schema({ a: cw.INT, t })).table;
}

describe('windowBy argument types (Pathway test_incorrect_args)', () => {
  const cases: [string, cw.DType<any>, () => cw.temporal.Window, RegExp][] = [
    [
      'INT time, Duration tumbling',
      cw.INT,
      () => cw.temporal.tumbling({ duration: cw.Duration.fromDays(1) }),
      /\(time_expr, window\.hop\)/,
    ],
    [
      'INT time, Duration and date-time origin',
      cw.INT,
      () => cw.temporal.tumbling({ duration: cw.Duration.fromDays(1), origin: cw.DateTimeNaive.fromMs(0) }),
      /\(time_expr, window\.hop, window\.origin\)/,
    ],
    [
      'UTC time, numeric sliding',
      cw.DATE_TIME_UTC,
      () => cw.temporal.sliding({ hop: 2, duration: 3.5 }),
      /\(time_expr, window\.hop, window\.duration\)/,
    ],
    [
      'naive time, numeric tumbling',
      cw.DATE_TIME_NAIVE,
      () => cw.temporal.tumbling({ duration: 1.2 }),
      /\(time_expr, window\.hop\)/,
    ],
    [
      'naive time, numeric session gap',
      cw.DATE_TIME_NAIVE,
      () => cw.temporal.session({ maxGap: 2 }),
      /\(time_expr, window\.max_gap\)/,
    ],
  ];
  for (const [name, dtype, window, message] of cases) {
    it(`rejects ${name} at the user's line`, () => {
      const t = empty(dtype);
      let err: unknown;
      try {
        t.windowBy(t.c.t, { window: window() });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(cw.GraphBuildError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/window-args\.test\.ts:\d+/);
    });
  }

  it('accepts Durations on date-time columns and numbers on numeric ones', () => {
    const d = empty(cw.DATE_TIME_NAIVE);
    expect(() =>
      d.windowBy(d.c.t, { window: cw.temporal.tumbling({ duration: cw.Duration.fromDays(1) }) }),
    ).not.toThrow();
    const n = empty(cw.FLOAT);
    expect(() => n.windowBy(n.c.t, { window: cw.temporal.sliding({ hop: 2, duration: 3.5 }) })).not.toThrow();
  });
});
