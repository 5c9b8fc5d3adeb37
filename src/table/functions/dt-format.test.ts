// Properties checked: strptime(strftime(t, fmt), fmt) gives back t for formats that determine every field,
// for naive and UTC date-times at microsecond precision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { formatHasOffset, strftime, strptime } from './dt-format.js';

const t = DateTimeNaive.parse('2023-05-15T10:13:00.012345');

describe('strftime', () => {
  it('formats every directive like Python', () => {
    expect(strftime(t, '%a %A %w %u %d %b %B %m %y %Y %H %I %p %M %S %f %j %U %W %%')).toBe(
      'Mon Monday 1 1 15 May May 05 23 2023 10 10 AM 13 00 012345 135 20 20 %',
    );
    expect(strftime(t, '%c|%x|%X|%F %T|%D|%R|%h|%e')).toBe(
      'Mon May 15 10:13:00 2023|05/15/23|10:13:00|2023-05-15 10:13:00|05/15/23|10:13|May|15',
    );
    expect(strftime(DateTimeNaive.parse('2023-01-01T00:05:00'), '%I:%M %p %e %U %W')).toBe(
      '12:05 AM  1 01 00',
    );
    expect(strftime(DateTimeNaive.parse('2023-01-01T13:00:00'), '%I %p')).toBe('01 PM');
  });

  it('prints offsets only for UTC date-times', () => {
    expect(strftime(t, '%H%z%Z')).toBe('10');
    expect(strftime(DateTimeUtc.parse('2023-05-15T10:13:00Z'), '%Y-%m-%dT%H:%M:%S%z %Z')).toBe(
      '2023-05-15T10:13:00+0000 UTC',
    );
  });

  it('pads years below 1000 and rejects unknown directives', () => {
    expect(strftime(DateTimeNaive.of({ year: 33, month: 3, day: 3 }), '%Y-%y')).toBe('0033-33');
    expect(() => strftime(t, '%Q')).toThrow('strftime: unsupported directive %Q in format "%Q"');
    expect(() => strftime(t, '100%')).toThrow(/lone %/);
  });
});

describe('strptime', () => {
  it('parses like Python into a naive date-time', () => {
    const cases: [string, string, string][] = [
      ['2023-05-15 10:13:00', '%Y-%m-%d %H:%M:%S', '2023-05-15 10:13:00'],
      ['1/2/23 3:04 PM', '%d/%m/%y %I:%M %p', '2023-02-01 15:04:00'],
      ['12:30 am', '%I:%M %p', '1900-01-01 00:30:00'],
      ['12:30 PM', '%I:%M %p', '1900-01-01 12:30:00'],
      ['2023 100', '%Y %j', '2023-04-10 00:00:00'],
      ['15 MAY 2023 10:13:00.5', '%d %b %Y %H:%M:%S.%f', '2023-05-15 10:13:00.500000'],
      ['Monday, 15 May 1970', '%A, %d %B %Y', '1970-05-15 00:00:00'],
      ['70', '%y', '1970-01-01 00:00:00'],
      ['68', '%y', '2068-01-01 00:00:00'],
      ['2023-05-15T10:13:00 UTC', '%Y-%m-%dT%H:%M:%S %Z', '2023-05-15 10:13:00'],
      ['10%', '%d%%', '1900-01-10 00:00:00'],
      ['2023-05-15   10', '%Y-%m-%d %H', '2023-05-15 10:00:00'],
    ];
    for (const [text, fmt, printed] of cases) {
      const v = strptime(text, fmt);
      expect(v).toBeInstanceOf(DateTimeNaive);
      expect(v.toString()).toBe(printed);
    }
  });

  it('returns UTC when the format has %z, converting the offset', () => {
    const v = strptime('2023-05-15T12:13:00+0200', '%Y-%m-%dT%H:%M:%S%z');
    expect(v).toBeInstanceOf(DateTimeUtc);
    expect(v.toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(strptime('2023-05-15 07:13-03:00', '%Y-%m-%d %H:%M%z').toString()).toBe(
      '2023-05-15 10:13:00+00:00',
    );
    expect(strptime('2023-05-15 10:13Z', '%Y-%m-%d %H:%M%z').toString()).toBe('2023-05-15 10:13:00+00:00');
  });

  it('reads text as UTC when asked', () => {
    const v = strptime('2023-05-15 10:13', '%Y-%m-%d %H:%M', { utc: true });
    expect(v).toBeInstanceOf(DateTimeUtc);
    expect(v.toString()).toBe('2023-05-15 10:13:00+00:00');
    expect(() => strptime('2023 +0100', '%Y %z', { utc: false })).toThrow(/has %z but utc: false/);
  });

  it('throws Python-like errors on bad input', () => {
    expect(() => strptime('2023-13-01', '%Y-%m-%d')).toThrow(
      'strptime: time data "2023-13-01" does not match format "%Y-%m-%d"',
    );
    expect(() => strptime('2023-05-15 extra', '%Y-%m-%d')).toThrow(
      'strptime: unconverted data remains: " extra"',
    );
    expect(() => strptime('2023-02-30', '%Y-%m-%d')).toThrow(/day is out of range for month: 2023-02-30/);
    expect(() => strptime('10:13:60', '%H:%M:%S')).toThrow(/second must be in 0\.\.59/);
    expect(() => strptime('2023 366', '%Y %j')).toThrow(/366 does not exist in 2023/);
    expect(() => strptime('2023', '%Y %Q')).toThrow(/unsupported directive %Q/);
    expect(() => strptime('', '%Y')).toThrow(/does not match/);
  });
});

const FORMATS = [
  '%Y-%m-%d %H:%M:%S.%f',
  '%d/%m/%Y %I:%M:%S.%f %p',
  '%Y%j %H%M%S%f',
  '%a %d %B %Y, %H:%M:%S.%f',
  '%FT%T.%f',
];
// Microseconds in years 1900..2100, where float milliseconds keep microseconds exact.
const micros = fc.integer({ min: -2_208_988_800_000_000, max: 4_102_444_800_000_000 });

describe("Pathway's .%f", () => {
  const fmt = '%Y-%m-%dT%H:%M:%S.%f';
  it('reads an optional fraction of up to nine digits (Pathway doctest: dt.strptime)', () => {
    expect(strptime('2023-03-25T10:13:00.000000012', fmt).toString()).toBe('2023-03-25 10:13:00');
    expect(strptime('2023-03-26T12:13:00', fmt).toString()).toBe('2023-03-26 12:13:00');
    expect(strptime('2023-03-26T12:13:00.5', fmt).toString()).toBe('2023-03-26 12:13:00.500000');
    expect(strptime('2023-03-26T12:13:00.123456789', fmt).toString()).toBe('2023-03-26 12:13:00.123456');
    expect(() => strptime('2023-03-26T12:13:00.', fmt)).toThrow(/unconverted data remains: "\."/);
  });

  it('reads the optional fraction after an escaped %%f and before %z (test_datetimes.py::test_strptime_time_zone_aware)', () => {
    const f = '%Y%%f%m-%d %H:%M:%S.%f%z';
    expect(strptime('2023%f03-26 16:43:21.12-11:05', f).toString()).toBe('2023-03-27 03:48:21.120000+00:00');
    expect(strptime('1900%f01-01 00:00:00.396093123-11:05', f).toString()).toBe(
      '1900-01-01 11:05:00.396093+00:00',
    );
  });
});

describe('strftime with .%f', () => {
  const at = (s: string) => strptime(s, '%Y-%m-%dT%H:%M:%S.%f');
  it('prints a literal dot and the six-digit fraction, as pandas in test_datetimes.py::test_strftime', () => {
    expect(strftime(at('2023-03-25T12:34:56'), '%Y-%m-%dT%H:%M:%S.%f')).toBe('2023-03-25T12:34:56.000000');
    expect(strftime(at('2023-03-26T12:13:00.5'), '%H:%M:%S.%f')).toBe('12:13:00.500000');
    expect(strftime(at('2023-03-26T12:13:00.000250'), '%H:%M:%S.%f')).toBe('12:13:00.000250');
    expect(strftime(at('2023-03-26T12:13:00.5'), '%S %f')).toBe('00 500000');
    expect(strftime(at('2023-03-26T12:13:00.5'), '%Y-%m-%d %H:%M:%S.%%f')).toBe('2023-03-26 12:13:00.%f');
  });
});

describe('escaped %%', () => {
  const t2 = DateTimeNaive.parse('2023-03-25T12:34:56');
  it('prints %% followed by a letter as that text, not a directive (test_datetimes.py::test_strftime "%%%Y", "%%H:%%M:%%S")', () => {
    expect(strftime(t2, '%%Y')).toBe('%Y');
    expect(strftime(t2, '%Y%%d')).toBe('2023%d');
    expect(strftime(t2, '%%%Y')).toBe('%2023');
    expect(strftime(t2, '%%H:%%M:%%S')).toBe('%H:%M:%S');
    expect(strftime(t2, '%%')).toBe('%');
  });

  it('parses %% followed by a letter as that text (test_datetimes.py::test_strptime_time_zone_aware "%Y%%f%m-%d")', () => {
    expect(strptime('1900%f01-01', '%Y%%f%m-%d').toString()).toBe('1900-01-01 00:00:00');
    expect(strptime('2023%d05', '%Y%%d%m').toString()).toBe('2023-05-01 00:00:00');
    expect(() => strptime('2023-05', '%Y%%d%m')).toThrow(/does not match/);
  });
});

describe('ISO week and %:z', () => {
  it('formats %G and %V as the ISO 8601 year and week, like Python (test_datetimes.py::test_strftime "%G", "%V")', () => {
    const cases: [string, string][] = [
      ['2008-12-29', '2009-W01-1'],
      ['2010-01-03', '2009-W53-7'],
      ['2023-03-25', '2023-W12-6'],
      ['2021-01-01', '2020-W53-5'],
      ['2024-12-30', '2025-W01-1'],
      ['1960-02-03', '1960-W05-3'],
      ['2123-03-26', '2123-W12-5'],
    ];
    for (const [date, iso] of cases) {
      expect(strftime(DateTimeNaive.parse(`${date}T23:59:59.999999`), '%G-W%V-%u')).toBe(iso);
      expect(strftime(DateTimeUtc.parse(`${date}T00:00:00Z`), '%G-W%V-%u')).toBe(iso);
    }
    expect(() => strptime('2023', '%G')).toThrow(/%G is supported by strftime only/);
  });

  it('parses %:z offsets written with a colon (test_datetimes.py::test_strptime_time_zone_aware "%Y-%m-%d %H:%M:%S%:z")', () => {
    const v = strptime('2023-03-25 16:43:21+01:23', '%Y-%m-%d %H:%M:%S%:z');
    expect(v).toBeInstanceOf(DateTimeUtc);
    expect(v.toString()).toBe('2023-03-25 15:20:21+00:00');
    expect(strptime('2023-03-25 16:43:21-02:00', '%Y-%m-%d %H:%M:%S%:z').toString()).toBe(
      '2023-03-25 18:43:21+00:00',
    );
    expect(() => strptime('2023-03-25 16:43:21+0123', '%Y-%m-%d %H:%M:%S%:z')).toThrow(/does not match/);
    expect(strftime(DateTimeUtc.parse('2023-05-15T10:13:00Z'), '%H%:z')).toBe('10+00:00');
  });

  it('tells formats with an offset directive from escaped ones', () => {
    expect(formatHasOffset('%Y %z')).toBe(true);
    expect(formatHasOffset('%Y %:z')).toBe(true);
    expect(formatHasOffset('%%z')).toBe(false);
    expect(formatHasOffset('%%%z')).toBe(true);
    expect(formatHasOffset('%Y')).toBe(false);
  });
});

describe('strftime/strptime round trip', () => {
  it('parses back what it formats, for naive date-times', () => {
    fc.assert(
      fc.property(micros, fc.constantFrom(...FORMATS), (us, fmt) => {
        const v = DateTimeNaive.fromMicroseconds(us);
        const back = strptime(strftime(v, fmt), fmt);
        expect(back.toString()).toBe(v.toString());
        expect(back.equals(v)).toBe(true);
        expect(back.ms).toBe(v.ms);
      }),
      { numRuns: 500 },
    );
  });

  it('parses back what it formats, for UTC date-times with %z', () => {
    fc.assert(
      fc.property(micros, (us) => {
        const v = DateTimeUtc.fromMicroseconds(us);
        const fmt = '%Y-%m-%d %H:%M:%S.%f%z';
        expect(strptime(strftime(v, fmt), fmt).equals(v)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
