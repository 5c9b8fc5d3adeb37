import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

function inputs() {
  const data = tableFromMarkdown(`
    id | value | instance | __time__ | __diff__
     2 |   4   |    1     |     4    |     1
     2 |   4   |    1     |    10    |    -1
     5 |   5   |    1     |    10    |     1
     7 |   2   |    2     |    14    |     1
     7 |   2   |    2     |    22    |    -1
    11 |   3   |    2     |    26    |     1
     5 |   5   |    1     |    30    |    -1
    14 |   9   |    1     |    32    |     1`);
  const queries = tableFromMarkdown(`
    value | instance | __time__
      1   |    1     |     2
      2   |    1     |     6
      4   |    1     |    12
      5   |    2     |    16
     10   |    1     |    26`);
  return { data, queries };
}

describe('asofNowJoin', () => {
  it('answers each query with the data as it is when the query arrives (Pathway doc example)', async () => {
    const { data, queries } = inputs();
    const result = queries
      .asofNowJoin(data, cw.left.instance.eq(cw.right.instance))
      .select({ query: cw.left.value, ans: cw.right.value });
    await expectStream(
      result,
      `query | ans | __time__ | __diff__
      2     | 4   | 6        | 1
      4     | 5   | 12       | 1
      5     | 2   | 16       | 1
      10    | 5   | 26       | 1`,
    );
  });

  it('left mode answers None when nothing matches (Pathway doc example)', async () => {
    const { data, queries } = inputs();
    const result = cw.temporal
      .asofNowJoinLeft(queries, data, cw.left.instance.eq(cw.right.instance))
      .select({ query: cw.left.value, ans: cw.right.value });
    await expectStream(
      result,
      `query | ans  | __time__ | __diff__
      1     | None | 2        | 1
      2     | 4    | 6        | 1
      4     | 5    | 12       | 1
      5     | 2    | 16       | 1
      10    | 5    | 26       | 1`,
    );
  });

  it('never revises answers when the query is retracted or the data changes', async () => {
    const data = tableFromMarkdown(`
      id | v | __time__ | __diff__
       1 | 7 |    2     |    1
       1 | 7 |    6     |   -1
       2 | 8 |    6     |    1`);
    const queries = tableFromMarkdown(`
      id | q | __time__ | __diff__
       1 | 1 |    4     |    1
       1 | 1 |    8     |   -1`);
    const result = queries.asofNowJoinInner(data).select({ q: cw.left.q, v: cw.right.v });
    await expectStream(result, `q | v | __time__ | __diff__\n1 | 7 | 4 | 1`);
  });
});

describe('asofNowJoinLeft with id: left', () => {
  it("has the queries' universe (Pathway test_asof_now_joins.py::test_asof_now_left[set_id=True])", async () => {
    const data = tableFromMarkdown(`
      value | instance | __time__
        4   |    1     |     2`);
    const queries = tableFromMarkdown(`
      value | instance | __time__
        1   |    1     |     0
        2   |    1     |     4`);
    const res = queries
      .asofNowJoinLeft(data, cw.left.instance.eq(cw.right.instance), { id: 'left' })
      .select({ ans: cw.right.value });
    // A column of the result used on the queries table needs the two universes equal.
    await expectStream(
      queries.withColumns({ ans: res.c.ans }),
      `value | instance | ans  | __time__ | __diff__
      1     | 1        | None | 0        | 1
      2     | 1        | 4    | 4        | 1`,
    );
  });
});
