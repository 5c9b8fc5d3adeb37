import { describe, expect, it } from 'vitest';
import { DateTimeNaive } from '../values/date-time.js';
import { Duration } from '../values/duration.js';
import { ErrorValue } from '../values/error-value.js';
import { Json } from '../values/json.js';
import * as str from './str.js';

const EMOJI = '\u{1f600}';

describe('str case and length', () => {
  it('changes case like Python', () => {
    expect(str.lower('AbC')).toBe('abc');
    expect(str.upper('straße')).toBe('STRASSE');
    expect(str.title("they're bill's friends")).toBe("They'Re Bill'S Friends");
    expect(str.title('hello2world')).toBe('Hello2World');
    // Title case, not upper case, for the first letter (Python's str.title): digraphs, sharp s, ligatures, Greek
    // with ypogegrammeni, Georgian; a letter without an upper case still continues a word.
    expect(str.title('\u01c6emal \u01c9ubljana')).toBe('\u01c5emal \u01c8ubljana');
    expect(str.title('\u00dfa \ufb01ne \u1f80\u03b9')).toBe('Ssa Fine \u1f88\u03b9');
    expect(str.title('\u10d0\u10d1 \u0149a')).toBe('\u10d0\u10d1 \u02bcNa');
    expect(str.title('\u0138AB \u00aaXY')).toBe('\u0138ab \u00aaxy');
    expect(str.swapcase('aBc ß')).toBe('AbC SS');
  });

  it('counts and reverses code points, not UTF-16 units', () => {
    expect(str.len('abc')).toBe(3);
    expect(str.len(`a${EMOJI}b`)).toBe(3);
    expect(str.reversed('abc')).toBe('cba');
    expect(str.reversed(`a${EMOJI}b`)).toBe(`b${EMOJI}a`);
  });
});

describe('str.replace', () => {
  it('replaces all or the first count occurrences', () => {
    expect(str.replace('aaa', 'a', 'b')).toBe('bbb');
    expect(str.replace('aaa', 'a', 'b', 2)).toBe('bba');
    expect(str.replace('aaa', 'a', 'b', 0)).toBe('aaa');
  });

  it('inserts around every character when old is empty, as Python', () => {
    expect(str.replace('abc', '', '-')).toBe('-a-b-c-');
    expect(str.replace('abc', '', '-', 2)).toBe('-a-bc');
  });
});

describe('str prefixes and stripping', () => {
  it('tests prefixes and suffixes, also from a list', () => {
    expect(str.startswith('abc', 'ab')).toBe(true);
    expect(str.endswith('abc', ['x', 'bc'])).toBe(true);
    expect(str.startswith('abc', ['x', 'y'])).toBe(false);
    expect(str.removeprefix('abcabc', 'abc')).toBe('abc');
    expect(str.removesuffix('abc', 'x')).toBe('abc');
    expect(str.removesuffix('abc.txt', '.txt')).toBe('abc');
  });

  it('strips Python whitespace or the given characters', () => {
    expect(str.strip(' \t\n\x1c a b \u3000')).toBe('a b');
    expect(str.strip('\ufeffa')).toBe('\ufeffa'); // BOM is not whitespace in Python
    expect(str.lstrip('  a  ')).toBe('a  ');
    expect(str.rstrip('  a  ')).toBe('  a');
    expect(str.strip('xxaxyx', 'xy')).toBe('a');
    expect(str.strip(`${EMOJI}a${EMOJI}`, EMOJI)).toBe('a');
    expect(str.rstrip('abc', '')).toBe('abc');
  });
});

describe('str slicing and searching', () => {
  it('slices with Python indices', () => {
    expect(str.slice('abcdef', 1, 3)).toBe('bc');
    expect(str.slice('abcdef', -2)).toBe('ef');
    expect(str.slice('abcdef', 2, -1)).toBe('cde');
    expect(str.slice('abcdef', 4, 2)).toBe('');
    expect(str.slice('abc', -10, 10)).toBe('abc');
    expect(str.slice(`${EMOJI}ab`, 1, 2)).toBe('a');
  });

  it('finds like Python find/rfind with ranges', () => {
    expect(str.find('abcabc', 'c', -3)).toBe(5);
    expect(str.find('abcabc', 'x')).toBe(-1);
    expect(str.find('abc', '', 3)).toBe(3);
    expect(str.find('abc', '', 4)).toBe(-1);
    expect(str.find('abcabc', 'bc', 0, 2)).toBe(-1);
    expect(str.rfind('abcabc', 'b')).toBe(4);
    expect(str.rfind('abcabc', 'b', 0, 4)).toBe(1);
    expect(str.rfind('abcabc', 'a', 1)).toBe(3);
    expect(str.find(`${EMOJI}${EMOJI}a`, 'a')).toBe(2);
    expect(str.rfind(`${EMOJI}a${EMOJI}a`, 'a')).toBe(3);
  });

  it('counts non-overlapping occurrences', () => {
    expect(str.count('aaaa', 'aa')).toBe(2);
    expect(str.count('abc', '')).toBe(4);
    expect(str.count('abc', '', 1)).toBe(3);
    expect(str.count('abc', '', 5)).toBe(0);
    expect(str.count('abcabc', 'b', 2)).toBe(1);
  });
});

describe('str.split', () => {
  it('splits on whitespace runs with maxsplit', () => {
    expect(str.split('  a  b  c  ')).toEqual(['a', 'b', 'c']);
    expect(str.split('  a  b  c  ', null, 1)).toEqual(['a', 'b  c  ']);
    expect(str.split('')).toEqual([]);
  });

  it("keeps the remainder's trailing whitespace when maxsplit stops on whitespace, as Python's str.split", () => {
    expect(str.split('a  b   c  ', null, 1)).toEqual(['a', 'b   c  ']);
    expect(str.split('a b\t\n', null, 1)).toEqual(['a', 'b\t\n']);
    expect(str.split('  a  ', null, 0)).toEqual(['a  ']);
    expect(str.split('a \t', null, 1)).toEqual(['a']);
    expect(str.split('a  b   c  ', null, 5)).toEqual(['a', 'b', 'c']);
  });

  it('splits on a separator with maxsplit', () => {
    expect(str.split('a,b,,c', ',')).toEqual(['a', 'b', '', 'c']);
    expect(str.split('a,b,c', ',', 1)).toEqual(['a', 'b,c']);
    expect(str.split('', ',')).toEqual(['']);
    expect(() => str.split('a', '')).toThrow(/empty separator/);
  });
});

describe('str.toString', () => {
  it('prints values as Pathway does', () => {
    expect(str.toString(null)).toBe('None');
    expect(str.toString(true)).toBe('True');
    expect(str.toString(3)).toBe('3');
    expect(str.toString(0.1)).toBe('0.1');
    expect(str.toString('x')).toBe('x');
    expect(str.toString([1, 'a'])).toBe("(1, 'a')");
    expect(str.toString([1])).toBe('(1,)');
    expect(str.toString([])).toBe('()');
    expect(str.toString(["it's", [null]])).toBe('("it\'s", (None,))');
    expect(str.toString(new Uint8Array([97, 39, 98, 0]))).toBe('b"a\'b\\x00"');
    expect(str.toString(DateTimeNaive.parse('2023-05-15T10:13:00'))).toBe('2023-05-15 10:13:00');
    expect(str.toString(Duration.fromHours(1))).toBe('0 days 01:00:00');
    expect(str.toString(new Json({ a: 1 }))).toBe('{"a": 1}');
    expect(str.toString(new ErrorValue('x'))).toBe('Error');
  });

  it('reprs strings with Python quoting and escapes', () => {
    expect(str.repr('a\nb')).toBe("'a\\nb'");
    expect(str.repr('\'"')).toBe("'\\'\"'");
    expect(str.repr('é')).toBe("'é'");
  });
});
