import { describe, expect, it } from 'vitest';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import * as dt from './dt.js';

const t = DateTimeNaive.parse('2023-05-15T10:13:45.012345');

describe('dt fields', () => {
  it('extracts calendar fields like Pathway', () => {
    expect([dt.year(t), dt.month(t), dt.day(t), dt.hour(t), dt.minute(t), dt.second(t)]).toEqual([
      2023, 5, 15, 10, 13, 45,
    ]);
    expect(dt.millisecond(t)).toBe(12);
    expect(dt.microsecond(t)).toBe(12345);
    expect(dt.nanosecond(t)).toBe(12_345_000);
    expect(dt.weekday(t)).toBe(0); // a Monday
    expect(dt.weekday(DateTimeNaive.parse('2023-05-21'))).toBe(6);
    expect(dt.dayOfYear(t)).toBe(135);
  });

  it('reads UTC instants in UTC and handles dates before 1970', () => {
    const u = DateTimeUtc.parse('2023-05-15T23:30:00-02:00');
    expect([dt.day(u), dt.hour(u), dt.minute(u)]).toEqual([16, 1, 30]);
    const old = DateTimeNaive.parse('1969-12-31T23:59:59.999999');
    expect([dt.year(old), dt.second(old), dt.microsecond(old)]).toEqual([1969, 59, 999_999]);
  });

  it('gives Duration totals truncated toward zero', () => {
    const d = Duration.of({ days: 1, hours: 2, minutes: 3, seconds: 4, microseconds: 5 });
    expect([dt.days(d), dt.hours(d), dt.minutes(d), dt.seconds(d)]).toEqual([1, 26, 1563, 93784]);
    expect(dt.milliseconds(d)).toBe(93_784_000);
    expect(dt.microseconds(d)).toBe(93_784_000_005);
    expect(dt.nanoseconds(Duration.fromMicroseconds(3))).toBe(3000);
    expect(dt.weeks(Duration.fromDays(15))).toBe(2);
    const neg = Duration.fromHours(-25);
    expect([dt.days(neg), dt.hours(neg)]).toEqual([-1, -25]);
    expect(Object.is(dt.days(Duration.fromHours(-1)), 0)).toBe(true);
  });
});

describe('dt.floor and dt.round', () => {
  it('floors to multiples of a duration since the epoch, keeping the kind', () => {
    expect(dt.floor(t, Duration.fromMinutes(15)).toString()).toBe('2023-05-15 10:00:00');
    expect(dt.floor(t, Duration.fromDays(1)).toString()).toBe('2023-05-15 00:00:00');
    const u = dt.floor(DateTimeUtc.parse('2023-05-15T10:13:45Z'), Duration.fromHours(1));
    expect(u).toBeInstanceOf(DateTimeUtc);
    expect(u.toString()).toBe('2023-05-15 10:00:00+00:00');
    expect(dt.floor(DateTimeNaive.parse('1969-12-31T23:59:30'), Duration.fromMinutes(1)).toString()).toBe(
      '1969-12-31 23:59:00',
    );
  });

  it('rounds to the nearest multiple, halfway up', () => {
    expect(dt.round(t, Duration.fromMinutes(15)).toString()).toBe('2023-05-15 10:15:00');
    expect(dt.round(DateTimeNaive.parse('2023-05-15T10:07:30'), Duration.fromMinutes(15)).toString()).toBe(
      '2023-05-15 10:15:00',
    );
    expect(dt.round(DateTimeNaive.parse('2023-05-15T10:07:29'), Duration.fromMinutes(15)).toString()).toBe(
      '2023-05-15 10:00:00',
    );
    expect(dt.round(t, Duration.fromMs(1)).toString()).toBe('2023-05-15 10:13:45.012000');
  });

  it('rejects non-positive durations', () => {
    expect(() => dt.floor(t, Duration.ZERO)).toThrow(/must be positive/);
    expect(() => dt.round(t, Duration.fromHours(-1))).toThrow(/must be positive/);
  });

  it('keeps the value for a nanosecond step dividing 1 µs, and rejects other sub-µs steps (test_datetimes.py::test_date_time_round "ns")', () => {
    expect(dt.floor(t, Duration.fromNanoseconds(1)).toString()).toBe('2023-05-15 10:13:45.012345');
    expect(dt.round(t, Duration.parse('ns'))).toBeInstanceOf(DateTimeNaive);
    expect(dt.round(t, Duration.fromNanoseconds(250)).toString()).toBe('2023-05-15 10:13:45.012345');
    expect(() => dt.floor(t, Duration.fromNanoseconds(300))).toThrow(/at least 1 microsecond/);
  });
});

describe('dt.toDuration', () => {
  it("accepts Pathway's unit names exactly (test_datetimes.py::test_pathway_duration)", () => {
    const day = Duration.fromDays(1);
    expect(dt.toDuration(1, 'W').equals(Duration.fromWeeks(1))).toBe(true);
    for (const u of ['D', 'day', 'days']) expect(dt.toDuration(1, u).equals(day)).toBe(true);
    for (const u of ['h', 'hr', 'hour', 'hours']) expect(dt.toDuration(24, u).equals(day)).toBe(true);
    for (const u of ['m', 'min', 'minute', 'minutes']) expect(dt.toDuration(1440, u).equals(day)).toBe(true);
    for (const u of ['s', 'sec', 'second', 'seconds'])
      expect(dt.toDuration(86_400, u).equals(day)).toBe(true);
    for (const u of ['ms', 'milli', 'millis', 'millisecond', 'milliseconds'])
      expect(dt.toDuration(86_400_000, u).equals(day)).toBe(true);
    for (const u of ['us', 'micro', 'micros', 'microsecond', 'microseconds'])
      expect(dt.toDuration(86_400_000_000, u).equals(day)).toBe(true);
    for (const u of ['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'])
      expect(dt.toDuration(86_400_000_000_000, u).equals(day)).toBe(true);
    expect(dt.toDuration(1500, 'ns').toString()).toBe('0 days 00:00:00.000002');
    for (const u of ['M', 'w', 'd', 'H', 'Days', 'toString', '']) {
      expect(() => dt.toDuration(1, u)).toThrow(/unit has to be a valid time unit/);
    }
  });
});

describe('dt timestamps', () => {
  it('converts to timestamps in each unit', () => {
    const u = DateTimeUtc.parse('2023-05-15T10:13:00.5Z');
    expect(dt.timestamp(u)).toBe(1684145580.5);
    expect(dt.timestamp(u, 'ms')).toBe(1684145580500);
    expect(dt.timestamp(u, 'us')).toBe(1684145580500000);
    expect(dt.timestamp(u, 'ns')).toBe(1684145580500000000);
    expect(() => dt.timestamp(u, 'h' as 's')).toThrow(/unknown timestamp unit "h"/);
  });

  it('builds date-times from timestamps', () => {
    expect(dt.fromTimestamp(1684145580, 's').toString()).toBe('2023-05-15 10:13:00');
    expect(dt.fromTimestamp(1684145580123.456, 'ms').toString()).toBe('2023-05-15 10:13:00.123456');
    expect(dt.utcFromTimestamp(1684145580000000, 'us').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(dt.utcFromTimestamp(1684145580000000000, 'ns').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(() => dt.fromTimestamp(NaN)).toThrow(/finite/);
  });
});

describe('dt arithmetic', () => {
  it('adds and subtracts durations keeping the kind', () => {
    expect(dt.addDuration(t, Duration.fromDays(17)).toString()).toBe('2023-06-01 10:13:45.012345');
    const u = DateTimeUtc.parse('2024-02-28T12:00:00Z');
    const next = dt.addDuration(u, Duration.fromDays(1));
    expect(next).toBeInstanceOf(DateTimeUtc);
    expect(next.toString()).toBe('2024-02-29 12:00:00+00:00');
    expect(dt.subDuration(u, Duration.fromHours(12)).toString()).toBe('2024-02-28 00:00:00+00:00');
  });

  it('subtracts date-times of the same kind into a Duration', () => {
    const a = DateTimeNaive.parse('2023-05-15T10:00:00');
    const b = DateTimeNaive.parse('2023-05-16T11:30:00');
    expect(dt.subtract(b, a).toString()).toBe('1 days 01:30:00');
    expect(dt.subtract(a, b).toString()).toBe('-2 days +22:30:00');
    expect(() => dt.subtract(a, DateTimeUtc.fromMs(0))).toThrow(/convert one with toUtc/);
  });
});
