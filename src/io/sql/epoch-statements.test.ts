// Unit tests of the shared statement batchers: placeholders, batching, diff expansion, and snapshot consolidation
// (updates, deletes, composite keys with nulls and look-alike values).

import { describe, expect, it } from 'vitest';
import { ChangeBatcher, SnapshotBatcher, type SqlDialect } from './epoch-statements.js';
import { quoteBackticked, quoteDoubleQuoted } from './identifiers.js';
import { onConflictUpsert } from './sink-table.js';

const id = (v: unknown): unknown => v;
const dollar = (rows: number, expandDiffs = true): SqlDialect => ({
  quoteId: quoteDoubleQuoted,
  placeholder: (n) => `$${n}`,
  upsertClause: onConflictUpsert,
  rowsPerStatement: () => rows,
  expandDiffs,
});
const question: SqlDialect = {
  quoteId: quoteBackticked,
  placeholder: () => '?',
  upsertClause: (_, others) =>
    `ON DUPLICATE KEY UPDATE ${others.map((c) => `${c} = VALUES(${c})`).join(', ')}`,
  rowsPerStatement: () => 2,
  expandDiffs: false,
};
const target = { target: '"t"', columns: ['a', 'b'], toSql: [id, id] };
const epoch = (rows: unknown[][], diffs: number[]) => ({ time: 7, keys: [], rows, diffs });

describe('ChangeBatcher', () => {
  it('numbers placeholders across a statement and starts a new one when it is full', () => {
    const s = new ChangeBatcher(dollar(2), target).statements(
      epoch(
        [
          [1, 'x'],
          [2, 'y'],
          [3, 'z'],
        ],
        [1, -1, 1],
      ),
    );
    expect(s.map((x) => x.sql)).toEqual([
      'INSERT INTO "t" ("a", "b", "time", "diff") VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
      'INSERT INTO "t" ("a", "b", "time", "diff") VALUES ($1, $2, $3, $4)',
    ]);
    expect(s[0]!.params).toEqual([1, 'x', 7, 1, 2, 'y', 7, -1]);
  });

  it('writes a diff of ±n as n rows when the dialect expands diffs, as one row otherwise', () => {
    const rows = [[1, 'x']];
    expect(new ChangeBatcher(dollar(10), target).statements(epoch(rows, [-2]))[0]!.params).toEqual([
      1,
      'x',
      7,
      -1,
      1,
      'x',
      7,
      -1,
    ]);
    expect(new ChangeBatcher(question, target).statements(epoch(rows, [-2]))[0]!.params).toEqual([
      1,
      'x',
      7,
      -2,
    ]);
  });
});

describe('SnapshotBatcher', () => {
  it('upserts an updated key with its new row and deletes keys with only retractions', () => {
    const s = new SnapshotBatcher(dollar(10), target, [0]).statements(
      epoch(
        [
          [1, 'old'],
          [1, 'new'],
          [2, 'gone'],
        ],
        [-1, 1, -1],
      ),
    );
    expect(s).toEqual([
      { sql: 'DELETE FROM "t" WHERE "a" IN ($1)', params: [2] },
      {
        sql: 'INSERT INTO "t" ("a", "b") VALUES ($1, $2) ON CONFLICT ("a") DO UPDATE SET "b" = EXCLUDED."b"',
        params: [1, 'new'],
      },
    ]);
  });

  it('tells composite keys apart when their parts only look alike (null, "null", split points)', () => {
    const t3 = { target: '`t`', columns: ['a', 'b', 'c'], toSql: [id, id, id] };
    const s = new SnapshotBatcher(question, t3, [0, 1]).statements(
      epoch(
        [
          [null, 'x', 1],
          ['null', 'x', 2],
          ['a:', 'b', 3],
          ['a', ':b', 4],
        ],
        [1, 1, 1, 1],
      ),
    );
    expect(s.flatMap((x) => x.params)).toEqual([null, 'x', 1, 'null', 'x', 2, 'a:', 'b', 3, 'a', ':b', 4]);
    expect(s[0]!.sql).toBe(
      'INSERT INTO `t` (`a`, `b`, `c`) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE `c` = VALUES(`c`)',
    );
  });

  it('deletes composite keys with tuple placeholders', () => {
    const s = new SnapshotBatcher(dollar(10), target, [0, 1]).statements(
      epoch(
        [
          [1, 'x'],
          [2, 'y'],
        ],
        [-1, -1],
      ),
    );
    expect(s).toEqual([
      { sql: 'DELETE FROM "t" WHERE ("a", "b") IN (($1, $2), ($3, $4))', params: [1, 'x', 2, 'y'] },
    ]);
  });
});

describe('statement byte budget (maxStatementBytes)', () => {
  const budgeted: SqlDialect = { ...question, rowsPerStatement: () => 1000, maxStatementBytes: 1000 };
  const big = 'x'.repeat(200); // about 600 bytes as UTF-8 at most: two rows pass the budget
  const rows = [1, 2, 3, 4, 5].map((k) => [k, big]);

  it('closes a change-stream statement once its parameters pass the budget, at least one row each', () => {
    const s = new ChangeBatcher(budgeted, target).statements(epoch(rows, [1, 1, 1, 1, 1]));
    expect(s.map((x) => x.params.length / 4)).toEqual([2, 2, 1]);
    const huge = new ChangeBatcher(budgeted, target).statements(epoch([[1, 'y'.repeat(5000)]], [1]));
    expect(huge).toHaveLength(1);
  });

  it('closes snapshot upserts the same way', () => {
    const s = new SnapshotBatcher(budgeted, target, [0]).statements(epoch(rows, [1, 1, 1, 1, 1]));
    expect(s.map((x) => x.params.length / 2)).toEqual([2, 2, 1]);
  });
});
