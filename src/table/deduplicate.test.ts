import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { renderUpdateStream, tableFromMarkdown } from '../testing/index.js';
import { lines } from './render-sorted.test-util.js';

afterEach(() => cw.clearGraph());

const acceptor = (newValue: number, oldValue: number): boolean => newValue >= oldValue + 2;

describe('Table.deduplicate', () => {
  it('keeps the last accepted value (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      val | __time__
       1  |     2
       2  |     4
       3  |     6
       4  |     8`);
    const result = table.deduplicate({ value: cw.this.val, acceptor });
    expect(await renderUpdateStream(result, { includeId: false })).toBe(
      lines('val | __time__ | __diff__', '1   | 2        | 1', '1   | 6        | -1', '3   | 6        | 1'),
    );
  });

  it('deduplicates per instance (Pathway doc example)', async () => {
    const table = tableFromMarkdown(`
      val | instance | __time__
       1  |     1    |     2
       2  |     1    |     4
       3  |     2    |     6
       4  |     1    |     8
       4  |     2    |     8
       5  |     1    |    10`);
    const result = table.deduplicate({ value: cw.this.val, instance: cw.this.instance, acceptor });
    const text = await renderUpdateStream(result, { includeId: false });
    const [header, ...rows] = text.split('\n');
    expect(header).toBe('val | instance | __time__ | __diff__');
    expect(rows.sort()).toEqual(
      [
        '1   | 1        | 2        | 1',
        '3   | 2        | 6        | 1',
        '1   | 1        | 8        | -1',
        '4   | 1        | 8        | 1',
      ].sort(),
    );
  });

  it('ignores retractions of input rows', async () => {
    const table = tableFromMarkdown(`
        | val | __time__ | __diff__
      1 | 5   | 2        | 1
      1 | 5   | 4        | -1`);
    const result = table.deduplicate({ value: cw.this.val, acceptor });
    expect(await renderUpdateStream(result, { includeId: false })).toBe(
      lines('val | __time__ | __diff__', '5   | 2        | 1'),
    );
  });

  it('logs an acceptor that throws and keeps the old row', async () => {
    const table = tableFromMarkdown(`
      val | __time__
       1  |     2
       2  |     4`);
    const bad = table.deduplicate({
      value: cw.this.val,
      acceptor: () => {
        throw new Error('boom');
      },
    });
    await expect(renderUpdateStream(bad)).rejects.toThrow(/acceptor threw: boom/);
    const text = await renderUpdateStream(bad, { includeId: false, terminateOnError: false });
    expect(text).toBe(lines('val | __time__ | __diff__', '1   | 2        | 1'));
  });
});
