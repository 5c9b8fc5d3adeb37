import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { PythonRandom } from './python-random.js';

afterEach(() => cw.clearGraph());

/** Runs the program to its end; the rows of `t` at the end and the number of epochs that changed it. */
async function collect<T extends Record<string, unknown>>(
  t: cw.Table<T>,
): Promise<{ rows: T[]; epochs: number }> {
  const rows = new Map<string, T>();
  const times = new Set<number>();
  cw.subscribe(t, {
    onChange: (key, row, time, add) => {
      times.add(time);
      if (add) rows.set(key, row);
      else rows.delete(key);
    },
  });
  await cw.run();
  return { rows: [...rows.values()], epochs: times.size };
}

function csvFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cw-demo-')), 'in.csv');
  writeFileSync(file, text);
  return file;
}

describe('cw.demo', () => {
  it("PythonRandom gives the numbers of Python's random.random() after random.seed(0)", () => {
    const r = new PythonRandom(0);
    // python3 -c "import random; random.seed(0); print([random.random() for _ in range(3)])"
    expect([r.random(), r.random(), r.random()]).toEqual([
      0.8444218515250481, 0.7579544029403025, 0.420571580830845,
    ]);
  });

  it('rangeStream streams offset, offset + 1, ... as floats over several epochs', async () => {
    const t = cw.demo.rangeStream({ nbRows: 5, offset: 10, inputRate: 200, autocommitDurationMs: 5 });
    expect(t.columns.map((c) => String(c.dtype))).toEqual(['FLOAT']);
    const { rows, epochs } = await collect(t);
    expect(rows.map((r) => r.value).sort()).toEqual([10, 11, 12, 13, 14]);
    expect(epochs).toBeGreaterThan(1);
  });

  it("noisyLinearStream gives the points of Pathway's (Python's random seeded with 0)", async () => {
    const { rows } = await collect(cw.demo.noisyLinearStream({ nbRows: 5, inputRate: 1000 }));
    // python3 -c "import random; random.seed(0); print([i + (2*random.random()-1)/10 for i in range(5)])"
    expect(rows.sort((a, b) => a.x - b.x)).toEqual([
      { x: 0, y: 0.06888437030500963 },
      { x: 1, y: 1.0515908805880605 },
      { x: 2, y: 1.984114316166169 },
      { x: 3, y: 2.9517833500585926 },
      { x: 4, y: 4.002254944273722 },
    ]);
  });

  it('generateCustomStream makes each column with its function of the row index, at the input rate', async () => {
    const started = performance.now();
    const t = cw.demo.generateCustomStream(
      { number: (i) => i + 1, name: (i) => `Person ${i}`, age: (i) => 20 + i },
      { schema: cw.schema({ number: cw.INT, name: cw.STR, age: cw.INT }), nbRows: 3, inputRate: 20 },
    );
    const { rows } = await collect(t);
    expect(rows.sort((a, b) => a.number - b.number)).toEqual([
      { number: 1, name: 'Person 0', age: 20 },
      { number: 2, name: 'Person 1', age: 21 },
      { number: 3, name: 'Person 2', age: 22 },
    ]);
    // A pause of 1 / 20 s after each row.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses a negative row count, a rate that is not positive and a bad time column or unit', () => {
    const schema = cw.schema({ t: cw.INT, v: cw.STR });
    expect(() => cw.demo.rangeStream({ nbRows: -1 })).toThrow(
      /nbRows must be a non-negative integer, got -1/,
    );
    expect(() => cw.demo.generateCustomStream({}, { schema, inputRate: 0 })).toThrow(
      /inputRate must be a positive number, got 0/,
    );
    expect(() => cw.demo.replayCsvWithTime('x.csv', { schema, timeColumn: 'v' })).toThrow(
      /the time column "v" must be a column of the schema typed INT or FLOAT/,
    );
    expect(() => cw.demo.replayCsvWithTime('x.csv', { schema, timeColumn: 't', unit: 'h' as never })).toThrow(
      /unit must be 's', 'ms', 'us' or 'ns', got "h"/,
    );
  });

  it("replayCsv streams a CSV file's rows parsed by the schema, its other columns left out", async () => {
    const file = csvFile('name,age,extra\nAna,31,x\n"Bo, Jr",7,y\n');
    const t = cw.demo.replayCsv(file, { schema: cw.schema({ name: cw.STR, age: cw.INT }), inputRate: 500 });
    const { rows } = await collect(t);
    expect(rows.sort((a, b) => a.age - b.age)).toEqual([
      { name: 'Bo, Jr', age: 7 },
      { name: 'Ana', age: 31 },
    ]);
  });

  it('replayCsvWithTime paces the rows by their time column, speedup times faster', async () => {
    const file = csvFile('t,v\n0,a\n100,b\n200,c\n');
    const started = performance.now();
    const t = cw.demo.replayCsvWithTime(file, {
      schema: cw.schema({ t: cw.INT, v: cw.STR }),
      timeColumn: 't',
      unit: 'ms',
      speedup: 2,
      autocommitMs: 5,
    });
    const { rows, epochs } = await collect(t);
    expect(rows.map((r) => r.v).sort()).toEqual(['a', 'b', 'c']);
    // The last row is due 200 ms / 2 after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(epochs).toBeGreaterThan(1);
  });
});
