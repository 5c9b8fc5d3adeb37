// `cw.sql(query, { name: table })` (Pathway's `pw.sql`): a SELECT query over tables, as a table kept up to date.

import { GraphBuildError } from '../errors.js';
import type { Table } from '../table.js';
import { parseSql, SqlError } from './sql-parser.js';
import { SqlTranslator } from './sql-translate.js';

export { SqlError } from './sql-parser.js';

/**
 * The table of a SELECT query over the given tables (Pathway's `pw.sql`): `cw.sql('SELECT a, SUM(b) AS s FROM t GROUP
 * BY a', { t })`. Supports WITH, SELECT [DISTINCT] with `*`, `t.*`, expressions and aliases, FROM with tables, aliases,
 * subqueries and joins (comma, [INNER | LEFT | RIGHT | FULL] JOIN ... ON / USING), WHERE, GROUP BY, HAVING, COUNT /
 * SUM / AVG / MIN / MAX, CASE WHEN, IS [NOT] NULL, scalar subqueries, UNION [ALL] and INTERSECT. Rows keep their ids
 * through SELECT and WHERE; ORDER BY, LIMIT and other statements are refused with an `SqlError`.
 */
export function sql(query: string, tables: Readonly<Record<string, Table<any>>> = {}): Table<any> {
  try {
    return new SqlTranslator(query, new Map(Object.entries(tables))).query(parseSql(query));
  } catch (e) {
    if (e instanceof SqlError || !(e instanceof GraphBuildError)) throw e;
    throw new SqlError(e.message, query);
  }
}
