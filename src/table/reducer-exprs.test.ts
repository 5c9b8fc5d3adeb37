// Reducer expressions as users write them (cw.reducers.*), beyond the accumulators' own tests.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown, tableToRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

describe('countDistinct over several expressions (Pathway test_reducers.py::test_distinct)', () => {
  it('counts distinct tuples, and 1 for no expression', async () => {
    const t = tableFromMarkdown(`
      a | b
      1 | 2
      3 | 4
      3 | 5
      5 | 5
      5 | 6`);
    const r = t.reduce({
      empty: cw.reducers.countDistinct(),
      onlyA: cw.reducers.countDistinct(cw.this.a),
      onlyB: cw.reducers.countDistinct(cw.this.b),
      both: cw.reducers.countDistinct(cw.this.a, cw.this.b),
      approx: cw.reducers.countDistinctApproximate(cw.this.a, cw.this.b, { precision: 12 }),
    });
    const [row] = await tableToRows<Record<string, number>>(r);
    expect(row).toMatchObject({ empty: 1, onlyA: 3, onlyB: 4, both: 5, approx: 5 });
  });
});
