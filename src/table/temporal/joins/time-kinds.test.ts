// Temporal joins reject, when built, a naive date-time time column joined with a UTC one, as Pathway's TypeError
// (test_asof_joins.py::test_incorrect_args, test_interval_joins.py::test_incorrect_args).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';

afterEach(() => cw.clearGraph());

function tables() {
  const n = cw.inputTable(cw.schema({ v: cw.INT, t: cw.DATE_TIME_NAIVE })).table;
  const u = cw.inputTable(cw.schema({ w: cw.INT, t: cw.DATE_TIME_UTC })).table;
  return { n, u };
}

function caught(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a build error');
}

describe('temporal joins between naive and UTC date-times', () => {
  const day = cw.Duration.fromDays(1);
  const builds: [string, (n: cw.Table<any>, u: cw.Table<any>) => unknown][] = [
    ['asofJoin', (n, u) => n.asofJoin(u, n.c.t, u.c.t, { how: 'left' })],
    ['intervalJoin', (n, u) => n.intervalJoin(u, n.c.t, u.c.t, cw.temporal.interval(day.negate(), day))],
    ['windowJoin', (n, u) => n.windowJoin(u, n.c.t, u.c.t, cw.temporal.tumbling({ duration: day }))],
  ];
  for (const [name, build] of builds) {
    it(`rejects ${name} of a naive and a UTC time column at the user's line`, () => {
      const { n, u } = tables();
      const err = caught(() => build(n, u));
      expect(err).toBeInstanceOf(cw.GraphBuildError);
      expect(err.message).toMatch(/naive date-time with a UTC one/);
      expect(err.message).toMatch(/time-kinds\.test\.ts:\d+/);
    });
  }
});
