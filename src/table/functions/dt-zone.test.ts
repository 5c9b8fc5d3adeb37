import { describe, expect, it } from 'vitest';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { timezoneOffsetMs, toNaiveInTimezone, toUtc } from './dt-zone.js';

const naive = (s: string): DateTimeNaive => DateTimeNaive.parse(s);
const utc = (s: string): DateTimeUtc => DateTimeUtc.parse(s);

describe('toUtc', () => {
  it('converts ordinary wall-clock times', () => {
    expect(toUtc(naive('2023-05-15T12:13:00'), 'Europe/Warsaw').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(toUtc(naive('2023-01-15T12:13:00'), 'Europe/Warsaw').toString()).toBe('2023-01-15 11:13:00+00:00');
    expect(toUtc(naive('2023-01-01T00:00:00'), 'Asia/Kolkata').toString()).toBe('2022-12-31 18:30:00+00:00');
    expect(toUtc(naive('2023-01-01T00:00:00'), 'UTC').toString()).toBe('2023-01-01 00:00:00+00:00');
  });

  it('takes the later instant for ambiguous times when clocks go back (Pathway)', () => {
    expect(toUtc(naive('2023-10-29T02:30:00'), 'Europe/Warsaw').toString()).toBe('2023-10-29 01:30:00+00:00');
    expect(toUtc(naive('2023-10-29T02:00:00'), 'Europe/Warsaw').toString()).toBe('2023-10-29 01:00:00+00:00');
    expect(toUtc(naive('2023-11-05T01:30:00'), 'America/New_York').toString()).toBe(
      '2023-11-05 06:30:00+00:00',
    );
    expect(toUtc(naive('2023-11-05T01:00:00'), 'America/Los_Angeles').toString()).toBe(
      '2023-11-05 09:00:00+00:00',
    );
  });

  it('maps a skipped time to the first existing time after it, the jump (Pathway)', () => {
    expect(toUtc(naive('2023-03-26T02:30:00'), 'Europe/Warsaw').toString()).toBe('2023-03-26 01:00:00+00:00');
    expect(toUtc(naive('2023-03-12T02:30:00'), 'America/New_York').toString()).toBe(
      '2023-03-12 07:00:00+00:00',
    );
    expect(toUtc(naive('2023-03-12T02:30:00'), 'America/Los_Angeles').toString()).toBe(
      '2023-03-12 10:00:00+00:00',
    );
    // Australia/Lord_Howe jumps by 30 minutes at 02:00.
    expect(toUtc(naive('2023-10-01T02:10:00'), 'Australia/Lord_Howe').toString()).toBe(
      '2023-09-30 15:30:00+00:00',
    );
  });

  it('reads fixed offsets as zones', () => {
    expect(toUtc(naive('2023-05-15T12:13:00'), '+02:00').toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(toUtc(naive('2023-05-15T12:13:00'), '-0530').toString()).toBe('2023-05-15 17:43:00+00:00');
    expect(toNaiveInTimezone(utc('2023-05-15T10:13:00+00:00'), '+02:00').toString()).toBe(
      '2023-05-15 12:13:00',
    );
  });

  it('handles times right at the transitions', () => {
    expect(toUtc(naive('2023-03-26T01:59:59'), 'Europe/Warsaw').toString()).toBe('2023-03-26 00:59:59+00:00');
    expect(toUtc(naive('2023-03-26T03:00:00'), 'Europe/Warsaw').toString()).toBe('2023-03-26 01:00:00+00:00');
    expect(toUtc(naive('2023-10-29T03:00:00'), 'Europe/Warsaw').toString()).toBe('2023-10-29 02:00:00+00:00');
  });

  it('rejects unknown zones with a hint', () => {
    expect(() => toUtc(naive('2023-01-01'), 'Mars/Olympus')).toThrow(
      /unknown time zone "Mars\/Olympus"; use an IANA name/,
    );
  });
});

describe('toNaiveInTimezone', () => {
  it('shows instants on the local wall clock across DST changes', () => {
    expect(toNaiveInTimezone(utc('2023-10-29T00:59:00Z'), 'Europe/Warsaw').toString()).toBe(
      '2023-10-29 02:59:00',
    );
    expect(toNaiveInTimezone(utc('2023-10-29T01:00:00Z'), 'Europe/Warsaw').toString()).toBe(
      '2023-10-29 02:00:00',
    );
    expect(toNaiveInTimezone(utc('2023-03-26T01:00:00Z'), 'Europe/Warsaw').toString()).toBe(
      '2023-03-26 03:00:00',
    );
    expect(toNaiveInTimezone(utc('2023-05-15T10:13:00.25Z'), 'America/New_York').toString()).toBe(
      '2023-05-15 06:13:00.250000',
    );
  });

  it('round-trips with toUtc outside ambiguous hours', () => {
    for (let h = 0; h < 24 * 400; h += 5) {
      const u = DateTimeUtc.fromMs(Date.UTC(2023, 0, 1) + h * 3_600_000 + 123);
      // The hour after clocks go back shows wall times that toUtc maps to their first occurrence.
      if (timezoneOffsetMs('America/New_York', u.ms - 3_600_000) > timezoneOffsetMs('America/New_York', u.ms))
        continue;
      expect(toUtc(toNaiveInTimezone(u, 'America/New_York'), 'America/New_York').ms).toBe(u.ms);
    }
  });

  it('reports offsets in milliseconds', () => {
    expect(timezoneOffsetMs('Europe/Warsaw', Date.UTC(2023, 6, 1))).toBe(7_200_000);
    expect(timezoneOffsetMs('America/St_Johns', Date.UTC(2023, 0, 1))).toBe(-12_600_000);
  });
});
