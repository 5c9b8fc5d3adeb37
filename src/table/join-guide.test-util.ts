// Test fixtures of the join tests: the tables of Pathway's join guide (friends, menu, allergies), and final rows as
// sorted value arrays.

import type { Table } from './table.js';
import { tableFromMarkdown, tableToRows } from '../testing/index.js';

/** Final rows as value arrays in column order, sorted (row order of a table is not defined). */
export async function valueRows(t: Table<any>): Promise<unknown[][]> {
  const rows = await tableToRows<Record<string, unknown>>(t);
  return rows
    .map((r) => t.columnNames().map((n) => r[n]))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** Four friends and their budgets. */
export const friends = () =>
  tableFromMarkdown<{ name: string; budget: number }>(`
      | name  | budget
    1 | Alice | 13
    2 | Bob   | 10
    3 | Carol | 11
    4 | Dan   | 12`);

/** The restaurant's dishes and prices. */
export const menu = () =>
  tableFromMarkdown<{ dish: string; price: number }>(`
       | dish              | price
    11 | pancakes_with_jam | 11
    12 | pb_jam_sandwich   | 9
    13 | jam_pb_pancakes   | 12
    14 | scrambled_egg     | 11`);

/** Who is allergic to what. */
export const allergies = () =>
  tableFromMarkdown<{ person: string; allergy: string }>(`
       | person | allergy
    21 | Alice  | milk
    22 | Bob    | eggs
    23 | Carol  | peanuts
    24 | Carol  | milk`);
