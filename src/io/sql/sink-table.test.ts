// The checks every SQL writer shares, run at write() time: key columns listed once and not optional in a snapshot,
// change-stream `time`/`diff` clashes compared as the database compares column names.

import { describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { checkSinkColumns } from './sink-table.js';

const cols = ['pkey', 'v'];
const nullableKey = [cw.INT.optional(), cw.STR];

describe('checkSinkColumns', () => {
  it('refuses an optional snapshot key column (test_sqlite.py::test_sqlite_snapshot_rejects_nullable_primary_key)', () => {
    const options = { tableName: 't', outputTableType: 'snapshot' as const, primaryKey: ['pkey'] };
    expect(() =>
      checkSinkColumns('sqlite', 'table "t"', 'snapshot', options, cols, nullableKey, true),
    ).toThrow(/primary key column "pkey" is optional .*must be non-nullable in snapshot mode/);
    // A change stream has no key to match: the optional column is fine.
    expect(() =>
      checkSinkColumns('sqlite', 'table "t"', 'changeStream', { tableName: 't' }, cols, nullableKey, true),
    ).not.toThrow();
  });

  it('refuses a key column listed twice (test_sqlite.py::test_sqlite_snapshot_rejects_duplicate_primary_key_columns)', () => {
    const options = { tableName: 't', primaryKey: ['pkey', 'pkey'] };
    expect(() =>
      checkSinkColumns('postgres', 'table "t"', 'snapshot', options, cols, [cw.INT, cw.STR], false),
    ).toThrow(/primaryKey contains duplicate column "pkey"/);
  });

  it('compares time/diff case-insensitively where the database folds names, exactly where it quotes them', () => {
    const names = ['k', 'Time', 'DIFF'];
    const types = [cw.INT, cw.INT, cw.INT];
    expect(() =>
      checkSinkColumns('mysql', 'table "t"', 'changeStream', { tableName: 't' }, names, types, true),
    ).toThrow(/columns "Time", "DIFF" collide with the "time" and "diff" columns a change stream adds/);
    expect(() =>
      checkSinkColumns('postgres', 'table "t"', 'changeStream', { tableName: 't' }, names, types, false),
    ).not.toThrow();
  });
});
