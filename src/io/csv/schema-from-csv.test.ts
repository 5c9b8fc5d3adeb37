// schemaFromCsv (Pathway's pw.schema_from_csv): names from the header, INT / FLOAT / STR / ANY from the values, CSV
// settings, numParsedRows, clear errors; a file read back with the schema it gave.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableToRows } from '../../testing/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cw-schema-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh file in the test directory and returns its path. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('schemaFromCsv', () => {
  it('names columns from the header and types them from every value', () => {
    const p = file('pets.csv', 'owner,age,weight,note\nAlice,3,4.5,x\nBob,-7,10,"1,5"\nCarol,+12, 2e3 ,7\n');
    const s = cw.schemaFromCsv(p);
    expect(s.names).toEqual(['owner', 'age', 'weight', 'note']);
    expect(s.typehints()).toEqual({ owner: cw.STR, age: cw.INT, weight: cw.FLOAT, note: cw.STR });
    expect(s.primaryKeyColumns()).toBeUndefined();
  });

  it('makes a column with an empty field STR (as Pathway), and one with no rows ANY', () => {
    expect(cw.schemaFromCsv(file('gap.csv', 'a,b\n1,2\n,3\n')).typehints()).toEqual({ a: cw.STR, b: cw.INT });
    expect(cw.schemaFromCsv(file('header.csv', 'a,b\n')).typehints()).toEqual({ a: cw.ANY, b: cw.ANY });
  });

  it('reads only numParsedRows rows (0: the header only)', () => {
    const p = file('late.csv', 'a\n1\n2\nthree\n');
    expect(cw.schemaFromCsv(p).typehints()).toEqual({ a: cw.STR });
    expect(cw.schemaFromCsv(p, { numParsedRows: 2 }).typehints()).toEqual({ a: cw.INT });
    expect(cw.schemaFromCsv(p, { numParsedRows: 0 }).typehints()).toEqual({ a: cw.ANY });
  });

  it('reads past the first chunk of a large file, records cut at a chunk boundary included', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},"multi\nline ${i}",${i / 4}`);
    const s = cw.schemaFromCsv(file('big.csv', `n,text,q\n${rows.join('\n')}\nlast,x,1\n`));
    expect(s.typehints()).toEqual({ n: cw.STR, text: cw.STR, q: cw.FLOAT });
    expect(
      cw.schemaFromCsv(file('big2.csv', `n\n${rows.map((_, i) => i).join('\n')}\n`)).typehints(),
    ).toEqual({
      n: cw.INT,
    });
  });

  it('drops a byte order mark before the header, as the readers do', () => {
    expect(cw.schemaFromCsv(file('bom.csv', '\ufeffname,n\nA,1\n')).names).toEqual(['name', 'n']);
  });

  it('takes the CSV settings: delimiter, quote, comment lines', () => {
    const p = file('semi.csv', "# a comment\nx;y\n'1;5';2\n# another\n3;4\n");
    const s = cw.schemaFromCsv(p, { delimiter: ';', quote: "'", comment: '#' });
    expect(s.typehints()).toEqual({ x: cw.STR, y: cw.INT });
  });

  it('refuses an empty file, a repeated header name, a bad row count and an unterminated quote', () => {
    expect(() => cw.schemaFromCsv(file('empty.csv', ''))).toThrow('is empty; a schema needs its header line');
    expect(() => cw.schemaFromCsv(file('dup.csv', 'a,b,a\n1,2,3\n'))).toThrow('names column "a" twice');
    expect(() => cw.schemaFromCsv(file('ok.csv', 'a\n1\n'), { numParsedRows: -1 })).toThrow(RangeError);
    expect(() => cw.schemaFromCsv(file('open.csv', 'a\n"1\n'))).toThrow('schemaFromCsv:');
    expect(() => cw.schemaFromCsv(path.join(dir, 'missing.csv'))).toThrow(/ENOENT/);
  });

  it('gives a schema that reads the file back', async () => {
    const p = file('back.csv', 'name,n,x\nA,1,0.5\nB,2,1\n');
    const t = cw.io.csv.read(p, { schema: cw.schemaFromCsv(p), mode: 'static' });
    const rows = await tableToRows<Record<string, unknown>>(t);
    expect(
      rows.map(({ id: _, ...r }) => r).sort((a, b) => String(a.name).localeCompare(String(b.name))),
    ).toEqual([
      { name: 'A', n: 1, x: 0.5 },
      { name: 'B', n: 2, x: 1 },
    ]);
    expect(cw.io.csv.schemaFromCsv).toBe(cw.schemaFromCsv);
  });
});
