import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';

afterEach(() => {
  cw.clearGraph();
  vi.restoreAllMocks();
});

describe('Table.debug', () => {
  it("prints every change in Pathway's layout and returns the table", async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const t = tableFromMarkdown(`
      id | owner | age | w   | __time__ | __diff__
       1 | Alice | 10  | 1.0 | 2        | 1
       1 | Alice | 10  | 1.0 | 4        | -1
       1 | Ann   | 11  | 2.5 | 4        | 1`);
    const out = t.debug('pets');
    expect(out).toBe(t);
    await cw.run();
    expect(lines.map((l) => l.replace(/id=\^\w+/, 'id=ID'))).toEqual([
      "[0][pets] @2 +1 id=ID, owner='Alice', age=10, w=1.0",
      "[0][pets] @4 -1 id=ID, owner='Alice', age=10, w=1.0",
      "[0][pets] @4 +1 id=ID, owner='Ann', age=11, w=2.5",
    ]);
  });
});
