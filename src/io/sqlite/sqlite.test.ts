// Dedicated SQLite tests: the type mapping both ways, clear errors (missing file, table, key index), and streaming
// polls: deletions found by comparing ids, a poll as one atomic unit, WITHOUT ROWID tables, key changes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { comparable, TYPED_ROWS, TYPES_SCHEMA } from '../sql/typed-rows.test-util.js';
import { DateTimeUtc } from '../../table/values/date-time.js';
import { Json } from '../../table/values/json.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import * as sqlite from './index.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-sqlite-'));
});
afterEach(() => {
  cw.clearGraph();
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite.write / sqlite.read', () => {
  it('maps int, float, text, bool, date-times, json, bytes, durations (nanoseconds) and nulls both ways', async () => {
    const path = join(dir, 'types.db');
    const source = cw.io.custom.fromIterable(TYPED_ROWS, { schema: TYPES_SCHEMA, mode: 'static' });
    sqlite.write(source, {
      path,
      tableName: 'types',
      outputTableType: 'snapshot',
      primaryKey: ['id'],
      initMode: 'createIfNotExists',
    });
    await cw.run();
    cw.clearGraph();
    const db = new Database(path, { readonly: true });
    const stored = db.prepare('SELECT b, dn, du, d, typeof(f) AS tf FROM types WHERE id = 1').get();
    db.close();
    expect(stored).toEqual({
      b: 1,
      dn: '2024-02-29 13:14:15.123456',
      du: '2024-02-29 22:00:01.500000+00:00',
      // Durations are INTEGER nanoseconds, as Pathway stores them (test_sqlite.py::test_sqlite_all_types).
      d: 90_061_000_001_000,
      tf: 'real',
    });
    const view = new LiveView(
      sqlite.read({ path, tableName: 'types', schema: TYPES_SCHEMA, mode: 'static' }),
    );
    await cw.run();
    const got = view.values().sort((a, b) => a.id - b.id);
    expect(got.map(comparable)).toEqual(TYPED_ROWS.map(comparable));
  });

  it('creates nullable columns for namespace calls over optional columns, and stores their None', async () => {
    const path = join(dir, 'opt.db');
    const t = cw.io.custom.fromIterable([{ s: 'abc' }, { s: null }], {
      schema: cw.schema({ s: cw.STR.optional() }),
      mode: 'static',
    });
    const u = t.select({ up: t.c.s.str.upper(), n: t.c.s.str.len(), starts: t.c.s.str.startswith('a') });
    expect(u.columns.map((c) => String(c.dtype))).toEqual([
      'Optional(STR)',
      'Optional(INT)',
      'Optional(BOOL)',
    ]);
    sqlite.write(u, { path, tableName: 'opt', initMode: 'createIfNotExists' });
    await cw.run();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT up, n, starts FROM opt ORDER BY up').all();
    db.close();
    expect(rows).toEqual([
      { up: null, n: null, starts: null },
      { up: 'ABC', n: 3, starts: 1 },
    ]);
  });

  it('refuses to write a NaN float (SQLite would store NULL), naming the table; infinities are kept', async () => {
    const path = join(dir, 'nan.db');
    const S = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), f: cw.FLOAT });
    const write = (f: number) => {
      cw.clearGraph();
      sqlite.write(cw.io.custom.fromIterable([{ k: 1, f }], { schema: S, mode: 'static' }), {
        path,
        tableName: 'nums',
        initMode: 'replace',
      });
      return cw.run();
    };
    await expect(write(NaN)).rejects.toThrow(
      /sqlite: table "nums" in .*: .*cannot store the float NaN .*num\.fillNa/,
    );
    await write(-Infinity);
    const db = new Database(path, { readonly: true });
    const stored = db.prepare('SELECT f FROM nums').all();
    db.close();
    expect(stored).toEqual([{ f: -Infinity }]);
  });

  it('reads values written by other programs: 0/1 booleans, offset-less UTC text, JSON text, blobs, nulls', async () => {
    const path = join(dir, 'native.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER, at TEXT, doc TEXT, raw BLOB, note TEXT)`);
    db.prepare('INSERT INTO t VALUES (1, 0, ?, ?, ?, NULL)').run(
      '2024-01-02 03:04:05',
      '{"k":[1]}',
      Buffer.from([0, 255]),
    );
    db.close();
    const S = cw.schema({
      id: cw.column(cw.INT, { primaryKey: true }),
      flag: cw.BOOL,
      at: cw.DATE_TIME_UTC,
      doc: cw.JSON,
      raw: cw.BYTES,
      note: cw.STR.optional(),
    });
    const view = new LiveView(sqlite.read({ path, tableName: 't', schema: S, mode: 'static' }));
    await cw.run();
    const [r] = view.values();
    expect(r!.flag).toBe(false);
    expect((r!.at as DateTimeUtc).ms).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect((r!.doc as Json).value).toEqual({ k: [1] });
    expect(Buffer.from(r!.raw).toString('hex')).toBe('00ff');
    expect(r!.note).toBeNull();
  });

  it('reads the rows of a query in static mode, and refuses a query in streaming mode', async () => {
    const path = join(dir, 'q.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO t VALUES (1, 5), (2, 7)');
    setup.close();
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });
    const query = 'SELECT id * 10 AS id, n + 1 AS n FROM t WHERE id > 1';
    expect(() => sqlite.read({ path, tableName: 't', query, schema: S, mode: 'static' })).toThrow(
      /sqlite: read: needs exactly one of tableName and query/,
    );
    const view = new LiveView(sqlite.read({ path, query, schema: S, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([{ id: 20, n: 8 }]);
    cw.clearGraph();
    cw.io.null.write(sqlite.read({ path, query, schema: S }));
    await expect(cw.run()).rejects.toThrow(
      /sqlite: query in .*q\.db: streaming reads a table, not a query \(set tableName, or read the query/,
    );
  });

  it("with initMode 'replace', drops the existing table and writes into a fresh one", async () => {
    const path = join(dir, 'replace.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE out (old_column INTEGER); INSERT INTO out VALUES (1)');
    setup.close();
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });
    const options = {
      path,
      tableName: 'out',
      outputTableType: 'snapshot',
      primaryKey: ['id'],
      initMode: 'replace',
    } as const;
    sqlite.write(cw.io.custom.fromIterable([{ id: 1, n: 2 }], { schema: S, mode: 'static' }), options);
    await cw.run();
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT * FROM out').all()).toEqual([{ id: 1, n: 2 }]);
    check.close();
  });

  it('fails with a ConnectorError for a missing file, a missing table, and a snapshot key with no index', async () => {
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
    const missing = join(dir, 'missing.db');
    cw.io.null.write(sqlite.read({ path: missing, tableName: 't', schema: S, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(
      /sqlite: table "t" in .*missing\.db: cannot open the database file/,
    );
    cw.clearGraph();

    const path = join(dir, 'db.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE plain (id INTEGER)');
    setup.close();
    cw.io.null.write(sqlite.read({ path, tableName: 'nope', schema: S, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(/sqlite: table "nope" in .*: does not exist/);
    cw.clearGraph();

    sqlite.write(cw.io.custom.fromIterable([{ id: 1 }], { schema: S, mode: 'static' }), {
      path,
      tableName: 'nope',
    });
    await expect(cw.run()).rejects.toThrow(
      /does not exist \(create it, or set initMode: 'createIfNotExists'/,
    );
    cw.clearGraph();

    sqlite.write(cw.io.custom.fromIterable([{ id: 1 }], { schema: S, mode: 'static' }), {
      path,
      tableName: 'plain',
      outputTableType: 'snapshot',
      primaryKey: ['id'],
    });
    await expect(cw.run()).rejects.toThrow(/has no PRIMARY KEY or UNIQUE index on the primary key columns/);
  });
});

describe('sqlite.read streaming', () => {
  const S = cw.schema({ id: cw.column(cw.STR, { primaryKey: true }), n: cw.INT });

  it('applies the changes found by one poll as one atomic change, deletions included', async () => {
    const path = join(dir, 'poll.db');
    const db = new Database(path);
    db.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER); INSERT INTO t VALUES ('a', 1), ('b', 2)");
    const view = new LiveView(sqlite.read({ path, tableName: 't', schema: S, pollIntervalMs: 10 }));
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
      const before = view.changes.length;
      db.transaction(() => {
        db.exec(
          "UPDATE t SET n = 10 WHERE id = 'a'; DELETE FROM t WHERE id = 'b'; INSERT INTO t VALUES ('c', 3)",
        );
      })();
      await view.waitFor((v) => v.values().some((r) => r.id === 'c'), 20_000, 'the transaction');
      const poll = view.changes.slice(before);
      expect(new Set(poll.map((c) => c.time)).size).toBe(1);
      expect(poll.map((c) => `${c.row.id}:${c.row.n}:${c.diff}`).sort()).toEqual([
        'a:10:1',
        'a:1:-1',
        'b:2:-1',
        'c:3:1',
      ]);
    } finally {
      await run.stop();
      db.close();
    }
  });

  it('follows a WITHOUT ROWID table by its primary key, including a changed key', async () => {
    const path = join(dir, 'norowid.db');
    const db = new Database(path);
    db.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID; INSERT INTO t VALUES ('a', 1)");
    const view = new LiveView(sqlite.read({ path, tableName: 't', schema: S, pollIntervalMs: 10 }));
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 1, 20_000, 'the first poll');
      db.exec("UPDATE t SET id = 'z' WHERE id = 'a'");
      await view.waitFor((v) => v.values().some((r) => r.id === 'z'), 20_000, 'the key change');
    } finally {
      await run.stop();
      db.close();
    }
    expect(view.values()).toEqual([{ id: 'z', n: 1 }]);
  });

  it('with a change column, reads rows whose column rose and still finds deletions', async () => {
    const path = join(dir, 'change.db');
    const db = new Database(path);
    db.exec(
      "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, v INTEGER); INSERT INTO t VALUES ('a', 1, 1), ('b', 2, 2)",
    );
    const view = new LiveView(
      sqlite.read({ path, tableName: 't', schema: S, changeColumn: 'v', pollIntervalMs: 10 }),
    );
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'the first poll');
      db.exec("UPDATE t SET n = 5, v = 3 WHERE id = 'a'; DELETE FROM t WHERE id = 'b'");
      await view.waitFor(
        (v) => v.rows.size === 1 && v.values()[0]!.n === 5,
        20_000,
        'the update and deletion',
      );
    } finally {
      await run.stop();
      db.close();
    }
    expect(view.values()).toEqual([{ id: 'a', n: 5 }]);
  });
});
