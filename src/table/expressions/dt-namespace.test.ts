import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown, tableToRows } from '../../testing/index.js';
import { compareValues } from '../values/compare.js';
import { Duration } from '../values/duration.js';

afterEach(() => cw.clearGraph());

/** Runs `table` and returns its rows as arrays of printed cells, sorted. */
async function printed(table: cw.Table<any>): Promise<string[][]> {
  const out = await tableToRows<Record<string, unknown>>(table, { terminateOnError: false });
  const names = table.columnNames();
  return out
    .map((r) => names.map((n) => r[n]))
    .sort(compareValues)
    .map((r) => r.map((v) => (v instanceof cw.ErrorValue ? 'Error' : String(v))));
}

describe('Expr.dt', () => {
  it('parses with strptime and reads fields (Pathway docs example)', async () => {
    const t = tableFromMarkdown(`
      t1
      2023-05-15T10:13:00.012345
      1974-03-12T00:00:00.000000`);
    const d = t.select({ t: cw.this.t1.dt.strptime('%Y-%m-%dT%H:%M:%S.%f') });
    expect(String(d.schema.columns[0]!.dtype)).toBe('DATE_TIME_NAIVE');
    const r = d.select({
      t: cw.this.t,
      y: cw.this.t.dt.year(),
      mo: cw.this.t.dt.month(),
      day: cw.this.t.dt.day(),
      h: cw.this.t.dt.hour(),
      mi: cw.this.t.dt.minute(),
      s: cw.this.t.dt.second(),
      ms: cw.this.t.dt.millisecond(),
      us: cw.this.t.dt.microsecond(),
      ns: cw.this.t.dt.nanosecond(),
      wd: cw.this.t.dt.weekday(),
    });
    expect(r.schema.columns.slice(1).every((c) => String(c.dtype) === 'INT')).toBe(true);
    expect(await printed(r)).toEqual([
      ['1974-03-12 00:00:00', '1974', '3', '12', '0', '0', '0', '0', '0', '0', '1'],
      ['2023-05-15 10:13:00.012345', '2023', '5', '15', '10', '13', '0', '12', '12345', '12345000', '0'],
    ]);
  });

  it('formats with strftime and converts between time zones', async () => {
    const t = tableFromMarkdown(`
      t
      2023-03-26T01:30:00
      2023-03-26T03:30:00`);
    const r = t
      .select({ t: cw.this.t.dt.strptime('%Y-%m-%dT%H:%M:%S') })
      .select({
        t: cw.this.t,
        f: cw.this.t.dt.strftime('%d.%m.%Y %H:%M'),
        utc: cw.this.t.dt.toUtc('Europe/Warsaw'),
      })
      .select({
        f: cw.this.f,
        utc: cw.this.utc,
        back: cw.this.utc.dt.toNaiveInTimezone('Europe/Warsaw'),
        ny: cw.this.utc.dt.toNaiveInTimezone('America/New_York').dt.strftime('%H:%M'),
      });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'STR',
      'DATE_TIME_UTC',
      'DATE_TIME_NAIVE',
      'STR',
    ]);
    expect(await printed(r)).toEqual([
      ['26.03.2023 01:30', '2023-03-26 00:30:00+00:00', '2023-03-26 01:30:00', '20:30'],
      ['26.03.2023 03:30', '2023-03-26 01:30:00+00:00', '2023-03-26 03:30:00', '21:30'],
    ]);
  });

  it('rounds and floors to durations (Pathway docs example), given as Duration or text', async () => {
    const t = tableFromMarkdown(`
      date
      2023-05-15T12:23:12
      2023-05-15T12:33:21
      2023-05-15T13:20:35
      2023-05-15T13:51:41`);
    const r = t.select({ date: cw.this.date.dt.strptime('%Y-%m-%dT%H:%M:%S') }).withColumns({
      hours: cw.this.date.dt.round(Duration.fromHours(1)),
      min10: cw.this.date.dt.round('10m'),
      s15: cw.this.date.dt.round(Duration.fromSeconds(15)),
      floorH: cw.this.date.dt.floor('1h'),
    });
    expect(await printed(r)).toEqual([
      [
        '2023-05-15 12:23:12',
        '2023-05-15 12:00:00',
        '2023-05-15 12:20:00',
        '2023-05-15 12:23:15',
        '2023-05-15 12:00:00',
      ],
      [
        '2023-05-15 12:33:21',
        '2023-05-15 13:00:00',
        '2023-05-15 12:30:00',
        '2023-05-15 12:33:15',
        '2023-05-15 12:00:00',
      ],
      [
        '2023-05-15 13:20:35',
        '2023-05-15 13:00:00',
        '2023-05-15 13:20:00',
        '2023-05-15 13:20:30',
        '2023-05-15 13:00:00',
      ],
      [
        '2023-05-15 13:51:41',
        '2023-05-15 14:00:00',
        '2023-05-15 13:50:00',
        '2023-05-15 13:51:45',
        '2023-05-15 13:00:00',
      ],
    ]);
  });

  it('converts to and from timestamps (Pathway docs example for timestamp)', async () => {
    const t = tableFromMarkdown(`
      t1
      1969-01-01T00:00:00+00:00
      1970-01-01T00:00:00+02:00
      2023-03-25T13:45:26+01:00`);
    const r = t
      .select({ t: cw.this.t1.dt.strptime('%Y-%m-%dT%H:%M:%S%z') })
      .select({ s: cw.this.t.dt.timestamp('s'), ms: cw.this.t.dt.timestamp('ms') })
      .withColumns({ back: cw.this.s.dt.utcFromTimestamp('s'), naive: cw.this.ms.dt.fromTimestamp('ms') });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'FLOAT',
      'FLOAT',
      'DATE_TIME_UTC',
      'DATE_TIME_NAIVE',
    ]);
    expect(await printed(r)).toEqual([
      ['-31536000', '-31536000000', '1969-01-01 00:00:00+00:00', '1969-01-01 00:00:00'],
      ['-7200', '-7200000', '1969-12-31 22:00:00+00:00', '1969-12-31 22:00:00'],
      ['1679748326', '1679748326000', '2023-03-25 12:45:26+00:00', '2023-03-25 12:45:26'],
    ]);
  });

  it('adds and subtracts durations, subtracts date-times, and reads duration totals', async () => {
    const t = tableFromMarkdown(`
      a                   | b
      2023-05-15 10:00:00 | 2023-05-13 08:30:00
      2023-05-15 10:00:00 | 2023-05-16 12:00:00`);
    const fmt = '%Y-%m-%d %H:%M:%S';
    const p = t.select({ a: cw.this.a.dt.strptime(fmt), b: cw.this.b.dt.strptime(fmt) });
    // Typed references (p.c.a) carry DATE_TIME_NAIVE, so the results are typed too (cw.this.a would give ANY).
    const r = p
      .select({
        b: p.c.b,
        plus: p.c.a.dt.addDuration('90m'),
        minus: p.c.a.dt.subtractDuration(Duration.fromDays(1)),
        diff: p.c.a.dt.subtract(p.c.b),
      })
      .select({
        plus: cw.this.plus,
        minus: cw.this.minus,
        diff: cw.this.diff,
        days: cw.this.diff.dt.days(),
        hours: cw.this.diff.dt.hours(),
        minutes: cw.this.diff.dt.minutes(),
        seconds: cw.this.diff.dt.seconds(),
        weeks: cw.this.diff.dt.weeks(),
      });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'DATE_TIME_NAIVE',
      'DATE_TIME_NAIVE',
      'DURATION',
      'INT',
      'INT',
      'INT',
      'INT',
      'INT',
    ]);
    const out = await printed(r);
    expect(out.map((x) => x.slice(2))).toEqual([
      ['-2 days +22:00:00', '-1', '-26', '-1560', '-93600', '0'],
      ['2 days 01:30:00', '2', '49', '2970', '178200', '0'],
    ]);
    expect(out[0]!.slice(0, 2)).toEqual(['2023-05-15 11:30:00', '2023-05-14 10:00:00']);
  });

  it('handles wall-clock arithmetic across a DST change and makes to_duration from numbers', async () => {
    const t = tableFromMarkdown(`
      t                   | n
      2023-03-25 12:00:00 | 90`);
    const r = t.select({
      next: cw.this.t.dt.strptime('%Y-%m-%d %H:%M:%S').dt.addDurationInTimezone('24h', 'Europe/Warsaw'),
      span: cw.this.n.dt.toDuration('s'),
    });
    expect(await printed(r)).toEqual([['2023-03-26 13:00:00', '0 days 00:01:30']]);
  });

  it('makes a non-matching strptime an Error cell, and refuses dt.year of a string when the program is built', async () => {
    const t = tableFromMarkdown(`
      k | t
      1 | 2023-05-15
      2 | "not a date"`);
    const r = t.select({ k: cw.this.k, p: cw.this.t.dt.strptime('%Y-%m-%d') });
    expect(await printed(r)).toEqual([
      ['1', '2023-05-15 00:00:00'],
      ['2', 'Error'],
    ]);
    expect(() => t.select({ y: cw.this.t.dt.year() })).toThrow(
      /dt\.year\(\) needs DATE_TIME_NAIVE or DATE_TIME_UTC, got STR; parse strings with \.dt\.strptime\(format\)/,
    );
    expect(() => t.select({ y: cw.this.k.dt.weeks() })).toThrow(/dt\.weeks\(\) needs DURATION, got INT/);
    expect(() => t.select({ y: cw.this.t.dt.fromTimestamp() })).toThrow(/needs INT or FLOAT, got STR/);
  });

  it('makes durations from every Pathway unit name (test_datetimes.py::test_pathway_duration)', async () => {
    const cases: [number, string[]][] = [
      [1, ['W']],
      [1, ['D', 'day', 'days']],
      [24, ['h', 'hr', 'hour', 'hours']],
      [24 * 60, ['m', 'min', 'minute', 'minutes']],
      [24 * 60 * 60, ['s', 'sec', 'second', 'seconds']],
      [24 * 60 * 60 * 1000, ['ms', 'millisecond', 'milliseconds', 'millis', 'milli']],
      [24 * 60 * 60 * 1000 * 1000, ['us', 'microsecond', 'microseconds', 'micros', 'micro']],
      [24 * 60 * 60 * 1000 * 1000 * 1000, ['ns', 'nanosecond', 'nanoseconds', 'nanos', 'nano']],
    ];
    const rowsIn = cases.flatMap(([value, units]) => units.map((unit) => ({ value, unit })));
    rowsIn.push({ value: 1, unit: 'M' }, { value: 1, unit: 'Days' });
    const t = cw.tableFromRows(cw.schema({ value: cw.INT, unit: cw.STR }), rowsIn);
    const out = await printed(t.select({ unit: cw.this.unit, d: cw.this.value.dt.toDuration(cw.this.unit) }));
    const byUnit = new Map(out.map(([unit, d]) => [unit!, d!]));
    expect(byUnit.get('W')).toBe('7 days 00:00:00');
    for (const [, units] of cases.slice(1)) {
      for (const unit of units) expect([unit, byUnit.get(unit)]).toEqual([unit, '1 days 00:00:00']);
    }
    expect([byUnit.get('M'), byUnit.get('Days')]).toEqual(['Error', 'Error']);
  });

  it('rounds and floors to pandas frequency text, legacy aliases included (test_datetimes.py::test_date_time_round)', async () => {
    const t = tableFromMarkdown(`
      k | s
      1 | 2020-03-04T11:13:00.345612
      2 | 2020-03-04T12:00:00.0
      3 | 2023-05-01T09:10:11.121314`).select({
      k: cw.this.k,
      d: cw.this.s.dt.strptime('%Y-%m-%dT%H:%M:%S.%f'),
    });
    const run = async (freq: string) =>
      (
        await printed(t.select({ k: cw.this.k, f: cw.this.d.dt.floor(freq), r: cw.this.d.dt.round(freq) }))
      ).map((row) => row.slice(1));
    const expected: Record<string, string[][]> = {
      D: [
        ['2020-03-04 00:00:00', '2020-03-04 00:00:00'],
        ['2020-03-04 00:00:00', '2020-03-05 00:00:00'],
        ['2023-05-01 00:00:00', '2023-05-01 00:00:00'],
      ],
      '2h3min': [
        ['2020-03-04 11:06:00', '2020-03-04 11:06:00'],
        ['2020-03-04 11:06:00', '2020-03-04 11:06:00'],
        ['2023-05-01 07:57:00', '2023-05-01 10:00:00'],
      ],
      min: [
        ['2020-03-04 11:13:00', '2020-03-04 11:13:00'],
        ['2020-03-04 12:00:00', '2020-03-04 12:00:00'],
        ['2023-05-01 09:10:00', '2023-05-01 09:10:00'],
      ],
      s: [
        ['2020-03-04 11:13:00', '2020-03-04 11:13:00'],
        ['2020-03-04 12:00:00', '2020-03-04 12:00:00'],
        ['2023-05-01 09:10:11', '2023-05-01 09:10:11'],
      ],
      '14ms22ms14us': [
        ['2020-03-04 11:13:00.323770', '2020-03-04 11:13:00.359784'],
        ['2020-03-04 11:59:59.967872', '2020-03-04 12:00:00.003886'],
        ['2023-05-01 09:10:11.103066', '2023-05-01 09:10:11.139080'],
      ],
    };
    const unchanged = [
      ['2020-03-04 11:13:00.345612', '2020-03-04 11:13:00.345612'],
      ['2020-03-04 12:00:00', '2020-03-04 12:00:00'],
      ['2023-05-01 09:10:11.121314', '2023-05-01 09:10:11.121314'],
    ];
    expected.us = unchanged;
    expected.ns = unchanged; // microsecond-precision values are already multiples of 1 ns
    const legacy: [string, string][] = [
      ['2H3T', '2h3min'],
      ['S', 's'],
      ['14L22ms14us', '14ms22ms14us'],
      ['U', 'us'],
      ['N', 'ns'],
    ];
    for (const [freq, want] of Object.entries(expected))
      expect([freq, await run(freq)]).toEqual([freq, want]);
    for (const [old, modern] of legacy) expect([old, await run(old)]).toEqual([old, expected[modern]]);
  });

  it('types strptime with %:z as UTC and with an escaped %%z as naive', () => {
    const t = tableFromMarkdown(`
      s
      x`);
    const r = t.select({
      a: cw.this.s.dt.strptime('%Y-%m-%d %H:%M:%S%:z'),
      b: cw.this.s.dt.strptime('%Y%%z'),
    });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual(['DATE_TIME_UTC', 'DATE_TIME_NAIVE']);
  });
});
