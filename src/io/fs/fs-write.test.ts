import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromRows, tableToRows } from '../../testing/index.js';
import { DateTimeUtc } from '../../table/values/date-time.js';
import { Json } from '../../table/values/json.js';
import * as csv from '../csv/index.js';
import * as jsonlines from '../jsonlines/index.js';
import { runInBackground } from '../testing/live-view.test-util.js';
import { parseCsv, TempFiles } from './fs-test-files.test-util.js';
import { read, write } from './index.js';

let files: TempFiles;
afterEach(async () => {
  cw.clearGraph();
  await files?.cleanup();
});

const Rec = cw.schema({
  s: cw.STR,
  n: cw.FLOAT.optional(),
  t: cw.DATE_TIME_UTC,
  j: cw.JSON,
});
const rows = [
  { s: 'a,"b"\nc', n: 1.5, t: DateTimeUtc.parse('2024-01-02T03:04:05Z'), j: new Json({ x: [1, 2] }) },
  { s: 'plain', n: null, t: DateTimeUtc.parse('2024-01-02T03:04:05Z'), j: new Json('text') },
];

describe('csv.write / jsonlines.write / fs.write', () => {
  it('writes CSV with a header, quoting fields that need it, then time and diff', async () => {
    files = await TempFiles.create();
    const out = files.data('o.csv');
    csv.write(tableFromRows(Rec, rows), out);
    await cw.run();
    const text = await readFile(out, 'utf8');
    expect(text.split('\n')[0]).toBe('s,n,t,j,time,diff');
    const back = parseCsv(text).map(({ time, ...r }) => (expect(Number(time)).toBeGreaterThanOrEqual(0), r));
    expect(back.sort((a, b) => (a.s! < b.s! ? -1 : 1))).toEqual([
      { s: 'a,"b"\nc', n: '1.5', t: rows[0]!.t.toJSON(), j: '{"x":[1,2]}', diff: '1' },
      { s: 'plain', n: '', t: rows[1]!.t.toJSON(), j: '"text"', diff: '1' },
    ]);
  });

  it('writes JSON lines with JSON values and a custom CSV delimiter through fs.write', async () => {
    files = await TempFiles.create();
    const t = tableFromRows(Rec, rows);
    jsonlines.write(t, files.data('o.jsonl'));
    write(t, files.data('o.tsv'), { format: 'csv', delimiter: '\t' });
    await cw.run();
    const objs = (await readFile(files.data('o.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map(({ time: _t, ...r }) => r).sort((a, b) => (String(a.s) < String(b.s) ? -1 : 1))).toEqual([
      { s: 'a,"b"\nc', n: 1.5, t: rows[0]!.t.toJSON(), j: { x: [1, 2] }, diff: 1 },
      { s: 'plain', n: null, t: rows[1]!.t.toJSON(), j: 'text', diff: 1 },
    ]);
    const tsv = await readFile(files.data('o.tsv'), 'utf8');
    expect(tsv.split('\n')[0]).toBe('s\tn\tt\tj\ttime\tdiff');
  });

  it('rejects a format it cannot write', () => {
    const t = tableFromRows(Rec, rows);
    expect(() => write(t, 'x.parquet', { format: 'parquet' } as never)).toThrow(
      /cannot write format "parquet"/,
    );
  });

  it('flushes each epoch at its end while the program runs', async () => {
    files = await TempFiles.create();
    const input = await files.put('in.txt', 'first\n');
    const out = files.data('out', 'copy.jsonl');
    jsonlines.write(read(input, { format: 'plaintext', refreshIntervalMs: 20 }), out);
    const run = runInBackground();
    const contents = async () => readFile(out, 'utf8').catch(() => '');
    try {
      const deadline = Date.now() + 20_000;
      while (!(await contents()).includes('"first"') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(await contents()).toMatch(/^\{"data":"first","time":\d+,"diff":1\}\n$/);
    } finally {
      await run.stop();
    }
  });

  it('writes every row of a large join load, which reaches the file in parts', async () => {
    files = await TempFiles.create();
    const L = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });
    const R = cw.schema({ rid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });
    const l = tableFromRows(
      L,
      Array.from({ length: 3000 }, (_, i) => ({ lid: i, k: i % 1000 })),
    );
    const r = tableFromRows(
      R,
      Array.from({ length: 3000 }, (_, i) => ({ rid: i, k: i % 1000 })),
    );
    const out = files.data('pairs.csv');
    csv.write(l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, rid: cw.right.rid }), out);
    await cw.run();
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('lid,rid,time,diff');
    const pairs = new Set(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(',')));
    expect(lines.length - 1).toBe(9000);
    expect(pairs.size).toBe(9000);
    expect(pairs.has('2,999')).toBe(false);
    expect(pairs.has('2,2002')).toBe(true);
  });
});

describe('writing then reading back', () => {
  const Typed = cw.schema({
    k: cw.column(cw.INT, { primaryKey: true }),
    n: cw.FLOAT.optional(),
    d: cw.DURATION,
    j: cw.JSON,
  });
  const typed = [
    { k: 1, n: null, d: cw.Duration.fromMs(1500), j: new Json('123') },
    { k: 2, n: 2.5, d: cw.Duration.fromMs(-3), j: new Json({ a: 'x' }) },
  ];
  const shown = (r: Record<string, unknown>) => [r.k, r.n, String(r.d), String(r.j)];

  it.each(['csv', 'jsonlines'] as const)(
    '%s keeps None, durations and JSON strings as they were',
    async (format) => {
      files = await TempFiles.create();
      const out = files.data(`o.${format}`);
      (format === 'csv' ? csv.write : jsonlines.write)(tableFromRows(Typed, typed), out);
      await cw.run();
      cw.clearGraph();
      const back =
        format === 'csv'
          ? csv.read(out, { schema: Typed, mode: 'static' })
          : jsonlines.read(out, { schema: Typed, mode: 'static' });
      const got = await tableToRows<Record<string, unknown>>(back);
      expect(got.map(shown).sort()).toEqual(typed.map(shown).sort());
    },
  );

  it.each([false, true])(
    'csv reads back empty bytes written as an empty field, optional column: %s (test_io.py::test_different_types_serialization[csv])',
    async (optional) => {
      files = await TempFiles.create();
      const out = files.data('b.csv');
      const Bin = cw.schema({
        k: cw.column(cw.INT, { primaryKey: true }),
        b: optional ? cw.BYTES.optional() : cw.BYTES,
      });
      const bins = [
        { k: 1, b: new Uint8Array([]) },
        { k: 2, b: new Uint8Array([0, 1, 255]) },
      ];
      csv.write(tableFromRows(Bin, bins), out);
      await cw.run();
      cw.clearGraph();
      const got = await tableToRows<{ k: number; b: Uint8Array }>(
        csv.read(out, { schema: Bin, mode: 'static' }),
      );
      expect(got.map((r) => [r.k, [...r.b]]).sort()).toEqual([
        [1, []],
        [2, [0, 1, 255]],
      ]);
    },
  );
});

describe('a failed write', () => {
  /** Open descriptors of this process on `target` (Linux). */
  const fdsOn = (target: string): number =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === target;
      } catch {
        return false;
      }
    }).length;

  it.runIf(existsSync('/dev/full') && existsSync('/proc/self/fd'))(
    'fails the run with the write error and still closes the file (test_io.py::test_immediate_connector_errors)',
    async () => {
      const before = fdsOn('/dev/full');
      class Once extends cw.io.custom.ConnectorSubject<{ data: string }> {
        async run() {
          this.next({ data: 'manul' });
          while (!this.signal.aborted) await new Promise((r) => setTimeout(r, 10));
        }
      }
      const t = cw.io.custom.read(new Once(), {
        schema: cw.schema({ data: cw.STR }),
        autocommitDurationMs: 10,
      });
      csv.write(t, '/dev/full');
      await expect(cw.run()).rejects.toThrow(/ENOSPC|no space/i);
      expect(fdsOn('/dev/full')).toBe(before);
    },
  );
});

describe('float formatting', () => {
  it('writes an integral FLOAT with its .0 in CSV and JSON lines (as Pathway), an INT without', async () => {
    files = await TempFiles.create();
    const S = cw.schema({ f: cw.FLOAT, i: cw.INT });
    const t = () => tableFromRows(S, [{ f: 2, i: 2 }]);
    csv.write(t(), files.data('o.csv'));
    jsonlines.write(t(), files.data('o.jsonl'));
    await cw.run();
    expect((await readFile(files.data('o.csv'), 'utf8')).split('\n')[1]).toMatch(/^2\.0,2,\d+,1$/);
    expect(await readFile(files.data('o.jsonl'), 'utf8')).toMatch(
      /^\{"f":2\.0,"i":2,"time":\d+,"diff":1\}\n$/,
    );
  });
});

describe('error values in output', () => {
  it('skips a row holding an error value and logs it (Pathway: "Error value encountered in output")', async () => {
    files = await TempFiles.create();
    const t = tableFromRows(cw.schema({ a: cw.INT, b: cw.INT }), [
      { a: 6, b: 3 },
      { a: 1, b: 0 },
    ]).select({ a: cw.this.a, q: cw.this.a.floordiv(cw.this.b) });
    csv.write(t, files.data('o.csv'));
    const log: string[] = [];
    cw.subscribe(cw.globalErrorLog(), { onChange: (_k, row) => void log.push(String(row.message)) });
    await cw.run({ terminateOnError: false });
    const lines = (await readFile(files.data('o.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^6,2,\d+,1$/);
    expect(log.some((m) => /skipped a row holding an error value: division by zero/.test(m))).toBe(true);
  });
});
