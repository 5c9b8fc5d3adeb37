// Parsing text like Python's int() / float() and Pathway's boolean words (str-parse.ts).

import { describe, expect, it } from 'vitest';
import * as str from './str-parse.js';

describe('str parsing', () => {
  it('parses ints like int()', () => {
    expect(str.parseInt(' 42 ')).toBe(42);
    expect(str.parseInt('-007')).toBe(-7);
    expect(str.parseInt('1_000')).toBe(1000);
    expect(() => str.parseInt('1.5')).toThrow("invalid literal for int() with base 10: '1.5'");
    expect(() => str.parseInt('')).toThrow(/invalid literal/);
    expect(() => str.parseInt('1__0')).toThrow(/invalid literal/);
    expect(() => str.parseInt('99999999999999999999')).toThrow(/exact integer range/);
  });

  it('parses floats like float()', () => {
    expect(str.parseFloat(' 1.5 ')).toBe(1.5);
    expect(str.parseFloat('.5')).toBe(0.5);
    expect(str.parseFloat('5.')).toBe(5);
    expect(str.parseFloat('1e-3')).toBe(0.001);
    expect(str.parseFloat('-Infinity')).toBe(-Infinity);
    expect(str.parseFloat('inf')).toBe(Infinity);
    expect(str.parseFloat('NaN')).toBeNaN();
    expect(() => str.parseFloat('')).toThrow("could not convert string to float: ''");
    expect(() => str.parseFloat('0x10')).toThrow(/could not convert/);
    expect(() => str.parseFloat('1,5')).toThrow(/could not convert/);
  });

  it("parses bools from Pathway's default word lists, ignoring case", () => {
    for (const w of ['true', 'YES', 'On', '1']) expect(str.parseBool(w)).toBe(true);
    for (const w of ['False', 'no', 'OFF', '0']) expect(str.parseBool(w)).toBe(false);
    // Not in Pathway's lists (default_true_values / default_false_values).
    for (const w of ['y', 'N', 't', 'f']) expect(() => str.parseBool(w)).toThrow(/cannot parse/);
    expect(() => str.parseBool('maybe')).toThrow(
      /cannot parse 'maybe' as a bool; expected one of \[on, true/,
    );
    expect(str.parseBool('Ja', { trueValues: ['ja'], falseValues: ['nein'] })).toBe(true);
    expect(() => str.parseBool('yes', { trueValues: ['ja'], falseValues: ['nein'] })).toThrow(/\[ja\]/);
  });
});
