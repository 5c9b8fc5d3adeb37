// Helpers of this folder's tests: printed tables compared cell by cell, rows in any order.

import { expect } from 'vitest';
import type { Table } from '../../table.js';
import { renderTable, renderUpdateStream } from '../../../testing/index.js';

/** Header then sorted rows, cells trimmed. */
export function sortedLines(text: string): string[] {
  const norm = (l: string): string =>
    l
      .trim()
      .split('|')
      .map((c) => c.trim())
      .join(' | ');
  const [head, ...rest] = text.trim().split('\n');
  return [norm(head!), ...rest.map(norm).sort()];
}

/** Asserts the table's final contents (no ids) equal the expected markdown, in any row order. */
export async function expectRows(table: Table<any>, expected: string): Promise<void> {
  expect(sortedLines(await renderTable(table, { includeId: false }))).toEqual(sortedLines(expected));
}

/** Asserts the table's update stream (no ids) equals the expected markdown, in any row order. */
export async function expectStream(table: Table<any>, expected: string): Promise<void> {
  expect(sortedLines(await renderUpdateStream(table, { includeId: false }))).toEqual(sortedLines(expected));
}
