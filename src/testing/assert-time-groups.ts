// `assertStreamSplitIntoGroups` (Pathway's `assert_stream_split_into_groups`): the update stream of a table whose
// epoch times are not known in advance (results of async calls) must match an expected stream in its changes and in
// how they are grouped into epochs: changes that expected puts at one `__time__` must come at one actual time.

import type { RunOptions } from '../table/runtime.js';
import type { Table } from '../table/table.js';
import { captureTables, type CapturedUpdate } from './capture.js';
import { TableAssertionError } from './assertions.js';
import { formatKey, formatValue } from './format-table.js';

/** The changes as compared, sorted by text: (id?, values, diff) in text, and each one's time. */
function changesOf(
  updates: readonly CapturedUpdate[],
  table: Table<any>,
  withIds: boolean,
): { text: string; time: number }[] {
  const dtypes = table.columns.map((c) => c.dtype);
  return updates
    .map((u) => {
      const cells = u.row.map((v, i) => formatValue(v, dtypes[i]));
      return {
        text: [...(withIds ? [formatKey(u.key)] : []), ...cells, String(u.diff)].join(' | '),
        time: u.time,
      };
    })
    .sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
}

async function assertGroups(
  name: string,
  actual: Table<any>,
  expected: Table<any>,
  withIds: boolean,
  options: RunOptions,
): Promise<void> {
  const an = actual.columnNames().join(', ');
  const en = expected.columnNames().join(', ');
  if (an !== en)
    throw new TableAssertionError(`${name}: the column names differ: actual [${an}], expected [${en}]`);
  const [a, e] = await captureTables([actual, expected], options);
  const got = changesOf(a!.updates, actual, withIds);
  const want = changesOf(e!.updates, expected, withIds);
  const seen = new Set<string>();
  for (const w of want) {
    if (seen.has(w.text)) {
      throw new TableAssertionError(
        `${name}: expected holds the change ${w.text} more than once (not supported)`,
      );
    }
    seen.add(w.text);
  }
  const list = (cs: { text: string; time: number }[]) => cs.map((c) => `  ${c.text} @ ${c.time}`).join('\n');
  if (got.length !== want.length || got.some((g, i) => g.text !== want[i]!.text)) {
    throw new TableAssertionError(
      `${name}: the changes differ\nexpected (value | diff @ time):\n${list(want)}\nactual:\n${list(got)}`,
    );
  }
  const timeOf = new Map<number, number>();
  for (let i = 0; i < want.length; i++) {
    const at = timeOf.get(want[i]!.time);
    if (at === undefined) timeOf.set(want[i]!.time, got[i]!.time);
    else if (at !== got[i]!.time) {
      throw new TableAssertionError(
        `${name}: ${got[i]!.text} came at time ${got[i]!.time}, but the other changes of its group at ${at}\n` +
          `expected:\n${list(want)}\nactual:\n${list(got)}`,
      );
    }
  }
}

/**
 * Asserts both tables have the same changes (id, row, diff), and that changes expected at one `__time__` came at one
 * actual time, whatever it is (Pathway's `assert_stream_split_into_groups`). Each expected change must be unique.
 */
export function assertStreamSplitIntoGroups(
  actual: Table<any>,
  expected: Table<any>,
  options: RunOptions = {},
): Promise<void> {
  return assertGroups('assertStreamSplitIntoGroups', actual, expected, true, options);
}

/** Like `assertStreamSplitIntoGroups`, ignoring ids (Pathway's `assert_stream_split_into_groups_wo_index`). */
export function assertStreamSplitIntoGroupsWoIndex(
  actual: Table<any>,
  expected: Table<any>,
  options: RunOptions = {},
): Promise<void> {
  return assertGroups('assertStreamSplitIntoGroupsWoIndex', actual, expected, false, options);
}
