import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempFiles } from './fs-test-files.test-util.js';
import { globToRegExp, listFiles, pathSpec } from './glob.js';

describe('globToRegExp', () => {
  it('matches *, ?, [classes], {alternatives} within one path segment', () => {
    const re = globToRegExp('log-?.{csv,jsonl}');
    expect(['log-1.csv', 'log-a.jsonl'].every((p) => re.test(p))).toBe(true);
    expect(['log-12.csv', 'log-1.txt', 'x/log-1.csv'].some((p) => re.test(p))).toBe(false);
    expect(globToRegExp('*.csv').test('a/b.csv')).toBe(false);
    expect(globToRegExp('[!a]*.txt').test('b1.txt')).toBe(true);
    expect(globToRegExp('[!a]*.txt').test('a1.txt')).toBe(false);
  });

  it('lets ** match any number of directories', () => {
    const re = globToRegExp('**/*.jsonl');
    expect(['a.jsonl', 'x/a.jsonl', 'x/y/z/a.jsonl'].every((p) => re.test(p))).toBe(true);
    expect(re.test('x/a.csv')).toBe(false);
    expect(globToRegExp('data/**').test('data/a/b')).toBe(true);
  });
});

describe('listFiles', () => {
  let files: TempFiles | undefined;
  afterEach(async () => {
    await files?.cleanup();
    files = undefined;
  });

  it('lists a file, a directory recursively, and glob matches; undefined when the base is missing', async () => {
    files = await TempFiles.create();
    for (const p of ['a.csv', 'b.jsonl', 'sub/c.csv', 'sub/deep/d.csv']) await files.put(p, 'x');
    await mkdir(files.data('empty'));
    const names = async (p: string) =>
      (await listFiles(pathSpec(p), () => undefined))?.map((f) => path.relative(files!.data(), f));
    expect(await names(files.data('a.csv'))).toEqual(['a.csv']);
    expect(await names(files.data())).toEqual(['a.csv', 'b.jsonl', 'sub/c.csv', 'sub/deep/d.csv']);
    expect(await names(files.data('*.csv'))).toEqual(['a.csv']);
    expect(await names(files.data('**', '*.csv'))).toEqual(['a.csv', 'sub/c.csv', 'sub/deep/d.csv']);
    expect(await names(files.data('sub', '*', '*.csv'))).toEqual(['sub/deep/d.csv']);
    expect(await names(files.data('empty'))).toEqual([]);
    expect(await names(files.data('missing', '*.csv'))).toBeUndefined();
    expect(await names(files.data('missing.csv'))).toBeUndefined();
    await writeFile(files.data('x.csv.tmp'), 'x');
    expect(await names(files.data('*.csv'))).toEqual(['a.csv']);
  });

  it('reads every file under a directory the glob matches, recursively (test_io.py::test_glob_pattern_recurse_subdirs)', async () => {
    files = await TempFiles.create();
    for (const p of ['input/foo/level2/a.txt', 'input/f1.txt', 'input/bar.txt']) await files.put(p, 'x');
    const names = async (p: string) =>
      (await listFiles(pathSpec(p), () => undefined))?.map((f) => path.relative(files!.data(), f));
    expect(await names(files.data('input', 'f*'))).toEqual(['input/f1.txt', 'input/foo/level2/a.txt']);
    expect(await names(files.data('input', '*', 'level?'))).toEqual(['input/foo/level2/a.txt']);
    expect(await names(files.data('input', 'b*'))).toEqual(['input/bar.txt']);
  });

  it('keeps the fixed leading directories as the base', () => {
    const spec = pathSpec('/tmp/a/b/*/c-*.csv');
    expect(spec.base).toBe('/tmp/a/b');
    expect(spec.maxDepth).toBe(1);
    expect(pathSpec('/tmp/a/**/x').maxDepth).toBe(Infinity);
  });
});
