// Build-time errors Pathway raises (test_error_messages.py, test_common.py pytest.raises cases): each is a
// GraphBuildError naming the problem, at the user's line, instead of a silent wrong result or an internal crash.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const t = () =>
  tableFromMarkdown(`
      | a | s | f
    1 | 1 | x | True`);
const here = /build-errors\.test\.ts/;

describe('build-time errors Pathway raises', () => {
  it('refuses ifElse with a non-BOOL condition or incompatible branches, and coalesce of incompatible types', () => {
    const x = t();
    expect(() => x.select({ r: cw.ifElse(x.c.a, 1, 2) })).toThrow(/condition must be BOOL, got INT/);
    expect(() => x.select({ r: cw.ifElse(x.c.f, x.c.a, x.c.s) })).toThrow(/incompatible types INT and STR/);
    expect(() => x.select({ r: cw.coalesce(cw.this.a, cw.this.s) })).toThrow(
      /coalesce\(\): incompatible types/,
    );
    expect(() => x.select({ r: cw.ifElse(x.c.f, x.c.a, 2.5) })).not.toThrow();
  });
  it('refuses unary - on a string and not on an INT', () => {
    const x = t();
    expect(() => x.select({ r: x.c.s.neg() })).toThrow(/unary -: STR/);
    expect(() => x.select({ r: x.c.a.not() })).toThrow(/not: INT/);
  });
  it('refuses .str, .num and .json methods on a column of another known type, at the user line', () => {
    const x = t();
    expect(() => x.select({ r: x.c.a.str.lower() })).toThrow(/str\.lower\(\) needs STR, got INT; convert/);
    expect(() => x.select({ r: x.c.s.num.abs() })).toThrow(
      /num\.abs\(\) needs INT or FLOAT or DURATION, got STR/,
    );
    expect(() => x.select({ r: x.c.s.json.get('k') })).toThrow(/json\.get\(\) needs JSON, got STR/);
    expect(() => x.select({ r: x.c.a.str.lower() })).toThrow(here);
    // Through `cw.this`, checked once the column's type is known; .str.toString() takes every type.
    expect(() => x.select({ r: cw.this.f.str.upper() })).toThrow(/str\.upper\(\) needs STR, got BOOL/);
    expect(() =>
      x.select({ r: x.c.a.str.toString(), n: x.c.a.num.round(), s: cw.this.s.str.len() }),
    ).not.toThrow();
  });
  it('refuses a UDF called with too few arguments (test_apply_wrong_number_of_args)', () => {
    const x = t();
    expect(() => x.select({ r: (cw.apply as any)((a: number, b: number) => a + b, x.c.a) })).toThrow(
      /takes 2 argument\(s\), got 1/,
    );
  });
  it("validates a join's how and options (test_join_args)", () => {
    const l = t();
    const r = tableFromMarkdown(`
        | b
      2 | 1`);
    const on = l.c.a.eq(r.c.b);
    expect(() => l.joinInner(r, on, { how: 'left' } as any)).toThrow(/joinInner\(\) is a inner join/);
    expect(() => l.join(r, on, { how: 'LEFT' } as any)).toThrow(
      /how must be 'inner', 'left', 'right' or 'outer'/,
    );
    expect(() => l.join(r, on, { hwo: 'left' } as any)).toThrow(/does not take the option\(s\) hwo/);
    expect(() => l.join(r, on, { id: 1 } as any)).toThrow(/a join's id must be/);
  });
  it('refuses a misspelt windowBy option, an INT used as a row id, and an INT pointer in ix', () => {
    const x = t();
    expect(() =>
      x.windowBy(x.c.a, { window: cw.temporal.tumbling({ duration: 2 }), instnace: x.c.s } as any),
    ).toThrow(/does not take the option\(s\) instnace/);
    expect(() => x.withId(x.c.a)).toThrow(/an id must be a row id \(POINTER\), got INT/);
    expect(() => x.groupBy({ id: x.c.a })).toThrow(/an id must be a row id/);
    expect(() => x.select({ v: x.ix(x.c.a).c.s })).toThrow(/pointer must be a row id/);
    expect(() => x.withId(x.id.add(1 as any) as any)).toThrow(/unsupported operand types for \+/);
  });
  it('refuses updateTypes with a non-dtype and flatten without a column, at the user line', () => {
    const x = t();
    expect(() => x.updateTypes({ a: 'int' } as any)).toThrow(/must be a dtype/);
    expect(() => (x as any).flatten()).toThrow(here);
  });
});

describe('cw.this.<wrong name> in methods that evaluate expressions', () => {
  it('is refused when the method is called, naming the columns and the user line', () => {
    const x = t();
    expect(() => x.sort(cw.this.nope)).toThrow(
      /no column "nope"; available columns: a, s, f.*build-errors\.test\.ts/,
    );
    expect(() => x.deduplicate({ value: cw.this.nope, acceptor: () => true })).toThrow(/no column "nope"/);
    expect(() => x.groupBy('s', { instance: cw.this.nope }).reduce({ n: cw.reducers.count() })).toThrow(
      /no column "nope"/,
    );
  });
});

describe('columns combined from two tables (Pathway _types_lca_with_error)', () => {
  it('refuses incompatible types in updateRows, updateCells and concat, and widens INT with FLOAT', () => {
    const x = t();
    const other = tableFromMarkdown(`
        | a
      1 | y`);
    expect(() => x.updateCells(other as any)).toThrow(
      /updateCells\(\): incompatible types for column "a": INT and STR/,
    );
    const a = tableFromMarkdown(`
        | v
      1 | 1`);
    const b = tableFromMarkdown(`
        | v
      2 | z`);
    cw.promiseUniversesAreDisjoint(a, b);
    expect(() => a.concat(b as any)).toThrow(/incompatible types for column "v"/);
    const c = tableFromMarkdown(`
        | v
      3 | 2.5`);
    cw.promiseUniversesAreDisjoint(a, c);
    expect(a.concat(c as any).columns[0]!.dtype.toString()).toBe('FLOAT');
  });
});

describe('messages that say what to do', () => {
  it('suggests cw.this for a name given to reduce, and names the column of another table', () => {
    const x = t();
    expect(() => x.groupBy('s').reduce('a' as any)).toThrow(/did you mean cw\.this\.a\?/);
    const other = tableFromMarkdown(`
        | z
      9 | 1`);
    expect(() => x.select({ z: other.c.z })).toThrow(/a column of another table is used \("z" of table\d+\)/);
  });
});
