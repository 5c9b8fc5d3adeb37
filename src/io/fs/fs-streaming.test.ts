import { appendFile, rename, rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TempFiles } from './fs-test-files.test-util.js';
import { read } from './index.js';
import { readFiles } from './read.js';

let files: TempFiles;
afterEach(async () => {
  cw.clearGraph();
  await files?.cleanup();
});

const T = 20_000;
const lines = (v: LiveView<{ data: string }>) =>
  v
    .values()
    .map((r) => r.data)
    .sort();
const removed = (v: LiveView<{ data: string }>) => v.changes.filter((c) => c.diff < 0).map((c) => c.row.data);

/** Streams plaintext lines of `path` while `body` changes files. */
async function watching(path: string, body: (view: LiveView<{ data: string }>) => Promise<void>) {
  const view = new LiveView(
    read(path, { format: 'plaintext', refreshIntervalMs: 30, autocommitDurationMs: 5 }),
  );
  const run = runInBackground();
  try {
    await body(view);
  } finally {
    await run.stop();
  }
  return view;
}

describe('fs.read (streaming)', () => {
  it('adds only the new lines when a file is appended to', async () => {
    files = await TempFiles.create();
    const p = await files.put('log.txt', 'a\nb\n');
    const view = await watching(p, async (v) => {
      await v.waitFor((x) => x.rows.size === 2, T, 'a, b');
      await appendFile(p, 'c\n');
      await v.waitFor((x) => x.rows.size === 3, T, 'c');
      await appendFile(p, 'd\ne\n');
      await v.waitFor((x) => x.rows.size === 5, T, 'd, e');
    });
    expect(lines(view)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(removed(view)).toEqual([]);
  });

  it('re-reads an unterminated last line once the rest of it is appended', async () => {
    files = await TempFiles.create();
    const p = await files.put('log.txt', 'a\nhal');
    const view = await watching(p, async (v) => {
      await v.waitFor((x) => x.rows.size === 2, T, 'a, hal');
      await appendFile(p, 'f\nnext\n');
      await v.waitFor((x) => x.values().some((r) => r.data === 'next'), T, 'next');
    });
    expect(lines(view)).toEqual(['a', 'half', 'next']);
    expect(removed(view)).toEqual(['hal']);
  });

  it('waits for a half-written last JSON line instead of reporting it', async () => {
    files = await TempFiles.create();
    const p = await files.put('e.jsonl', '{"n":1}\n{"n":');
    const t = read(p, { format: 'jsonlines', schema: cw.schema({ n: cw.INT }), refreshIntervalMs: 30 });
    const view = new LiveView(t);
    const run = runInBackground(); // terminateOnError: a reported error would end the run
    try {
      await view.waitFor((v) => v.rows.size === 1, T, 'the complete line');
      await appendFile(p, '2}\n');
      await view.waitFor((v) => v.rows.size === 2, T, 'the finished line');
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('decides a CSV header again when it was read from an unfinished last line', async () => {
    files = await TempFiles.create();
    const p = await files.put('t.csv', 'k');
    await files.put('other.csv', 'k,n\nz,9\n');
    const t = read(files.data(), {
      format: 'csv',
      schema: cw.schema({ k: cw.STR, n: cw.INT }),
      refreshIntervalMs: 30,
    });
    const view = new LiveView(t);
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 1, T, 'the first scan'); // t.csv was read then, header unfinished
      await appendFile(p, ',n\na,1\n');
      await view.waitFor((v) => v.rows.size === 2, T, 'the row under the finished header');
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([
      { k: 'a', n: 1 },
      { k: 'z', n: 9 },
    ]);
  });

  it('retracts and re-reads a file rewritten in place, even at the same size right away', async () => {
    files = await TempFiles.create();
    const p = await files.put('f.txt', 'one\ntwo\n');
    const view = await watching(p, async (v) => {
      await v.waitFor((x) => x.rows.size === 2, T, 'one, two');
      await writeFile(p, 'ONE\ntwo\n'); // same size, same inode, maybe the same mtime
      await v.waitFor((x) => x.values().some((r) => r.data === 'ONE'), T, 'ONE');
      await writeFile(p, 'three\n');
      await v.waitFor((x) => x.rows.size === 1, T, 'three alone');
    });
    expect(lines(view)).toEqual(['three']);
    expect(removed(view).sort()).toEqual(['ONE', 'one', 'two', 'two']);
  });

  it('retracts the rows of a deleted file and reads files that appear in a glob', async () => {
    files = await TempFiles.create();
    await files.put('a.log', 'a1\na2\n');
    const view = await watching(files.data('*.log'), async (v) => {
      await v.waitFor((x) => x.rows.size === 2, T, 'a.log');
      await files.put('b.log', 'b1\n');
      await files.put('c.txt', 'not matched\n');
      await v.waitFor((x) => x.rows.size === 3, T, 'b.log');
      await rm(files.data('a.log'));
      await v.waitFor((x) => x.rows.size === 1, T, 'a.log gone');
    });
    expect(lines(view)).toEqual(['b1']);
    expect(removed(view).sort()).toEqual(['a1', 'a2']);
  });

  it('replaces the row of a whole-file format when the file changes', async () => {
    files = await TempFiles.create();
    const p = await files.put('doc.md', '# v1');
    const view = new LiveView(read(p, { format: 'plaintextByFile', refreshIntervalMs: 30 }));
    const run = runInBackground();
    try {
      await view.waitFor((x) => x.rows.size === 1, T, 'v1');
      await files.put('doc.md', '# version 2\n');
      await view.waitFor((x) => x.values()[0]?.data === '# version 2', T, 'v2');
    } finally {
      await run.stop();
    }
    expect(view.changes.map((c) => [c.row.data, c.diff])).toEqual([
      ['# v1', 1],
      ['# v1', -1],
      ['# version 2', 1],
    ]);
  });
});

describe('fs.read (consistency and large files)', () => {
  const bigText = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${tag}-${String(i).padStart(6, '0')}\n`).join('');

  for (const how of ['renamed over', 'rewritten in place'] as const) {
    it(`re-reads a file ${how} while it was being read, showing only the new content`, async () => {
      files = await TempFiles.create();
      const p = await files.put('f.txt', bigText('old', 2000));
      let disturbed = false;
      const t = readFiles(
        p,
        { format: 'plaintext', mode: 'static', chunkBytes: 1024 },
        {
          async afterChunk(_file, attempt) {
            if (attempt !== 1 || disturbed) return;
            disturbed = true;
            if (how === 'renamed over') await files.put('f.txt', bigText('new', 1500));
            else await writeFile(p, bigText('new', 1500));
          },
        },
      );
      const view = new LiveView(t);
      await cw.run();
      expect(disturbed).toBe(true);
      expect(view.rows.size).toBe(1500);
      expect(view.changes.every((c) => c.row.data.startsWith('new-'))).toBe(true);
    });
  }

  it('retracts the committed parts of a large file that changed while being read (streaming)', async () => {
    files = await TempFiles.create();
    const p = await files.put('f.txt', bigText('old', 3000));
    let chunks = 0;
    const t = readFiles(
      p,
      { format: 'plaintext', chunkBytes: 1024, maxUnitRows: 300, maxBacklogRows: 300, refreshIntervalMs: 30 },
      {
        async afterChunk(_file, attempt) {
          // After ten chunks (~900 rows) parts of 300 rows have been committed.
          if (attempt === 1 && ++chunks === 10)
            await rename(await files.put('g.txt', bigText('new', 100)), p);
        },
      },
    );
    const view = new LiveView(t);
    const run = runInBackground();
    try {
      await view.waitFor(
        (v) => v.rows.size === 100 && v.values()[0]!.data.startsWith('new'),
        T,
        'the new content',
      );
    } finally {
      await run.stop();
    }
    expect(view.values().map((r) => r.data)).toEqual(bigText('new', 100).trimEnd().split('\n'));
    const oldAdded = view.changes.filter((c) => c.row.data.startsWith('old') && c.diff > 0).length;
    const oldRemoved = view.changes.filter((c) => c.row.data.startsWith('old') && c.diff < 0).length;
    expect(oldAdded).toBeGreaterThanOrEqual(600);
    expect(oldRemoved).toBe(oldAdded);
  });

  it('reports a large file that changed after parts were committed in static mode', async () => {
    files = await TempFiles.create();
    const p = await files.put('f.txt', bigText('old', 3000));
    let chunks = 0;
    const t = readFiles(
      p,
      { format: 'plaintext', mode: 'static', chunkBytes: 1024, maxUnitRows: 300 },
      {
        async afterChunk() {
          if (++chunks === 10) await rename(await files.put('g.txt', bigText('new', 100)), p);
        },
      },
    );
    const view = new LiveView(t);
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.rows.size).toBeGreaterThanOrEqual(600);
    expect(view.rows.size).toBeLessThan(3000);
    expect(log.values().map((r) => r.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^malformed record at ${p}: changed while being read, after \\d+ of its rows were committed`,
        ),
      ),
    ]);
  });

  it('commits a large file in epochs of about maxBatchRows rows when maxBatchRows is set', async () => {
    files = await TempFiles.create();
    const p = await files.put('f.txt', bigText('r', 5000));
    const sizes: number[] = [];
    cw.subscribe(read(p, { format: 'plaintext', mode: 'static', maxBatchRows: 500 }), {
      onRawBatch(_keys, _rows, diffs) {
        sizes.push(diffs.length);
      },
    });
    await cw.run();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    // Parts are cut after the piece read (16 KiB, ~1,500 short lines) that reached maxBatchRows.
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThan(2500);
  });

  it('streams a large file in parts, waiting for the pipeline (backpressure)', async () => {
    files = await TempFiles.create();
    const n = 60_000;
    const p = await files.put(
      'big.jsonl',
      Array.from({ length: n }, (_, i) => `{"k":${i},"v":"value ${i}"}\n`).join(''),
    );
    const schema = cw.schema({ k: cw.INT, v: cw.STR });
    const t = read(p, {
      format: 'jsonlines',
      schema,
      mode: 'static',
      chunkBytes: 16 * 1024,
      maxUnitRows: 5_000,
      maxBacklogRows: 5_000,
    });
    const perEpoch: number[] = [];
    let rows = 0;
    cw.subscribe(t, {
      onChange: () => void rows++,
      onTimeEnd: () => {
        perEpoch.push(rows);
        rows = 0;
      },
    });
    const total = new LiveView(t.reduce({ n: cw.reducers.count(), s: cw.reducers.sum(t.c.k) }));
    await cw.run();
    expect(total.values()).toEqual([{ n, s: (n * (n - 1)) / 2 }]);
    expect(perEpoch.length).toBeGreaterThanOrEqual(n / 5_000 / 2);
    // A part is cut after the chunk that reached maxUnitRows: at most one chunk (~600 rows) more.
    expect(Math.max(...perEpoch)).toBeLessThan(5_000 + 1_000);
  });
});

describe('fs.read (streaming) rows kept as text', () => {
  it('retracts exactly the rows read, re-parsed from the text kept, when an appended JSON lines file is rewritten', async () => {
    files = await TempFiles.create();
    const p = await files.put('w.jsonl', '{"word":"a","n":1}\n{"word":"b","n":2.5}\n{"bad":\n');
    const S = cw.schema({ word: cw.STR, n: cw.FLOAT });
    const view = new LiveView(
      read(p, {
        format: 'jsonlines',
        schema: S,
        withMetadata: true,
        refreshIntervalMs: 30,
        autocommitDurationMs: 5,
      }),
    );
    const run = runInBackground({ terminateOnError: false });
    const words = () =>
      view
        .values()
        .map((r) => `${r.word}:${r.n}`)
        .sort();
    try {
      await view.waitFor((x) => x.rows.size === 2, T, 'a, b');
      await appendFile(p, '{"word":"c","n":3}\n{"word":"d"');
      await view.waitFor((x) => x.rows.size === 3, T, 'c (the unterminated line is malformed for now)');
      await appendFile(p, ',"n":4}\n');
      await view.waitFor((x) => x.rows.size === 4, T, 'd');
      await writeFile(p, '{"word":"z","n":9}\n');
      await view.waitFor((x) => x.rows.size === 1, T, 'z only');
    } finally {
      await run.stop();
    }
    expect(words()).toEqual(['z:9']);
    // Every retraction matched a row shown before (same id, equal values): the rows never went negative.
    const net = new Map<string, number>();
    for (const c of view.changes) {
      const k = `${c.key}|${c.row.word}:${c.row.n}|${JSON.stringify(c.row._metadata)}`;
      net.set(k, (net.get(k) ?? 0) + c.diff);
      expect(net.get(k)).toBeGreaterThanOrEqual(0);
    }
    expect([...net].filter(([, d]) => d !== 0).map(([k]) => k.split('|')[1])).toEqual(['z:9']);
  });
});
