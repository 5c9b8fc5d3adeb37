// How the SQLite reader identifies rows, following Pathway's test_sqlite.py: a user column named rowid/_rowid_/oid
// (any case) shadowing the rowid, a schema key that must match a UNIQUE / PRIMARY KEY constraint, duplicate keys
// reported per row, views (trusted key, no rowid), and a missing table.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runError, runInBackground } from '../testing/live-view.test-util.js';
import * as sqlite from './index.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-sqlite-identity-'));
});
afterEach(() => {
  cw.clearGraph();
  rmSync(dir, { recursive: true, force: true });
});

/** A database file made by `sql`. */
function database(name: string, sql: string): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

const Keyed = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), v: cw.STR });

describe('sqlite.read row identity', () => {
  it.each(['_rowid_', 'rowid', 'oid', 'RowID'])(
    'refuses a user column %s shadowing the rowid when the schema has no key (test_sqlite_read_user_column_shadows_rowid_alias_errors)',
    async (col) => {
      const path = database(
        'shadow.db',
        `CREATE TABLE t ("${col}" TEXT, v TEXT); INSERT INTO t VALUES ('foo', 'hello')`,
      );
      cw.io.null.write(
        sqlite.read({ path, tableName: 't', schema: cw.schema({ v: cw.STR }), pollIntervalMs: 10 }),
      );
      await expect(cw.run()).rejects.toThrow(
        new RegExp(
          `user column "${col}" that shadows SQLite's implicit rowid alias.*declare primary-key columns`,
        ),
      );
    },
  );

  it('follows rows by the schema key or the INTEGER PRIMARY KEY despite a shadowing column (…_works_with_schema_pk)', async () => {
    const path = database(
      'shadow_pk.db',
      `CREATE TABLE t (k INTEGER PRIMARY KEY, "_rowid_" TEXT, "RowID" TEXT, v TEXT);
       INSERT INTO t VALUES (1, 'foo', 'same', 'a'), (2, 'bar', 'same', 'b')`,
    );
    const withKey = new LiveView(
      sqlite.read({
        path,
        tableName: 't',
        schema: cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), _rowid_: cw.STR, v: cw.STR }),
        pollIntervalMs: 10,
      }),
    );
    // No schema key: the INTEGER PRIMARY KEY column is the rowid itself.
    const withoutKey = new LiveView(
      sqlite.read({ path, tableName: 't', schema: cw.schema({ v: cw.STR }), pollIntervalMs: 10 }),
    );
    const run = runInBackground();
    const db = new Database(path);
    try {
      await withKey.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
      await withoutKey.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
      db.exec("UPDATE t SET v = 'c' WHERE k = 2");
      await withoutKey.waitFor((v) => v.values().some((r) => r.v === 'c'), 20_000, 'the update');
      await withKey.waitFor((v) => v.values().some((r) => r.v === 'c'), 20_000, 'the update');
    } finally {
      await run.stop();
      db.close();
    }
    expect(withKey.values()).toEqual([
      { k: 1, _rowid_: 'foo', v: 'a' },
      { k: 2, _rowid_: 'bar', v: 'c' },
    ]);
    expect(withoutKey.values()).toEqual([{ v: 'a' }, { v: 'c' }]);
  });

  it('refuses a schema key without a UNIQUE / PRIMARY KEY constraint on the table, in both modes', async () => {
    const path = database(
      'dupkey.db',
      "CREATE TABLE t (k INTEGER, v TEXT); INSERT INTO t VALUES (1, 'a'), (1, 'b')",
    );
    for (const mode of ['streaming', 'static'] as const) {
      cw.io.null.write(sqlite.read({ path, tableName: 't', schema: Keyed, mode, pollIntervalMs: 10 }));
      await expect(cw.run()).rejects.toThrow(
        /primary key columns \[k\] declared in the schema do not correspond to any UNIQUE or PRIMARY KEY constraint/,
      );
      cw.clearGraph();
    }
  });

  it('reports rows repeating a key as per-row errors and keeps the first (…_duplicate_keys_surface_per_row_error)', async () => {
    const path = database(
      'null_pk.db',
      "CREATE TABLE t (k INTEGER UNIQUE, v TEXT); INSERT INTO t VALUES (1, 'alpha'), (NULL, 'beta'), (NULL, 'gamma')",
    );
    const S = cw.schema({ k: cw.column(cw.INT.optional(), { primaryKey: true }), v: cw.STR });
    const view = new LiveView(sqlite.read({ path, tableName: 't', schema: S, pollIntervalMs: 10 }));
    const log = new LiveView(cw.globalErrorLog());
    const run = runInBackground({ terminateOnError: false });
    try {
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([
      { k: 1, v: 'alpha' },
      { k: null, v: 'beta' },
    ]);
    const messages = log.values().map((r) => String(r.message));
    expect(messages[0]).toMatch(/duplicate primary key \[NULL\] in SQLite object "t"/);
  });

  it("trusts a view's schema key (any case) and reports its duplicates per row (…_view_with_case_different_target_name)", async () => {
    const path = database(
      'view.db',
      `CREATE TABLE base (k INTEGER, v TEXT); INSERT INTO base VALUES (1, 'hello'), (2, 'world');
       CREATE VIEW vw AS SELECT k, v FROM base`,
    );
    const view = new LiveView(sqlite.read({ path, tableName: 'VW', schema: Keyed, pollIntervalMs: 10 }));
    const log = new LiveView(cw.globalErrorLog());
    const run = runInBackground({ terminateOnError: false });
    const db = new Database(path);
    try {
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
      db.exec("INSERT INTO base VALUES (2, 'again'), (3, 'three')");
      await view.waitFor((v) => v.rows.size === 3, 20_000, 'the second poll');
    } finally {
      await run.stop();
      db.close();
    }
    expect(view.values()).toEqual([
      { k: 1, v: 'hello' },
      { k: 2, v: 'world' },
      { k: 3, v: 'three' },
    ]);
    expect(String(log.values()[0]!.message)).toMatch(/duplicate primary key \[2\] in SQLite object "VW"/);
  });

  it('names a view without a schema key as a view, and a missing table without suggesting a writer option', async () => {
    const path = database(
      'kinds.db',
      'CREATE TABLE base (k INTEGER, v TEXT); CREATE VIEW vw AS SELECT k, v FROM base',
    );
    cw.io.null.write(sqlite.read({ path, tableName: 'vw', schema: cw.schema({ k: cw.INT, v: cw.STR }) }));
    await expect(cw.run()).rejects.toThrow(
      /"vw" .*: is a view, which has no rowid .*declare primary-key columns/,
    );
    cw.clearGraph();
    for (const mode of ['streaming', 'static'] as const) {
      cw.io.null.write(sqlite.read({ path, tableName: 'nope', schema: Keyed, mode }));
      const error = (await runError())?.message;
      expect(error).toMatch(/table "nope" in .*: does not exist \(check tableName and path\)/);
      expect(error).not.toMatch(/initMode/);
      cw.clearGraph();
    }
  });
});
