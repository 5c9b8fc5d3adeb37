// Column type checks of the table assertions, following Pathway's dtype_issubclass and is_subschema (both ways) in
// run_graph_and_validate_result (python/pathway/tests/utils.py).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { dtypeIsSubclass, dtypesMatch } from './dtype-subclass.js';
import {
  assertTableEquality,
  assertTableEqualityWoIndex,
  assertTableEqualityWoTypes,
  tableFromMarkdown as T,
} from './index.js';

afterEach(() => cw.clearGraph());

async function failure(p: Promise<void>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return (err as Error).message;
}

describe('dtypeIsSubclass (Pathway dtype_issubclass)', () => {
  it('lets everything fit ANY but ANY fit only ANY', () => {
    expect(dtypeIsSubclass(cw.INT, cw.ANY)).toBe(true);
    expect(dtypeIsSubclass(cw.INT.optional(), cw.ANY)).toBe(true);
    expect(dtypeIsSubclass(cw.ANY, cw.INT)).toBe(false);
    expect(dtypeIsSubclass(cw.ANY.optional(), cw.ANY)).toBe(true);
  });

  it('lets T and NONE fit Optional(T), but Optional(T) fit neither T nor NONE', () => {
    expect(dtypeIsSubclass(cw.INT, cw.INT.optional())).toBe(true);
    expect(dtypeIsSubclass(cw.NONE, cw.INT.optional())).toBe(true);
    expect(dtypeIsSubclass(cw.NONE, cw.NONE)).toBe(true);
    expect(dtypeIsSubclass(cw.INT.optional(), cw.INT)).toBe(false);
    expect(dtypeIsSubclass(cw.INT.optional(), cw.NONE)).toBe(false);
    expect(dtypeIsSubclass(cw.NONE, cw.INT)).toBe(false);
  });

  it('lets INT fit FLOAT (unless told otherwise) but not BOOL fit INT', () => {
    expect(dtypeIsSubclass(cw.INT, cw.FLOAT)).toBe(true);
    expect(dtypeIsSubclass(cw.INT, cw.FLOAT, false)).toBe(false);
    expect(dtypeIsSubclass(cw.FLOAT, cw.INT)).toBe(false);
    expect(dtypeIsSubclass(cw.BOOL, cw.INT)).toBe(false);
    expect(dtypeIsSubclass(cw.STR, cw.BYTES)).toBe(false);
  });

  it('compares tuples and lists element-wise, List(ANY) matching every tuple', () => {
    expect(dtypeIsSubclass(cw.tuple(cw.INT, cw.STR), cw.tuple(cw.INT, cw.STR.optional()))).toBe(true);
    expect(dtypeIsSubclass(cw.tuple(cw.INT, cw.INT), cw.list(cw.INT))).toBe(true);
    expect(dtypeIsSubclass(cw.tuple(cw.INT), cw.tuple(cw.INT, cw.INT))).toBe(false);
    expect(dtypeIsSubclass(cw.list(cw.ANY), cw.tuple(cw.STR))).toBe(true);
    expect(dtypeIsSubclass(cw.list(cw.STR), cw.list(cw.INT))).toBe(false);
  });
});

describe('dtypesMatch (Pathway is_subschema both ways)', () => {
  it('rejects ANY vs INT, NONE vs Optional(INT), INT vs Optional(INT) and INT vs FLOAT', () => {
    expect(dtypesMatch(cw.ANY, cw.INT)).toBe(false);
    expect(dtypesMatch(cw.NONE, cw.INT.optional())).toBe(false);
    expect(dtypesMatch(cw.INT, cw.INT.optional())).toBe(false);
    expect(dtypesMatch(cw.INT, cw.FLOAT)).toBe(false);
  });

  it('accepts equal types, Optional(ANY) as ANY, and List(INT) against a tuple of INTs', () => {
    expect(dtypesMatch(cw.INT.optional(), cw.INT.optional())).toBe(true);
    expect(dtypesMatch(cw.ANY.optional(), cw.ANY)).toBe(true);
    expect(dtypesMatch(cw.list(cw.INT), cw.tuple(cw.INT, cw.INT))).toBe(true);
    expect(dtypesMatch(cw.POINTER, cw.POINTER)).toBe(true);
  });
});

describe('assertTableEquality column types', () => {
  it('fails for an ANY column against an INT one (test_utils: is_subschema(ANY, INT) is false)', async () => {
    const t = T('  | a\n1 | 1');
    const r = t.select({ a: cw.apply((x: number) => x, t.c.a) });
    expect(await failure(assertTableEquality(r, T('  | a\n1 | 1')))).toMatch(
      /column "a" is ANY in actual but INT in expected/,
    );
    await assertTableEqualityWoTypes(r, T('  | a\n1 | 1'));
  });

  it('fails for an all-None column against Optional(INT), and passes with matching types', async () => {
    const S = cw.schema({ a: cw.optional(cw.INT) });
    expect(
      await failure(assertTableEquality(T('  | a\n1 | None'), T('  | a\n1 | None', { schema: S }))),
    ).toMatch(
      // NONE prints as Optional(NONE) in Causeway.
      /column "a" is (Optional\()?NONE\)? in actual but Optional\(INT\) in expected/,
    );
    await assertTableEquality(T('  | a\n1 | None', { schema: S }), T('  | a\n1 | None', { schema: S }));
  });

  it('fails for INT against Optional(INT), in the WoIndex variant too', async () => {
    const S = cw.schema({ a: cw.optional(cw.INT) });
    expect(await failure(assertTableEqualityWoIndex(T('a\n1'), T('a\n1', { schema: S })))).toMatch(
      /column "a" is INT in actual but Optional\(INT\) in expected/,
    );
  });
});
