import { describe, expect, it } from 'vitest';
import { keyFromValue } from '../../engine/key.js';
import { DateTimeNaive, DateTimeUtc, civilFromMs, daysFromCivil, msFromCivil } from './date-time.js';
import { Duration } from './duration.js';

describe('calendar arithmetic', () => {
  it('agrees with Date.UTC over many days, including before 1970 and leap days', () => {
    for (let days = -800_000; days <= 800_000; days += 997) {
      const ms = days * 86_400_000 + 45_296_789; // 12:34:56.789
      const d = new Date(ms);
      const f = civilFromMs(ms);
      expect([f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond]).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        12,
        34,
        56,
        789_000,
      ]);
      expect(f.weekday).toBe((d.getUTCDay() + 6) % 7);
      expect(daysFromCivil(f.year, f.month, f.day)).toBe(days);
    }
  });

  it('keeps microseconds exact after a round trip through float milliseconds', () => {
    const ms = msFromCivil(2023, 5, 15, 10, 13, 0, 123_457);
    expect(civilFromMs(ms).microsecond).toBe(123_457);
    expect(civilFromMs(msFromCivil(1969, 12, 31, 23, 59, 59, 999_999)).microsecond).toBe(999_999);
  });
});

describe('DateTimeNaive', () => {
  it('parses ISO text and prints like Python', () => {
    expect(DateTimeNaive.parse('2023-05-15T10:13:00').toString()).toBe('2023-05-15 10:13:00');
    expect(DateTimeNaive.parse('2023-05-15 10:13:00.123').toString()).toBe('2023-05-15 10:13:00.123000');
    expect(DateTimeNaive.parse('2023-05-15').toString()).toBe('2023-05-15 00:00:00');
    expect(DateTimeNaive.parse('2023-05-15T10:13').toString()).toBe('2023-05-15 10:13:00');
  });

  it('rejects offsets, bad text and impossible dates', () => {
    expect(() => DateTimeNaive.parse('2023-05-15T10:13:00Z')).toThrow(/offset; parse it with DateTimeUtc/);
    expect(() => DateTimeNaive.parse('15/05/2023')).toThrow(/write ISO 8601/);
    expect(() => DateTimeNaive.parse('2023-02-29')).toThrow(/day must be an integer in 1\.\.28/);
    expect(() => DateTimeNaive.parse('2023-13-01')).toThrow(/month/);
  });

  it('builds from parts with Python-like validation', () => {
    expect(DateTimeNaive.of({ year: 2024, month: 2, day: 29, hour: 1 }).toString()).toBe(
      '2024-02-29 01:00:00',
    );
    expect(() => DateTimeNaive.of({ year: 2024, month: 1, day: 1, hour: 24 })).toThrow(/hour/);
  });

  it('does arithmetic with durations', () => {
    const t = DateTimeNaive.parse('2023-05-15T10:00:00');
    expect(t.plus(Duration.fromMinutes(90)).toString()).toBe('2023-05-15 11:30:00');
    expect(t.minus(Duration.fromDays(15)).toString()).toBe('2023-04-30 10:00:00');
    expect(t.since(DateTimeNaive.parse('2023-05-14T09:00:00')).toString()).toBe('1 days 01:00:00');
  });

  it('compares, hashes and serializes', () => {
    const a = DateTimeNaive.parse('2023-05-15T10:13:00');
    expect(a.equals(DateTimeNaive.fromMs(a.ms))).toBe(true);
    expect(a.equals(DateTimeUtc.fromMs(a.ms))).toBe(false);
    expect(keyFromValue(a)).not.toBe(keyFromValue(DateTimeUtc.fromMs(a.ms)));
    expect(keyFromValue(a)).toBe(keyFromValue(DateTimeNaive.fromMicroseconds(a.ms * 1000)));
    expect(JSON.stringify(a)).toBe('"2023-05-15T10:13:00.000000000"');
  });
});

describe('DateTimeUtc', () => {
  it('parses offsets and prints in UTC', () => {
    expect(DateTimeUtc.parse('2023-05-15T12:13:00+02:00').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(DateTimeUtc.parse('2023-05-15T12:13:00+0200').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(DateTimeUtc.parse('2023-05-15 10:13:00Z').ms).toBe(Date.UTC(2023, 4, 15, 10, 13));
    expect(DateTimeUtc.parse('2023-05-15 05:13:00.5-05:00').toString()).toBe(
      '2023-05-15 10:13:00.500000+00:00',
    );
  });

  it('reads text without an offset as UTC', () => {
    expect(DateTimeUtc.parse('2023-05-15T10:13:00').ms).toBe(Date.UTC(2023, 4, 15, 10, 13));
  });

  it('converts to and from JS dates and serializes like Pathway', () => {
    const d = new Date(Date.UTC(2020, 0, 1));
    expect(DateTimeUtc.fromDate(d).toDate().getTime()).toBe(d.getTime());
    expect(JSON.stringify(DateTimeUtc.fromDate(d))).toBe('"2020-01-01T00:00:00.000000000+0000"');
  });
});
