import { describe, expect, it } from 'vitest';
import { keyFromValue } from '../../engine/key.js';
import { Duration } from './duration.js';

describe('Duration constructors', () => {
  it('builds spans from each unit', () => {
    expect(Duration.fromSeconds(1.5).ms).toBe(1500);
    expect(Duration.fromMinutes(2).ms).toBe(120_000);
    expect(Duration.fromHours(1).ms).toBe(3_600_000);
    expect(Duration.fromDays(1).ms).toBe(86_400_000);
    expect(Duration.fromWeeks(1).ms).toBe(604_800_000);
    expect(Duration.fromMicroseconds(1500).ms).toBe(1.5);
    expect(Duration.fromNanoseconds(2_000_000).ms).toBe(2);
  });

  it('sums named parts like timedelta(...)', () => {
    const d = Duration.of({ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5, microseconds: 6 });
    expect(d.toString()).toBe('1 days 02:03:04.005006');
  });
});

describe('Duration.parse', () => {
  it.each([
    ['1 day 02:03:04', '1 days 02:03:04'],
    ['2 days, 00:00:01.5', '2 days 00:00:01.500000'],
    ['-1 days +23:59:59', '-1 days +23:59:59'],
    ['02:03:04', '0 days 02:03:04'],
    ['3 days', '3 days 00:00:00'],
    ['3h', '0 days 03:00:00'],
    ['1h 30min', '0 days 01:30:00'],
    ['1h30m', '0 days 01:30:00'],
    ['-1h30m', '-1 days +22:30:00'],
    ['1.5 seconds', '0 days 00:00:01.500000'],
    ['500ms', '0 days 00:00:00.500000'],
    ['250us', '0 days 00:00:00.000250'],
    ['2w', '14 days 00:00:00'],
    ['PT1H', '0 days 01:00:00'],
    ['P1DT2H30M', '1 days 02:30:00'],
    ['-PT1H', '-1 days +23:00:00'],
    ['PT0.5S', '0 days 00:00:00.500000'],
    ['P2W', '14 days 00:00:00'],
  ])('parses %s', (text, printed) => {
    expect(Duration.parse(text).toString()).toBe(printed);
  });

  it.each([
    ['D', '1 days 00:00:00'],
    ['min', '0 days 00:01:00'],
    ['s', '0 days 00:00:01'],
    ['us', '0 days 00:00:00.000001'],
    ['h', '0 days 01:00:00'],
    ['2h3min', '0 days 02:03:00'],
    ['14ms22ms14us', '0 days 00:00:00.036014'],
    ['2H3T', '0 days 02:03:00'],
    ['S', '0 days 00:00:01'],
    ['14L22ms14us', '0 days 00:00:00.036014'],
    ['T', '0 days 00:01:00'],
    ['L', '0 days 00:00:00.001000'],
    ['U', '0 days 00:00:00.000001'],
  ])(
    'parses the pandas frequency %s, a bare unit meaning one of it (test_datetimes.py::test_date_time_round)',
    (text, printed) => {
      expect(Duration.parse(text).toString()).toBe(printed);
    },
  );

  it('parses nanosecond frequencies without failing, keeping microsecond precision', () => {
    expect(Duration.parse('ns').ms).toBeCloseTo(1e-6, 15);
    expect(Duration.parse('N').ms).toBeCloseTo(1e-6, 15);
    expect(Duration.parse('1500ns').toString()).toBe('0 days 00:00:00.000002');
  });

  it('reads legacy one-letter aliases only in upper case', () => {
    for (const text of ['t', 'l', 'u', 'n', '2h3t', 'TT'])
      expect(() => Duration.parse(text)).toThrow(/cannot parse/);
  });

  it('rejects ISO years and months with a reason', () => {
    expect(() => Duration.parse('P1Y')).toThrow(/years and months/);
    expect(() => Duration.parse('P1M')).toThrow(/years and months/);
  });

  it('rejects unknown text with an example of valid text', () => {
    expect(() => Duration.parse('soon')).toThrow(/cannot parse "soon" as a Duration; write e\.g\./);
    expect(() => Duration.parse('3 parsecs')).toThrow(/cannot parse/);
    expect(() => Duration.parse('')).toThrow(/empty/);
    expect(() => Duration.parse('PT')).toThrow(/ISO 8601/);
  });
});

describe('Duration arithmetic', () => {
  it('adds, subtracts, scales and divides', () => {
    const h = Duration.fromHours(1);
    expect(h.plus(Duration.fromMinutes(30)).ms).toBe(5_400_000);
    expect(h.minus(Duration.fromMinutes(30)).ms).toBe(1_800_000);
    expect(h.times(2.5).ms).toBe(9_000_000);
    expect(h.dividedBy(4).ms).toBe(900_000);
    expect(Duration.fromHours(3).ratio(h)).toBe(3);
    expect(h.negate().ms).toBe(-3_600_000);
    expect(h.negate().abs().equals(h)).toBe(true);
  });

  // test_operators.py::test_duration[truediv]: pandas divides the integer counts, so the float is correctly rounded.
  it('divides two durations by their whole microsecond counts, correctly rounded', () => {
    const ratio = Duration.fromMicroseconds(-935893).ratio(Duration.fromMicroseconds(341112));
    expect(ratio).toBe(-935893 / 341112);
    expect(ratio).toBe(-2.7436531110016653);
    expect(Duration.fromSeconds(1).ratio(Duration.fromMicroseconds(3))).toBe(1_000_000 / 3);
    expect(Duration.fromNanoseconds(300).ratio(Duration.fromNanoseconds(100))).toBeCloseTo(3, 12);
  });

  it('throws division by zero', () => {
    expect(() => Duration.fromHours(1).dividedBy(0)).toThrow(/division by zero/);
    expect(() => Duration.fromHours(1).ratio(Duration.ZERO)).toThrow(/division by zero/);
  });
});

describe('Duration equality, hashing, printing', () => {
  it('compares to the microsecond', () => {
    expect(Duration.fromMs(1).equals(Duration.fromMicroseconds(1000))).toBe(true);
    expect(Duration.fromMs(0.1 + 0.2).equals(Duration.fromMs(0.3))).toBe(true);
    expect(Duration.fromMs(1).equals(1)).toBe(false);
    expect(Math.sign(Duration.fromMs(1).compareTo(Duration.fromMs(2)))).toBe(-1);
  });

  it('hashes equal spans alike and apart from numbers', () => {
    expect(keyFromValue(Duration.fromSeconds(1))).toBe(keyFromValue(Duration.fromMs(1000)));
    expect(keyFromValue(Duration.fromSeconds(1))).not.toBe(keyFromValue(1000));
    expect(keyFromValue(Duration.fromSeconds(1))).not.toBe(keyFromValue(Duration.fromSeconds(2)));
  });

  it('prints like pandas, including negative spans', () => {
    expect(Duration.ZERO.toString()).toBe('0 days 00:00:00');
    expect(Duration.fromSeconds(-1).toString()).toBe('-1 days +23:59:59');
    expect(Duration.fromDays(-2).toString()).toBe('-2 days +00:00:00');
    expect(String(Duration.fromHours(49))).toBe('2 days 01:00:00');
  });

  it('serializes to JSON as nanoseconds', () => {
    expect(JSON.stringify({ d: Duration.fromSeconds(1.5) })).toBe('{"d":1500000000}');
  });
});
