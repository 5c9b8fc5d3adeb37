import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableToRows } from '../../testing/index.js';

afterEach(() => cw.clearGraph());

describe('io.plaintext', () => {
  it('reads a row { data } per line of the files under a folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-plaintext-'));
    writeFileSync(path.join(dir, 'a.txt'), 'first line\nsecond line\n');
    writeFileSync(path.join(dir, 'b.txt'), 'third');
    const lines = cw.io.plaintext.read(dir, { mode: 'static' });
    expect(lines.columnNames()).toEqual(['data']);
    expect((await tableToRows<{ data: string }>(lines)).map((r) => r.data).sort()).toEqual([
      'first line',
      'second line',
      'third',
    ]);
  });
});
