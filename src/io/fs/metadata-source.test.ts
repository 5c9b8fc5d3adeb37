// `fs.read(path, { format: 'onlyMetadata' })` (Pathway's `only_metadata`): a row per file, no file read.
import { rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TempFiles } from './fs-test-files.test-util.js';

let files: TempFiles;
afterEach(async () => {
  cw.clearGraph();
  await files?.cleanup();
});

type Meta = { path: string; size: number; modified_at: number; created_at: number; seen_at: number };
const metas = (v: LiveView<{ _metadata: cw.Json }>) =>
  v
    .values()
    .map((r) => r._metadata.value as Meta)
    .sort((a, b) => (a.path < b.path ? -1 : 1));

describe("fs.read format 'onlyMetadata'", () => {
  it('gives a row per file with its path and size, reading no file (static)', async () => {
    files = await TempFiles.create();
    await files.put('a.csv', 'x\n1\n');
    await files.put('b.csv', 'not, even, csv\n"');
    const t = cw.io.fs.read(files.data(), { format: 'onlyMetadata', mode: 'static' });
    expect(t.columnNames()).toEqual(['_metadata']);
    const view = new LiveView(t);
    await cw.run();
    const m = metas(view);
    expect(m.map((x) => [x.path, x.size])).toEqual([
      [files.data('a.csv'), 4],
      [files.data('b.csv'), 16],
    ]);
    expect(m.every((x) => x.modified_at > 1_600_000_000 && x.seen_at >= x.modified_at - 1)).toBe(true);
  });

  it('adds a new file, replaces a changed one and retracts a deleted one (streaming)', async () => {
    files = await TempFiles.create();
    const a = await files.put('a.txt', 'one');
    const view = new LiveView(
      cw.io.fs.read(files.data(), { format: 'onlyMetadata', refreshIntervalMs: 20, autocommitDurationMs: 5 }),
    );
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 1, 20_000, 'a.txt');
      const b = await files.put('b.txt', 'two');
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'b.txt');
      await writeFile(a, 'one, longer');
      await view.waitFor((v) => metas(v).some((m) => m.path === a && m.size === 11), 20_000, 'a.txt grown');
      await rm(b);
      await view.waitFor((v) => v.rows.size === 1, 20_000, 'b.txt gone');
    } finally {
      await run.stop();
    }
    expect(metas(view).map((m) => [m.path, m.size])).toEqual([[a, 11]]);
    expect(view.changes.filter((c) => c.diff < 0).length).toBe(2);
  });

  it('refuses a schema', () => {
    expect(() =>
      cw.io.fs.read('/tmp', { format: 'onlyMetadata', schema: cw.schema({ x: cw.INT }) } as never),
    ).toThrow(/takes no schema.*one column, _metadata/);
  });
});
