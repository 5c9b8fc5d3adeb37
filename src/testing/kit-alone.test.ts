// The testing kit imported alone (no `causeway` import) still gives tables every method: the kit installs them.

import { describe, expect, it } from 'vitest';
import { tableFromMarkdown, tableToRows } from './index.js';

describe('the testing kit on its own', () => {
  it('builds tables whose installed methods (sort, difference, updateRows) are there', async () => {
    const t = tableFromMarkdown(`
      a
      3
      1`);
    const sorted = t.sort({ key: t.c.a });
    expect(await tableToRows(sorted)).toHaveLength(2);
    expect(typeof t.difference).toBe('function');
    expect(typeof t.updateRows).toBe('function');
  });
});
