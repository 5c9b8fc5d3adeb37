// Property: whatever happens to the files while a streaming read watches them (in-place rewrites, appends,
// partial lines, deletions, renames over), once the files settle the table equals a fresh read of the files.
// Plaintext exercises the file bookkeeping; CSV adds records spanning lines and pieces cut inside quotes.

import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { CsvSplitter } from './csv-parser.js';
import { TempFiles } from './fs-test-files.test-util.js';
import { read } from './index.js';

let files: TempFiles | undefined;
afterEach(async () => {
  cw.clearGraph();
  await files?.cleanup();
  files = undefined;
});

const op = fc.record({
  kind: fc.constantFrom('rewrite', 'append', 'appendPartial', 'delete', 'renameOver'),
  file: fc.integer({ min: 0, max: 3 }),
  lines: fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 0, maxLength: 4 }),
  pauseMs: fc.integer({ min: 0, max: 25 }),
});

/** The rows a from-scratch read of the folder gives: every line of every file (the last one even unterminated). */
async function expectedLines(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const text = await readFile(`${dir}/${name}`, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    out.push(...lines);
  }
  return out.sort();
}

describe('fs.read (streaming) property', () => {
  it('converges to the files content, whatever the sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        cw.clearGraph();
        await files?.cleanup();
        files = await TempFiles.create();
        const dir = files.data();
        const view = new LiveView(read(dir, { format: 'plaintext', refreshIntervalMs: 15 }));
        const run = runInBackground();
        try {
          let n = 0;
          for (const o of ops) {
            const p = `${dir}/f${o.file}.txt`;
            const text = o.lines.map((l) => `${l}${n++}\n`).join('');
            if (o.kind === 'rewrite') await writeFile(p, text);
            else if (o.kind === 'append') await appendFile(p, text);
            else if (o.kind === 'appendPartial') await appendFile(p, `part${n++}`);
            else if (o.kind === 'delete') await rm(p, { force: true });
            else await files.put(`f${o.file}.txt`, text);
            await new Promise((r) => setTimeout(r, o.pauseMs));
          }
          const want = await expectedLines(dir);
          const rows = () =>
            view
              .values()
              .map((r) => r.data)
              .sort();
          await view
            .waitFor(
              (v) =>
                JSON.stringify(
                  v
                    .values()
                    .map((r) => r.data)
                    .sort(),
                ) === JSON.stringify(want),
              20_000,
            )
            .catch(() => undefined);
          expect(rows()).toEqual(want);
        } finally {
          await run.stop();
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);

  it('converges to the CSV content with quoted multi-line records appended piece by piece', async () => {
    const piece = fc.constantFrom(
      'a,1\n',
      '"q,x",2\n',
      '"multi\nline",3\n',
      'b,',
      '4\n',
      '"open',
      'ed",5\n',
      'bad,x\n',
    );
    const csvOp = fc.record({
      kind: fc.constantFrom('rewrite', 'append', 'append', 'delete'),
      file: fc.integer({ min: 0, max: 2 }),
      pieces: fc.array(piece, { maxLength: 4 }),
      pauseMs: fc.integer({ min: 0, max: 20 }),
    });
    const Kn = cw.schema({ k: cw.STR, n: cw.INT });
    /** A from-scratch reading of the CSV files: header k,n, rows whose n is an integer, complete records only. */
    const expectedRows = async (dir: string) => {
      const out: string[] = [];
      for (const name of await readdir(dir)) {
        const records: string[][] = [];
        new CsvSplitter().split(await readFile(`${dir}/${name}`, 'utf8'), true, (f) => records.push(f));
        const [header, ...rows] = records;
        if (header === undefined) continue;
        const ki = header.indexOf('k');
        const ni = header.indexOf('n');
        if (ki < 0 || ni < 0) continue;
        for (const r of rows)
          if (/^\d+$/.test(r[ni] ?? '') && r[ki] !== undefined) out.push(`${r[ki]}|${r[ni]}`);
      }
      return out.sort();
    };
    await fc.assert(
      fc.asyncProperty(fc.array(csvOp, { minLength: 1, maxLength: 20 }), async (ops) => {
        cw.clearGraph();
        await files?.cleanup();
        files = await TempFiles.create();
        const dir = files.data();
        const view = new LiveView(read(dir, { format: 'csv', schema: Kn, refreshIntervalMs: 15 }));
        const run = runInBackground({ terminateOnError: false });
        const rows = () =>
          view
            .values()
            .map((r) => `${r.k}|${r.n}`)
            .sort();
        try {
          for (const o of ops) {
            const p = `${dir}/f${o.file}.csv`;
            if (o.kind === 'rewrite') await writeFile(p, 'k,n\n' + o.pieces.join(''));
            else if (o.kind === 'append') await appendFile(p, o.pieces.join(''));
            else await rm(p, { force: true });
            await new Promise((r) => setTimeout(r, o.pauseMs));
          }
          const want = await expectedRows(dir);
          await view
            .waitFor(() => JSON.stringify(rows()) === JSON.stringify(want), 20_000)
            .catch(() => undefined);
          expect(rows()).toEqual(want);
        } finally {
          await run.stop();
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
