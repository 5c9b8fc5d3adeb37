// Type tests of `expr.json.get`: a constant default comes back as Json (Pathway wraps it), an expression default
// keeps its own type, and no default gives an optional Json. Run with `vitest --typecheck.only`.

import { describe, expectTypeOf, it } from 'vitest';
import * as cw from '../../index.js';
import type { Expr } from '../expression.js';
import type { Json } from '../values/json.js';

const t = cw.tableFromRows(cw.schema({ data: cw.JSON, n: cw.INT }), []);

describe('json.get types', () => {
  it('types a plain-value default as Json (test_json.py::test_json_get_default)', () => {
    expectTypeOf(t.c.data.json.get('a', { b: 42 })).toEqualTypeOf<Expr<Json>>();
    expectTypeOf(t.c.data.json.get('a', 7)).toEqualTypeOf<Expr<Json>>();
    expectTypeOf(t.c.data.json.get('a', [1, 'x'])).toEqualTypeOf<Expr<Json>>();
  });

  it('types a missing default as optional Json and an expression default as itself', () => {
    expectTypeOf(t.c.data.json.get('a')).toEqualTypeOf<Expr<Json | null>>();
    expectTypeOf(t.c.data.json.get('a', t.c.n)).toEqualTypeOf<Expr<Json | number>>();
  });
});
