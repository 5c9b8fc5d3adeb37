// SQLite writer checks that follow Pathway's test_sqlite.py: refusals at write() time (an optional snapshot key, a key
// column listed twice, `time`/`diff` in any case in a change stream), a directory given as the database, and
// durations stored as INTEGER nanoseconds both ways.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { Duration } from '../../table/values/duration.js';
import { LiveView } from '../testing/live-view.test-util.js';
import * as sqlite from './index.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-sqlite-checks-'));
});
afterEach(() => {
  cw.clearGraph();
  rmSync(dir, { recursive: true, force: true });
});

const Kv = cw.schema({ k: cw.INT, v: cw.STR });

describe('sqlite.write refuses at write() time', () => {
  it('an optional primary key in snapshot mode (test_sqlite_snapshot_rejects_nullable_primary_key)', () => {
    const t = cw.io.custom.fromIterable([{ x: 1 }, { x: 2 }], {
      schema: cw.schema({ x: cw.INT }),
      mode: 'static',
    });
    const u = t.select({ pkey: cw.ifElse(t.c.x.eq(2), null, t.c.x), v: t.c.x });
    expect(() =>
      sqlite.write(u, {
        path: join(dir, 'snap.db'),
        tableName: 'snap_nullable_pk',
        initMode: 'createIfNotExists',
        outputTableType: 'snapshot',
        primaryKey: ['pkey'],
      }),
    ).toThrow(/primary key column "pkey" is optional .*must be non-nullable in snapshot mode/);
  });

  it('a primary key column listed twice (test_sqlite_snapshot_rejects_duplicate_primary_key_columns)', () => {
    const t = cw.io.custom.fromIterable([{ k: 1, v: 'hello' }], { schema: Kv, mode: 'static' });
    expect(() =>
      sqlite.write(t, {
        path: join(dir, 'dup.db'),
        tableName: 'dup_pk',
        initMode: 'createIfNotExists',
        outputTableType: 'snapshot',
        primaryKey: ['k', 'k'],
      }),
    ).toThrow(/primaryKey contains duplicate column "k"/);
  });

  it.each(['time', 'diff', 'Time', 'DIFF'])(
    'a change-stream column named %s (test_sqlite_write_stream_mode_reserved_column_name_rejected)',
    (reserved) => {
      const t = cw.io.custom.fromIterable([{ k: 1, [reserved]: 100 }], {
        schema: cw.schema({ k: cw.INT, [reserved]: cw.INT }),
        mode: 'static',
      });
      expect(() =>
        sqlite.write(t, {
          path: join(dir, 'events.db'),
          tableName: 'events_reserved',
          initMode: 'createIfNotExists',
        }),
      ).toThrow(new RegExp(`"${reserved}" collide with the "time" and "diff" columns a change stream adds`));
    },
  );
});

describe('sqlite paths and durations', () => {
  it.each(['directory', 'symlink'])(
    'names a %s given as the database (test_sqlite_connector_rejects_non_sqlite_path)',
    async (kind) => {
      const real = join(dir, 'real_dir');
      mkdirSync(real);
      const path = kind === 'directory' ? real : join(dir, 'sym_to_dir.db');
      if (kind === 'symlink') symlinkSync(real, path);
      cw.io.null.write(sqlite.read({ path, tableName: 't', schema: Kv, mode: 'static' }));
      await expect(cw.run()).rejects.toThrow(/is an existing directory, not a SQLite database file/);
      cw.clearGraph();
      sqlite.write(cw.io.custom.fromIterable([{ k: 1, v: 'a' }], { schema: Kv, mode: 'static' }), {
        path,
        tableName: 't',
      });
      await expect(cw.run()).rejects.toThrow(/is an existing directory, not a SQLite database file/);
    },
  );

  it('stores durations as INTEGER nanoseconds and reads Pathway-written ones (sqlite.rs: Duration as ns)', async () => {
    const path = join(dir, 'dur.db');
    const S = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), d: cw.DURATION });
    const rows = [
      { k: 1, d: Duration.fromSeconds(10) },
      { k: 2, d: Duration.fromMicroseconds(-1_500) },
    ];
    sqlite.write(cw.io.custom.fromIterable(rows, { schema: S, mode: 'static' }), {
      path,
      tableName: 'durations_ns',
      initMode: 'createIfNotExists',
      outputTableType: 'snapshot',
      primaryKey: ['k'],
    });
    await cw.run();
    cw.clearGraph();
    const db = new Database(path);
    expect(db.prepare('SELECT k, d, typeof(d) AS t FROM durations_ns ORDER BY k').all()).toEqual([
      { k: 1, d: 10_000_000_000, t: 'integer' },
      { k: 2, d: -1_500_000, t: 'integer' },
    ]);
    // One day, as Pathway writes it.
    db.exec('INSERT INTO durations_ns VALUES (3, 86400000000000)');
    db.close();
    const view = new LiveView(sqlite.read({ path, tableName: 'durations_ns', schema: S, mode: 'static' }));
    await cw.run();
    const got = view.values().sort((a, b) => a.k - b.k);
    expect(got.map((r) => (r.d as Duration).ms)).toEqual([10_000, -1.5, 86_400_000]);
  });
});
