import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamSplitIntoGroups,
  assertStreamSplitIntoGroupsWoIndex,
  tableFromMarkdown,
} from './index.js';

afterEach(() => cw.clearGraph());

const actual = () =>
  tableFromMarkdown(`
    | v | __time__
  1 | 1 |    10
  2 | 2 |    10
  3 | 3 |    14
  `);

describe('assertStreamSplitIntoGroups', () => {
  it('passes when the changes match and each expected group came at one time, whatever the times', async () => {
    await assertStreamSplitIntoGroups(
      actual(),
      tableFromMarkdown(`
        | v | __time__
      1 | 1 |    2
      2 | 2 |    2
      3 | 3 |    4
      `),
    );
    await assertStreamSplitIntoGroupsWoIndex(
      actual(),
      tableFromMarkdown(`
      v | __time__
      3 |    0
      1 |    8
      2 |    8
      `),
    );
  });

  it('fails when an expected group came at two times', async () => {
    await expect(
      assertStreamSplitIntoGroups(
        actual(),
        tableFromMarkdown(`
          | v | __time__
        1 | 1 |    2
        2 | 2 |    4
        3 | 3 |    4
        `),
      ),
    ).rejects.toThrow(/came at time 14, but the other changes of its group at 10/);
  });

  it('fails when the changes differ, or a change is expected twice', async () => {
    await expect(
      assertStreamSplitIntoGroupsWoIndex(
        actual(),
        tableFromMarkdown(`
        v | __time__
        1 |    2
        2 |    2
        4 |    4
        `),
      ),
    ).rejects.toThrow(/the changes differ/);
    await expect(
      assertStreamSplitIntoGroupsWoIndex(
        actual(),
        tableFromMarkdown(`
        v | __time__
        1 |    2
        1 |    2
        3 |    4
        `),
      ),
    ).rejects.toThrow(/more than once/);
  });
});
