import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, type CsvSettings } from './csv-parser.js';

function splitAll(text: string, settings: CsvSettings = {}): [string[], number][] {
  const out: [string[], number][] = [];
  const r = new CsvSplitter(settings).split(text, true, (f, line) => out.push([f, line]));
  expect(r.error).toBeUndefined();
  return out;
}

describe('CsvSplitter', () => {
  it('splits plain records and skips empty lines, with 1-based line numbers', () => {
    expect(splitAll('a,b\n\n1,2\r\n3,4')).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 3],
      [['3', '4'], 4],
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    expect(splitAll('x,"a,b","say ""hi""","two\nlines"\r\nnext,"",z\n')).toEqual([
      [['x', 'a,b', 'say "hi"', 'two\nlines'], 1],
      [['next', '', 'z'], 3],
    ]);
  });

  it('honours a custom delimiter, quote, escape character and comments', () => {
    const settings: CsvSettings = { delimiter: ';', quote: "'", escape: '\\', comment: '#' };
    expect(splitAll("# note\na;'b;\\'c'\n", settings)).toEqual([[['a', "b;'c"], 2]]);
    expect(splitAll('a,"b"\n', { quoting: false })).toEqual([[['a', '"b"'], 1]]);
  });

  it('leaves a record cut inside quotes for the next piece, and reports it unterminated at the end', () => {
    const s = new CsvSplitter();
    const seen: string[][] = [];
    const text = 'a,b\n"open\n';
    expect(s.split(text, false, (f) => seen.push(f)).consumed).toBe(4);
    expect(seen).toEqual([['a', 'b']]);
    expect(s.split('"open\n', true, () => undefined).error).toMatch(
      /unterminated quoted field starting on line 2/,
    );
  });

  it('rejects special characters that are not one character', () => {
    expect(() => new CsvSplitter({ delimiter: '::' })).toThrow(/delimiter must be one character/);
  });

  it('gives the same records whatever the pieces the text arrives in', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z ]{0,4}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
      fc.constantFrom('"a\nb"', '"x,y"', '""""'),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(','));
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (records, cuts) => {
          const text = records.map((r) => r + '\n').join('');
          const whole = splitAll(text);
          // Cut after line breaks (as the chunk reader does) and feed the leftovers on.
          const breaks = [...text].flatMap((c, i) => (c === '\n' ? [i + 1] : []));
          const points = [...new Set(cuts.map((c) => breaks[c % Math.max(1, breaks.length)] ?? 0))].sort(
            (a, b) => a - b,
          );
          const s = new CsvSplitter();
          const got: [string[], number][] = [];
          let carry = '';
          let from = 0;
          for (const p of [...points, text.length]) {
            if (p <= from) continue;
            const piece = carry + text.slice(from, p);
            const r = s.split(piece, p === text.length, (f, line) => got.push([f, line]));
            carry = piece.slice(r.consumed);
            from = p;
          }
          expect(got).toEqual(whole);
        },
      ),
    );
  });
});
