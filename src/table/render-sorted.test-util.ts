// Test helper for the Table method tests: final contents without ids, rows sorted by their text (Pathway prints
// `include_id=False` tables in an order that does not depend on ids).

import type { Table } from './table.js';
import { renderTable } from '../testing/index.js';
import type { RunOptions } from './runtime.js';

/** Renders a table without ids, rows sorted. */
export async function sortedRows(table: Table<any>, options: RunOptions = {}): Promise<string> {
  const [header, ...rows] = (await renderTable(table, { ...options, includeId: false })).split('\n');
  return [header, ...rows.sort()].join('\n');
}

/** Joins lines, for expected outputs. */
export function lines(...ls: string[]): string {
  return ls.join('\n');
}
