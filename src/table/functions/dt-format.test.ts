// Properties checked: strptime(strftime(t, fmt), fmt) gives back t for formats that determine every field,
// for naive and UTC date-times at microsecond precision.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTimeNaive, DateTimeUtc } from '../values/date-time.js';
import { strftime, strptime } from './dt-format.js';

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

  it("prints the fraction only when it is not zero, with 3 or 6 digits (chrono %.f); a bare %f stays Python's", () => {
    const at = (s: string) => strptime(s, fmt);
    expect(strftime(at('2023-03-26T12:13:00'), '%H:%M:%S.%f')).toBe('12:13:00');
    expect(strftime(at('2023-03-26T12:13:00.5'), '%H:%M:%S.%f')).toBe('12:13:00.500');
    expect(strftime(at('2023-03-26T12:13:00.000250'), '%H:%M:%S.%f')).toBe('12:13:00.000250');
    expect(strftime(at('2023-03-26T12:13:00.5'), '%S %f')).toBe('00 500000');
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
