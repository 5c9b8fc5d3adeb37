import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { keyFromValue, keyToString } from '../engine/key.js';
import {
  computeAndPrint,
  computeAndPrintUpdateStream,
  formatValue,
  renderTable,
  tableFromMarkdown,
} from './index.js';

afterEach(() => cw.clearGraph());

async function printed(f: (print: (s: string) => void) => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  await f((s) => out.push(s));
  return out;
}

describe('formatValue', () => {
  it('prints values as Python str() does', () => {
    expect(formatValue(null)).toBe('None');
    expect(formatValue(true)).toBe('True');
    expect(formatValue(2, cw.FLOAT)).toBe('2.0');
    expect(formatValue(2, cw.INT)).toBe('2');
    expect(formatValue(0.1, cw.FLOAT)).toBe('0.1');
    expect(formatValue(1e-5, cw.FLOAT)).toBe('1e-05');
    expect(formatValue(1e20, cw.FLOAT)).toBe('1e+20');
    expect(formatValue(Infinity, cw.FLOAT)).toBe('inf');
    expect(formatValue(NaN, cw.FLOAT)).toBe('nan');
    expect(formatValue([1, 'a'])).toBe("(1, 'a')");
    expect(formatValue(new cw.ErrorValue('x'))).toBe('Error');
  });

  it('prints pointers short or in full', () => {
    const k = keyFromValue(1);
    expect(formatValue(k, cw.POINTER)).toBe(`${keyToString(k).slice(0, 8)}...`);
    expect(formatValue(k, cw.POINTER, { shortPointers: false })).toBe(keyToString(k));
  });
});

describe('computeAndPrint', () => {
  it('prints ids, sorts rows by values and leaves None cells empty, as Pathway does', async () => {
    const t = tableFromMarkdown(`
        | pet | age
      1 | dog | 3.5
      2 | cat | None
      3 | ant | 2.0`);
    const lines = (await printed((print) => computeAndPrint(t, { print })))[0]!.split('\n');
    const id = (label: number) => `${keyToString(keyFromValue(label)).slice(0, 8)}...`;
    expect(lines).toEqual([
      '            | pet | age',
      `${id(3)} | ant | 2.0`,
      `${id(2)} | cat |`,
      `${id(1)} | dog | 3.5`,
    ]);
  });

  it('prints None as None for a single column without ids, and limits rows with nRows', async () => {
    const t = tableFromMarkdown(`
      v
      3
      None
      1`);
    expect(await printed((print) => computeAndPrint(t, { print, includeId: false }))).toEqual([
      'v\nNone\n1\n3',
    ]);
    expect(await printed((print) => computeAndPrint(t, { print, includeId: false, nRows: 2 }))).toEqual([
      'v\nNone\n1',
    ]);
  });

  it('prints full ids with shortPointers false', async () => {
    const t = tableFromMarkdown('  | v\n7 | x');
    const [text] = await printed((print) => computeAndPrint(t, { print, shortPointers: false }));
    expect(text!.split('\n')[1]).toBe(`${keyToString(keyFromValue(7))} | x`);
  });

  it('prints an id header when the table has no columns, and nothing without ids', async () => {
    const t = tableFromMarkdown('  | v\n7 | x').select({});
    const [text] = await printed((print) => computeAndPrint(t, { print }));
    expect(text!.split('\n')[0]).toBe('id');
    expect(await printed((print) => computeAndPrint(t, { print, includeId: false }))).toEqual([]);
  });
});

describe('computeAndPrintUpdateStream', () => {
  it('prints each change sorted by time, diff, values', async () => {
    const t = tableFromMarkdown(`
        | v | __time__ | __diff__
      1 | b | 2        | 1
      2 | a | 2        | 1
      1 | b | 4        | -1
      1 | c | 4        | 1`);
    const [text] = await printed((print) => computeAndPrintUpdateStream(t, { print, includeId: false }));
    expect(text).toBe(
      [
        'v | __time__ | __diff__',
        'a | 2        | 1',
        'b | 2        | 1',
        'b | 4        | -1',
        'c | 4        | 1',
      ].join('\n'),
    );
  });
});

describe('renderTable', () => {
  it('prints None as None (readable test expectations) and renders the stream with squashUpdates false', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | None`);
    expect(await renderTable(t, { includeId: false })).toBe('a | b\n1 | None');
    expect(await renderTable(t, { includeId: false, squashUpdates: false })).toBe(
      'a | b    | __time__ | __diff__\n1 | None | 0        | 1',
    );
  });
});

describe('computeAndPrint with several tables', () => {
  it('computes them in one run and prints each, options last', async () => {
    const a = tableFromMarkdown(`
      x
      1`);
    const b = tableFromMarkdown(`
      y
      2`);
    const out: string[] = [];
    await computeAndPrint(a, b, { includeId: false, print: (t) => void out.push(t) });
    expect(out).toEqual(['x\n1', 'y\n2']);
  });
});

// _compute_and_print_single prints str(value): a tuple shows its elements' repr, so 1.0 keeps its `.0` and a
// pointer shows as Pointer("^...") in full; padding counts Python's len (code points).
describe('computeAndPrint inside tuples and with wide characters', () => {
  it('prints FLOAT elements of a tuple with .0, as Python repr', async () => {
    const t = tableFromMarkdown('  | a\n1 | 1.0\n2 | 2.5');
    const r = t.reduce({ t: cw.reducers.sortedTuple(t.c.a) });
    expect(await printed((print) => computeAndPrint(r, { print, includeId: false }))).toEqual([
      't\n(1.0, 2.5)',
    ]);
    expect(formatValue([[2, 3]], cw.list(cw.tuple(cw.FLOAT, cw.INT)))).toBe('((2.0, 3),)');
  });

  it('prints pointer elements of a tuple as Pointer("^...") in full', async () => {
    const k = keyFromValue(1);
    expect(formatValue([k, 'x'], cw.tuple(cw.POINTER, cw.STR))).toBe(`(Pointer("${keyToString(k)}"), 'x')`);
    const t = tableFromMarkdown('  | a\n1 | x');
    const r = t.reduce({ ids: cw.reducers.tuple(t.id) });
    expect(await printed((print) => computeAndPrint(r, { print, includeId: false }))).toEqual([
      `ids\n(Pointer("${keyToString(k)}"),)`,
    ]);
  });

  it('types makeTuple as a Tuple of its elements, so its pointers and floats print as Pathway', async () => {
    const t = tableFromMarkdown('  | a\n1 | 2.0');
    const r = t.select({ p: cw.makeTuple(t.id, cw.this.a) });
    expect(r.columns[0]!.dtype.toString()).toBe('Tuple(POINTER, FLOAT)');
    const k = keyFromValue(1);
    expect(await printed((print) => computeAndPrint(r, { print, includeId: false }))).toEqual([
      `p\n(Pointer("${keyToString(k)}"), 2.0)`,
    ]);
  });

  it('pads columns by code points, so an emoji counts as one character', async () => {
    const t = tableFromMarkdown('a | b\n😀 | 1\nx | 2');
    expect(await printed((print) => computeAndPrint(t, { print, includeId: false }))).toEqual([
      'a | b\nx | 2\n😀 | 1',
    ]);
  });
});
