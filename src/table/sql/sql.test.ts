// Pathway's tests of `pw.sql` (python/pathway/tests/test_sql.py), ported to `cw.sql`.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { assertTableEquality, assertTableEqualityWoIndex, tableFromMarkdown } from '../../testing/index.js';

afterEach(() => cw.clearGraph());

type AB = { a: number; b: number };
const ab = () =>
  tableFromMarkdown<AB>(`
  a | b
  2 | 3
  5 | 6
  `);
const xs = () =>
  tableFromMarkdown<{ a: string; b: number }>(`
  a | b
  x | 5
  x | 6
  y | 7
  y | 8
  z | 9
  z | 10
  `);
const tab1 = () =>
  tableFromMarkdown<{ a: string; b: number }>(`
  a | b
  x | 11
  y | 12
  `);
const tab2 = () =>
  tableFromMarkdown<{ c: string; d: number }>(`
  c | d
  x | 13
  y | 14
  `);

describe('cw.sql (Pathway parity)', () => {
  it('test_select_1 / test_select_2: columns, constants and expressions, ids kept', async () => {
    const tab = ab();
    await assertTableEquality(cw.sql('SELECT a FROM tab', { tab }), tab.select({ a: tab.c.a }));
    await assertTableEquality(
      cw.sql('SELECT a, b, 1 as c, a+b+1 as d FROM tab', { tab }),
      tab.select({ a: tab.c.a, b: tab.c.b, c: 1, d: tab.c.a.add(tab.c.b).add(1) }),
    );
  });

  it('test_where: WHERE and NOT', async () => {
    const tab = tableFromMarkdown<AB>(`
      a | b
      1 | 3
      2 | 4
      5 | 2
    `);
    await assertTableEquality(
      cw.sql('SELECT a, b FROM tab WHERE a>b', { tab }),
      tab.filter(tab.c.a.gt(tab.c.b)),
    );
    await assertTableEquality(
      cw.sql('SELECT a, b FROM tab WHERE NOT (a>b)', { tab }),
      tab.filter(tab.c.a.gt(tab.c.b).not()),
    );
  });

  it('test_star / test_tab_star / test_dot / test_table_alias', async () => {
    const tab = ab();
    await assertTableEquality(cw.sql('SELECT * FROM tab', { tab }), tab);
    await assertTableEquality(cw.sql('SELECT tab.* FROM tab', { tab }), tab);
    await assertTableEquality(cw.sql('SELECT tab.a FROM tab', { tab }), tab.select({ a: tab.c.a }));
    await assertTableEquality(cw.sql('SELECT t1.a FROM tab t1', { tab }), tab.select({ a: tab.c.a }));
  });

  it('test_with', async () => {
    const tab = ab();
    await assertTableEquality(
      cw.sql('WITH foo AS (SELECT a+1 AS a, b+1 AS b FROM tab) SELECT a+1 AS a, b+1 AS b FROM foo', { tab }),
      tab.select({ a: tab.c.a.add(2), b: tab.c.b.add(2) }),
    );
  });

  it('test_groupby / test_where_groupby / test_having / test_where_having (HAVING before GROUP BY)', async () => {
    const tab = xs();
    const expected = tableFromMarkdown(`
      a | col1 | col2
      x | 11   | 2
      y | 15   | 2
    `);
    const q = 'SELECT a, SUM(b) as col1, COUNT(*) as col2 FROM tab';
    await assertTableEqualityWoIndex(cw.sql(`${q} WHERE b<9 GROUP BY a`, { tab }), expected);
    const three = tableFromMarkdown<{ a: string; b: number }>(`
      a | b
      x | 5
      x | 6
      y | 7
      y | 8
      z | 9
      z | 10
      z | 11
    `);
    await assertTableEqualityWoIndex(cw.sql(`${q} HAVING COUNT(*)<3 GROUP BY a`, { tab: three }), expected);
    await assertTableEqualityWoIndex(
      cw.sql(`${q} WHERE b<11 HAVING COUNT(*)<3 GROUP BY a`, { tab: three }),
      tableFromMarkdown(`
        a | col1 | col2
        x | 11   | 2
        y | 15   | 2
        z | 19   | 2
      `),
    );
  });

  it('test_bare_sum', async () => {
    const tab = tableFromMarkdown(`
      col
      5
      6
      7
      8
      9
      10
      11
    `);
    await assertTableEqualityWoIndex(
      cw.sql('SELECT SUM(col) as sumcol FROM tab', { tab }),
      tableFromMarkdown(`
        sumcol
        56
      `),
    );
  });

  it('test_nested / test_nested_with_stars', async () => {
    const tab = xs();
    await assertTableEquality(
      cw.sql('SELECT a FROM (SELECT * FROM tab)', { tab }),
      tab.select({ a: tab.c.a }),
    );
    await assertTableEquality(cw.sql('SELECT * FROM (SELECT * FROM tab)', { tab }), tab);
  });

  it('test_implicit_join / test_explicit_join / test_join_on / test_implicit_join_where', async () => {
    const t1 = tab1();
    const t2 = tab2();
    const cross = t1.join(t2).select({ a: cw.left.a, b: cw.left.b, c: cw.right.c, d: cw.right.d });
    await assertTableEquality(cw.sql('SELECT * FROM tab1, tab2', { tab1: t1, tab2: t2 }), cross);
    await assertTableEquality(cw.sql('SELECT * FROM (tab1 JOIN tab2)', { tab1: t1, tab2: t2 }), cross);
    await assertTableEquality(cw.sql('SELECT * FROM tab1 JOIN tab2', { tab1: t1, tab2: t2 }), cross);
    const on = t1
      .join(t2, t1.c.a.eq(t2.c.c))
      .select({ a: cw.left.a, b: cw.left.b, c: cw.right.c, d: cw.right.d });
    await assertTableEquality(
      cw.sql('SELECT * FROM tab1 JOIN tab2 ON tab1.a=tab2.c', { tab1: t1, tab2: t2 }),
      on,
    );
    await assertTableEqualityWoIndex(
      cw.sql('SELECT * FROM tab1, tab2 WHERE tab1.a=tab2.c', { tab1: t1, tab2: t2 }),
      on,
    );
  });

  it('test_join_where_groupby: clauses in any order, an ambiguous column read from the first table', async () => {
    const t1 = tableFromMarkdown(`
      a | b
      x | 11
      x | 12
      x | 13
      y | 14
      y | 15
      y | 16
    `);
    const t2 = tableFromMarkdown(`
      a | c
      x | 11
      x | 12
      x | 13
      y | 14
      y | 15
      y | 16
    `);
    const result = cw.sql(
      `SELECT SUM(b*c) as col
         FROM tab1 JOIN tab2 ON tab1.a=tab2.a
         GROUP BY a
         WHERE tab1.b > tab2.c
         HAVING tab1.a == 'x'`,
      { tab1: t1, tab2: t2 },
    );
    await assertTableEqualityWoIndex(result, tableFromMarkdown(`col\n${13 * 11 + 13 * 12 + 12 * 11}`));
  });

  it('test_surprising_selfjoin / test_implicit_selfjoin', async () => {
    const tab = tab1();
    await assertTableEquality(
      cw.sql('SELECT tab1.a AS t1a, tab2.a AS t2a FROM tab1, tab2', { tab1: tab, tab2: tab }),
      tab.join(tab.copy()).select({ t1a: cw.left.a, t2a: cw.right.a }),
    );
    await assertTableEquality(
      cw.sql('SELECT t1.a, t2.b FROM tab t1, tab t2', { tab }),
      tab.join(tab.copy()).select({ a: cw.left.a, b: cw.right.b }),
    );
  });

  it('test_join_using: the USING column once', async () => {
    const t1 = tab1();
    const t2 = tableFromMarkdown<{ a: string; d: number }>(`
      a | d
      x | 13
      y | 14
    `);
    await assertTableEquality(
      cw.sql('SELECT * FROM tab1 JOIN tab2 USING(a)', { tab1: t1, tab2: t2 }),
      t1.join(t2, t1.c.a.eq(t2.c.a)).select({ a: cw.left.a, b: cw.left.b, d: cw.right.d }),
    );
  });

  it('test_union / test_intersect', async () => {
    const t1 = tableFromMarkdown(`
      a | b
      x | 11
      y | 12
      z | 13
    `);
    const t2 = tableFromMarkdown(`
      a | b
      y | 12
      z | 13
      v | 14
    `);
    await assertTableEqualityWoIndex(
      cw.sql('SELECT * FROM tab1 UNION SELECT * FROM tab2', { tab1: t1, tab2: t2 }),
      tableFromMarkdown(`
        a | b
        x | 11
        y | 12
        z | 13
        v | 14
      `),
    );
    await assertTableEqualityWoIndex(
      cw.sql('SELECT * FROM tab1 UNION ALL SELECT * FROM tab2', { tab1: t1, tab2: t2 }),
      tableFromMarkdown(`
        a | b
        x | 11
        y | 12
        z | 13
        y | 12
        z | 13
        v | 14
      `),
    );
    await assertTableEqualityWoIndex(
      cw.sql('SELECT * FROM tab1 INTERSECT SELECT * FROM tab2', { tab1: t1, tab2: t2 }),
      tableFromMarkdown(`
        a | b
        y | 12
        z | 13
      `),
    );
  });

  it('test_advanced_subquery_avg / test_subquery_having: scalar subqueries', async () => {
    const tab = tableFromMarkdown(`
      val | name
        1 |    a
        2 |    b
        3 |    c
        4 |    d
        5 |    e
    `);
    await assertTableEqualityWoIndex(
      cw.sql('SELECT * FROM tab WHERE val > (SELECT AVG(val) FROM tab)', { tab }),
      tableFromMarkdown(`
        val | name
          4 |    d
          5 |    e
      `),
    );
    const grouped = tableFromMarkdown(`
      val | group
        1 |     1
        2 |     1
        3 |     1
        4 |     2
        5 |     2
        6 |     2
    `);
    await assertTableEqualityWoIndex(
      cw.sql('SELECT SUM(val) as sum FROM tab GROUP BY group HAVING group = (SELECT MAX(group) FROM tab)', {
        tab: grouped,
      }),
      tableFromMarkdown(`
        sum
         15
      `),
    );
  });

  it('test_case', async () => {
    const tab = tableFromMarkdown(`
      col
      0
      0
      1
      1
      2
      2
      3
      3
    `);
    await assertTableEquality(
      cw.sql('SELECT CASE WHEN col=0 THEN 10 WHEN col=1 THEN 11 ELSE 12 END AS col FROM tab', { tab }),
      tableFromMarkdown(`
        col
        10
        10
        11
        11
        12
        12
        12
        12
      `),
    );
  });

  it('test_add ... test_l: each operator as the Table API computes it', async () => {
    const tab = tableFromMarkdown<AB>(`
      a  | b
      1  | 2
      7  | 3
      -4 | 5
    `);
    const c = tab.c;
    const cases: [string, cw.Expr<any>][] = [
      ['a+b', c.a.add(c.b)],
      ['a-b', c.a.sub(c.b)],
      ['a/b', c.a.div(c.b)],
      ['a DIV b', c.a.floordiv(c.b)],
      ['a % b', c.a.mod(c.b)],
      ['a == b', c.a.eq(c.b)],
      ['a != b', c.a.ne(c.b)],
      ['a >= b', c.a.ge(c.b)],
      ['a > b', c.a.gt(c.b)],
      ['a <= b', c.a.le(c.b)],
      ['a < b', c.a.lt(c.b)],
    ];
    for (const [op, expected] of cases) {
      await assertTableEqualityWoIndex(
        cw.sql(`SELECT ${op} as c FROM tab`, { tab }),
        tab.select({ c: expected }),
      );
    }
  });

  it('test_aliases_1 / test_aliases_2: a subquery column read by its alias', async () => {
    const t = tableFromMarkdown<{ name: number }>(`
      name
      1
      2
      3
    `);
    expect(() => cw.sql('select name from (select name as n from t)', { t })).toThrow(/no column name/);
    await assertTableEquality(
      cw.sql('select n from (select name as n from t) as t', { t }),
      t.select({ n: t.c.name }),
    );
  });

  it.todo(
    'test_aliases_3: "select t1.name as n from (select name as nn from t1) as t2" reads t1, a table not in FROM; ' +
      'Causeway refuses it',
  );

  it('reads quoted names, comments, strings with quotes and IS NULL', async () => {
    const tab = tableFromMarkdown<{ a: string; b: number | null }>(`
      a   | b
      x   | 1
      y's | None
    `);
    await assertTableEquality(
      cw.sql(`SELECT "a", \`b\` AS b2 -- both columns\n FROM tab WHERE b IS NULL OR a = 'x'`, { tab }),
      tab.select({ a: tab.c.a, b2: tab.c.b }),
    );
    await assertTableEquality(
      cw.sql(`SELECT a FROM tab WHERE a = 'y''s'`, { tab }),
      tab.filter(tab.c.a.eq("y's")).select({ a: tab.c.a }),
    );
  });

  it('test_notimplemented: ORDER BY and other statements are refused', () => {
    const tab = ab();
    expect(() => cw.sql('SELECT a, b FROM tab ORDER BY a', { tab })).toThrow(/ORDER BY is not supported/);
    expect(() => cw.sql('CREATE TABLE Persons (PersonID int);')).toThrow(/only SELECT queries are supported/);
    expect(() => cw.sql('SELECT a FROM nowhere', { tab })).toThrow(/no table named nowhere/);
    expect(() => cw.sql('SELECT a FROM tab WHERE', { tab })).toThrow(/syntax error/);
    expect(() => cw.sql('SELECT SUBSTRING(a, 1) FROM tab', { tab })).toThrow(
      /function SUBSTRING is not supported/,
    );
  });
});
