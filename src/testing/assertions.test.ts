import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamEquality,
  assertStreamEqualityWoIndex,
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoIndexTypes,
  assertTableEqualityWoTypes,
  tableFromMarkdown,
  TableAssertionError,
} from './index.js';

afterEach(() => cw.clearGraph());

async function failure(p: Promise<void>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('assertTableEquality', () => {
  it('passes for the same ids and rows (computed table against markdown with the same labels)', async () => {
    const t = tableFromMarkdown(`
        | a
      1 | 2
      2 | 5`);
    const r = t.select({ b: cw.this.a.mul(2) });
    await assertTableEquality(
      r,
      tableFromMarkdown(`
          | b
        1 | 4
        2 | 10`),
    );
  });

  it('passes for unlabelled tables, whose rows are numbered alike', async () => {
    const t = tableFromMarkdown('a\n1\n2');
    await assertTableEquality(t.select({ a: cw.this.a.add(1) }), tableFromMarkdown('a\n2\n3'));
  });

  it('fails with a diff of expected (-) and actual (+) rows', async () => {
    const t = tableFromMarkdown(`
        | a | b
      1 | 1 | x
      2 | 2 | y`);
    const expected = tableFromMarkdown(`
        | a | b
      1 | 1 | x
      2 | 3 | y`);
    const err = await assertTableEquality(t, expected).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableAssertionError);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toBe(
      'assertTableEquality: the tables differ: 1 row only in expected (-), 1 row only in actual (+), 1 row equal',
    );
    expect(lines[1]).toMatch(/^ {4}\s+\| a \| b$/);
    expect(lines[2]).toMatch(/^ {4}\^\w{7}\.\.\. \| 1 \| x$/);
    expect(lines[3]).toMatch(/^ {2}- \^\w{7}\.\.\. \| 3 \| y$/);
    expect(lines[4]).toMatch(/^ {2}\+ \^\w{7}\.\.\. \| 2 \| y$/);
  });

  it('fails when ids differ even if the rows are equal', async () => {
    const msg = await failure(
      assertTableEquality(tableFromMarkdown('  | a\n1 | x'), tableFromMarkdown('  | a\n2 | x')),
    );
    expect(msg).toMatch(/1 row only in expected \(-\), 1 row only in actual \(\+\), 0 rows equal$/m);
  });

  it('checks column names and types', async () => {
    const t = tableFromMarkdown('a | b\n1 | 2');
    expect(await failure(assertTableEquality(t, tableFromMarkdown('a | c\n1 | 2')))).toBe(
      'assertTableEquality: the column names differ: actual has [a, b], expected has [a, c]; select or rename columns so both match, in the same order',
    );
    expect(await failure(assertTableEquality(t, tableFromMarkdown('a | b\n1 | 2.0')))).toMatch(
      /column "b" is INT in actual but FLOAT in expected; .* use the WoTypes variant/,
    );
    await assertTableEqualityWoTypes(t, tableFromMarkdown('a | b\n1 | 2.0'));
  });

  it('compares floats exactly and prints them well', async () => {
    const t = tableFromMarkdown('x\n0.30000000000000004');
    const msg = await failure(assertTableEqualityWoIndex(t, tableFromMarkdown('x\n0.3')));
    expect(msg).toContain('  - 0.3\n  + 0.30000000000000004');
  });

  it('compares several tables pairwise', async () => {
    const a = tableFromMarkdown('x\n1');
    const b = tableFromMarkdown('y\n2');
    await assertTableEquality([a, b], [tableFromMarkdown('x\n1'), tableFromMarkdown('y\n2')]);
    const msg = await failure(
      assertTableEquality([a, b], [tableFromMarkdown('x\n1'), tableFromMarkdown('y\n3')]),
    );
    expect(msg.startsWith('table 2: assertTableEquality: the tables differ')).toBe(true);
  });
});

describe('assertTableEqualityWoIndex', () => {
  it('compares multisets of rows, ignoring ids', async () => {
    const t = tableFromMarkdown(`
        | a
      1 | x
      2 | x
      3 | y`);
    await assertTableEqualityWoIndex(t, tableFromMarkdown('a\ny\nx\nx'));
    const msg = await failure(assertTableEqualityWoIndex(t, tableFromMarkdown('a\nx\ny\ny')));
    expect(msg).toBe(
      [
        'assertTableEqualityWoIndex: the tables differ: 1 row only in expected (-), 1 row only in actual (+), 2 rows equal (ids ignored)',
        '    a',
        '    x',
        '  + x',
        '    y',
        '  - y',
      ].join('\n'),
    );
  });

  it('ignores types in the WoIndexTypes variant', async () => {
    await assertTableEqualityWoIndexTypes(tableFromMarkdown('a\n1'), tableFromMarkdown('a\n1.0'));
  });

  it('shortens long failure messages but keeps every differing row', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => String(i)).join('\n');
    const msg = await failure(
      assertTableEqualityWoIndex(tableFromMarkdown(`a\n${rows}`), tableFromMarkdown(`a\n${rows}\n1000`), {
        maxRows: 5,
      }),
    );
    expect(msg).toContain('  - 1000');
    expect(msg.split('\n').at(-1)).toBe('  (96 more equal rows not shown)');
  });
});

describe('assertStreamEquality', () => {
  const input = () =>
    tableFromMarkdown(`
        | owner | age | __time__ | __diff__
      1 | Ana   | 10  | 2        | 1
      2 | Bo    | 3   | 2        | 1
      1 | Ana   | 10  | 4        | -1`);

  it('compares update streams per time, with ids', async () => {
    const t = input();
    await assertStreamEquality(
      t.select({ owner: cw.this.owner }),
      tableFromMarkdown(`
          | owner | __time__ | __diff__
        1 | Ana   | 2        | 1
        2 | Bo    | 2        | 1
        1 | Ana   | 4        | -1`),
    );
  });

  it('fails with the differing updates when a change comes at another time', async () => {
    const msg = await failure(
      assertStreamEqualityWoIndex(
        input().select({ owner: cw.this.owner }),
        tableFromMarkdown(`
          owner | __time__ | __diff__
          Ana   | 2        | 1
          Bo    | 2        | 1
          Ana   | 6        | -1`),
      ),
    );
    expect(msg).toBe(
      [
        'assertStreamEqualityWoIndex: the update streams differ: 1 update only in expected (-), 1 update only in actual (+), 2 updates equal (ids ignored)',
        '    owner | __time__ | __diff__',
        '    Ana   | 2        | 1',
        '    Bo    | 2        | 1',
        '  + Ana   | 4        | -1',
        '  - Ana   | 6        | -1',
      ].join('\n'),
    );
  });

  it('treats changes that cancel within a time as no change', async () => {
    const t = tableFromMarkdown(`
      v | __time__ | __diff__
      a | 2        | 1`);
    await assertStreamEqualityWoIndex(
      t,
      tableFromMarkdown(`
          | v | __time__ | __diff__
        1 | a | 2        | 1
        2 | b | 2        | 1
        2 | b | 2        | -1`),
    );
  });
});
