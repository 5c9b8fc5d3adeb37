import { afterEach, describe, expect, it } from 'vitest';
import * as cw from './index.js';
import { renderTable, tableFromMarkdown } from './testing/index.js';

afterEach(() => cw.clearGraph());

describe('the README example', () => {
  it('filters, groups and reduces a typed markdown table', async () => {
    const Pet = cw.schema({ owner: cw.STR, pet: cw.STR, age: cw.INT });
    const pets = tableFromMarkdown(
      `
      owner | pet | age
      Ana   | dog | 10
      Ana   | cat | 8
      Bo    | dog | 3`,
      { schema: Pet },
    );
    const perOwner = pets
      .filter(pets.c.age.gt(4))
      .groupBy('owner')
      .reduce({ owner: cw.this.owner, n: cw.reducers.count(), oldest: cw.reducers.max(cw.this.age) });
    expect(await renderTable(perOwner, { includeId: false })).toBe(
      ['owner | n | oldest', 'Ana   | 2 | 10'].join('\n'),
    );
  });
});
