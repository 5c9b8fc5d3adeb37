import { spawnSync } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TempFiles } from './fs-test-files.test-util.js';
import { read } from './index.js';

let files: TempFiles;
afterEach(async () => {
  cw.clearGraph();
  await files?.cleanup();
});

const Person = cw.schema({ name: cw.STR, age: cw.INT, note: cw.STR.optional() });

/** Runs the program without stopping on bad records; returns the error-log messages. */
async function runCollectingErrors(): Promise<string[]> {
  const log = new LiveView(cw.globalErrorLog());
  await cw.build({ terminateOnError: false }).run();
  return log.values().map((r) => String(r.message));
}

describe('fs.read (csv)', () => {
  it('maps header names to columns and reads quotes, doubled quotes, line breaks, a BOM and CRLF', async () => {
    files = await TempFiles.create();
    const p = await files.put(
      'people.csv',
      '\uFEFFage,extra,name,note\r\n30,x,"Doe, Jane","said ""hi""\nthen left"\r\n41,y,Bob,\r\n',
    );
    const view = new LiveView(read(p, { format: 'csv', schema: Person, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([
      { name: 'Bob', age: 41, note: '' }, // an empty STR field stays '' (RecordParser's rule)
      { name: 'Doe, Jane', age: 30, note: 'said "hi"\nthen left' },
    ]);
  });

  it('reads files without a header in schema order, with another delimiter', async () => {
    files = await TempFiles.create();
    await files.put('a.tsv', 'ann\t1\t\nbo\t2\tok\n');
    const t = read(files.data(), {
      format: 'csv',
      schema: Person,
      mode: 'static',
      csv: { delimiter: '\t', header: false },
    });
    const view = new LiveView(t);
    await cw.run();
    expect(view.values()).toEqual([
      { name: 'ann', age: 1, note: '' },
      { name: 'bo', age: 2, note: 'ok' },
    ]);
  });

  it('logs malformed records as path:line and keeps reading the rest of the file', async () => {
    files = await TempFiles.create();
    const p = await files.put('bad.csv', 'name,age\nann,1\nbo,two\n"cy,3\n');
    await files.put('good.csv', 'name,age\ndee,4\n');
    const view = new LiveView(read(files.data(), { format: 'csv', schema: Person, mode: 'static' }));
    const errors = await runCollectingErrors();
    expect(view.values().map((r) => r.name)).toEqual(['ann', 'dee']);
    expect(errors).toEqual([
      `malformed record at ${p}:3: field "age": expected an integer, got "two"`,
      `malformed record at ${p}:4: unterminated quoted field starting on line 4`,
    ]);
  });

  it('skips a file whose header lacks a required column, saying which', async () => {
    files = await TempFiles.create();
    const p = await files.put('a.csv', 'name,years\nann,1\n');
    const view = new LiveView(read(p, { format: 'csv', schema: Person, mode: 'static' }));
    const errors = await runCollectingErrors();
    expect(view.values()).toEqual([]);
    expect(errors).toEqual([
      `malformed record at ${p}:1: the header has no column "age" (header: name,years); the file is skipped`,
    ]);
  });
});

describe('fs.read (jsonlines)', () => {
  it('coerces fields, skips blank lines and logs bad lines as path:line', async () => {
    files = await TempFiles.create();
    const p = await files.put(
      'e.jsonl',
      '{"name":"ann","age":"7"}\n\n{"name":"bo","age":"x"}\nnot json\n[1]\n{"name":"cy","age":3,"note":"n"}',
    );
    const view = new LiveView(read(p, { format: 'jsonlines', schema: Person, mode: 'static' }));
    const errors = await runCollectingErrors();
    expect(view.values()).toEqual([
      { name: 'ann', age: 7, note: null },
      { name: 'cy', age: 3, note: 'n' },
    ]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe(`malformed record at ${p}:3: field "age": expected an integer, got "x"`);
    expect(errors[1]).toMatch(new RegExp(`^malformed record at ${p}:4: not valid JSON`));
    expect(errors[2]).toBe(`malformed record at ${p}:5: expected a JSON object, got an array`);
  });

  it('reads an explicit null as None and only a missing field as the default (test_io.py::test_json_default_values)', async () => {
    files = await TempFiles.create();
    const p = await files.put('d.jsonl', '{"k":"a","b":1,"c":"foo"}\n{"k":"b","b":2,"c":null}\n{"k":"c"}\n');
    const schema = cw.schema({
      k: cw.column(cw.STR, { primaryKey: true }),
      b: cw.column(cw.INT, { defaultValue: 0 }),
      c: cw.column(cw.STR.optional(), { defaultValue: 'default' }),
    });
    const view = new LiveView(read(p, { format: 'jsonlines', schema, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([
      { k: 'a', b: 1, c: 'foo' },
      { k: 'b', b: 2, c: null },
      { k: 'c', b: 0, c: 'default' },
    ]);
  });

  it('upserts rows by primary key across files', async () => {
    files = await TempFiles.create();
    await files.put('1.jsonl', '{"id":"a","v":1}\n{"id":"b","v":2}\n');
    await files.put('2.jsonl', '{"id":"a","v":10}\n');
    const schema = cw.schema({ id: cw.column(cw.STR, { primaryKey: true }), v: cw.INT });
    const view = new LiveView(read(files.data(), { format: 'json', schema, mode: 'static' })); // Pathway's name
    await cw.run();
    expect(view.values()).toEqual([
      { id: 'a', v: 10 },
      { id: 'b', v: 2 },
    ]);
  });
});

describe('fs.read (paths)', () => {
  it('reads a glob, and a directory recursively', async () => {
    files = await TempFiles.create();
    await files.put('a.jsonl', '{"name":"a","age":1}\n');
    await files.put('b.txt', 'not read by the glob\n');
    await files.put('sub/c.jsonl', '{"name":"c","age":3}\n');
    const glob = new LiveView(
      read(files.data('**', '*.jsonl'), { format: 'jsonlines', schema: Person, mode: 'static' }),
    );
    const top = new LiveView(
      read(files.data('*.jsonl'), { format: 'jsonlines', schema: Person, mode: 'static' }),
    );
    const dir = new LiveView(read(files.data(), { format: 'plaintext', mode: 'static' }));
    await cw.run();
    expect(glob.values().map((r) => r.name)).toEqual(['a', 'c']);
    expect(top.values().map((r) => r.name)).toEqual(['a']);
    expect(dir.values().map((r) => r.data)).toEqual([
      'not read by the glob',
      '{"name":"a","age":1}',
      '{"name":"c","age":3}',
    ]);
  });

  it('reads every file under a directory a glob matches (test_io.py::test_glob_pattern_recurse_subdirs)', async () => {
    files = await TempFiles.create();
    await files.put('input/foo/level2/a.txt', 'a\nb\nc\n');
    await files.put('input/f1.txt', 'd\ne\nf\ng\n');
    await files.put('input/bar.txt', 'h\ni\nj\nk\nl\n');
    const view = new LiveView(read(files.data('input', 'f*'), { format: 'plaintext', mode: 'static' }));
    await cw.run();
    expect(view.values().map((r) => r.data)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('fails with a clear error naming the path when it does not exist in static mode', async () => {
    files = await TempFiles.create();
    new LiveView(read(files.data('nope', '*.csv'), { format: 'csv', schema: Person, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(/fs: path ".*nope\/\*\.csv": does not exist .*\(check the path/);
  });

  it('waits for a missing path to appear in streaming mode', async () => {
    files = await TempFiles.create();
    const target = files.data('later', 'x.jsonl');
    const view = new LiveView(read(target, { format: 'jsonlines', schema: Person, refreshIntervalMs: 20 }));
    const run = runInBackground();
    try {
      await files.put('later/x.jsonl', '{"name":"late","age":1}\n');
      await view.waitFor((v) => v.rows.size === 1, 15_000, 'the file to appear');
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([{ name: 'late', age: 1, note: null }]);
  });

  it('reports an unreadable file and reads the others', async () => {
    files = await TempFiles.create();
    const locked = await files.put('locked.jsonl', '{"name":"x","age":1}\n');
    await files.put('open.jsonl', '{"name":"y","age":2}\n');
    await chmod(locked, 0o000);
    let result: { names: string[]; errors: string[] };
    if (process.getuid?.() === 0) {
      // Root reads files whatever their mode bits: read them from a child process running as `nobody`.
      await chmod(files.root, 0o755);
      await chmod(files.data(), 0o755);
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./fs-permission-child.test-util.ts', import.meta.url)),
          files.data(),
        ],
        { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: '/tmp' } },
      );
      if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
      result = JSON.parse(child.stdout.trim().split('\n').pop()!) as typeof result;
    } else {
      const view = new LiveView(read(files.data(), { format: 'jsonlines', schema: Person, mode: 'static' }));
      result = { errors: await runCollectingErrors(), names: view.values().map((r) => r.name) };
    }
    expect(result.names).toEqual(['y']);
    expect(result.errors).toEqual([
      `malformed record at ${locked}: cannot read: permission denied (EACCES); give the process read access to it`,
    ]);
  }, 60_000);
});

describe('fs.read (formats and metadata)', () => {
  it('reads plaintext by trimmed line (as Pathway), plaintextByFile trimmed and binary as they are, a row per file', async () => {
    files = await TempFiles.create();
    await files.put('a.txt', 'one\r\n\n  two\t');
    await files.put('b.bin', new Uint8Array([10, 0, 255, 10, 1, 32]));
    const lines = new LiveView(read(files.data('a.txt'), { format: 'plaintext', mode: 'static' }));
    const whole = new LiveView(read(files.data('a.txt'), { format: 'plaintextByFile', mode: 'static' }));
    const bin = new LiveView(read(files.data('b.bin'), { format: 'binary', mode: 'static' }));
    await cw.run();
    expect(
      lines
        .values()
        .map((r) => r.data)
        .sort(),
    ).toEqual(['', 'one', 'two']);
    expect(whole.values()).toEqual([{ data: 'one\r\n\n  two' }]);
    expect(bin.values().map((r) => [...r.data])).toEqual([[10, 0, 255, 10, 1, 32]]);
  });

  it('trims the text of each file in plaintextByFile (test_io.py::test_text_files_directory_read_in_full)', async () => {
    files = await TempFiles.create();
    const contents = ['abc\n\ndef\nghi', 'ttt\nppp\nqqq', 'zzz\nyyy\n\nxxx'];
    for (const [i, c] of contents.entries()) await files.put(`inputs/input${i + 1}.txt`, `${c}\n`);
    const single = new LiveView(
      read(files.data('inputs', 'input1.txt'), { format: 'plaintextByFile', mode: 'static' }),
    );
    const dir = new LiveView(read(files.data('inputs'), { format: 'plaintextByFile', mode: 'static' }));
    await cw.run();
    expect(single.values()).toEqual([{ data: contents[0] }]); // test_text_file_read_in_full
    expect(dir.values().map((r) => r.data)).toEqual(contents);
  });

  it.each(['binary', 'plaintextByFile'] as const)(
    'applies maxBacklogRows between files read whole (%s; test_io.py::test_backpressure_management_list_of_objects)',
    async (format) => {
      files = await TempFiles.create();
      for (let i = 0; i < 40; i++) await files.put(`inputs/${i}.txt`, 'a'.repeat(i + 1));
      const epochs: number[] = [];
      cw.subscribe(read(files.data('inputs'), { format, mode: 'static', maxBacklogRows: 2 }), {
        onBatch: (changes) => void epochs.push(changes.length),
      });
      await cw.run();
      expect(epochs.reduce((a, b) => a + b, 0)).toBe(40);
      expect(Math.max(...epochs)).toBeLessThanOrEqual(2);
      expect(epochs.length).toBeGreaterThanOrEqual(20);
    },
  );

  it('adds a _metadata column with path, size and times', async () => {
    files = await TempFiles.create();
    const p = await files.put('m.jsonl', '{"name":"a","age":1}\n');
    const t = read(p, { format: 'jsonlines', schema: Person, mode: 'static', withMetadata: true });
    const view = new LiveView(t);
    const before = Math.floor(Date.now() / 1000);
    await cw.run();
    const meta = view.values()[0]!._metadata.value as Record<string, number | string>;
    expect(meta.path).toBe(p);
    expect(meta.size).toBe(21);
    expect(meta.seen_at).toBeGreaterThanOrEqual(before);
    expect(typeof meta.modified_at).toBe('number');
    expect(typeof meta.created_at).toBe('number');
  });

  it('rejects a schema for plaintext, a missing schema for csv and an unknown format', () => {
    expect(() => read('x', { format: 'plaintext', schema: Person } as never)).toThrow(/takes no schema/);
    expect(() => read('x', { format: 'csv' })).toThrow(/format "csv" needs a schema/);
    expect(() => read('x', { format: 'xml' } as never)).toThrow(/unknown format "xml"/);
    expect(() => read('x', { format: 'csv', schema: Person, csv: { delimiter: ';;' } })).toThrow(/delimiter/);
    expect(path.isAbsolute(files?.root ?? '/')).toBe(true);
  });
});
