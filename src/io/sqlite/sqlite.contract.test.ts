// The shared connector contract run against SQLite files: the reader by full diff and by change column, and the
// writer in both modes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readSource } from '../read-source.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from '../testing/connector-contract.test-util.js';
import * as sqlite from './index.js';
import { SqliteSource } from './sqlite-source.js';

for (const changeColumn of [undefined, 'version'] as const) {
  sourceContract({
    name: changeColumn ? 'sqlite (change column)' : 'sqlite (full diff)',
    capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'replay' },
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'cw-sqlite-'));
      const path = join(dir, 'src.db');
      const db = new Database(path);
      // `n` is text so that a malformed record (a non-number) can exist; `version` rises with every write.
      db.exec(
        'CREATE TABLE items (key TEXT PRIMARY KEY, word TEXT NOT NULL, n TEXT NOT NULL, version INTEGER)',
      );
      let version = 0;
      const upsert = db.prepare(
        'INSERT INTO items VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET word = excluded.word, n = excluded.n, version = excluded.version',
      );
      const put = (rows: readonly ContractRow[]): void =>
        db.transaction(() => rows.forEach((r) => upsert.run(r.key, r.word, String(r.n), ++version)))();
      return {
        insert: async (rows) => put(rows),
        update: async (rows) => put(rows),
        delete: async (keys) => keys.forEach((k) => db.prepare('DELETE FROM items WHERE key = ?').run(k)),
        insertMalformed: async () => void upsert.run('zz-bad', 'bad', 'not a number', ++version),
        read: (mode) =>
          readSource(
            () =>
              new SqliteSource({
                path,
                tableName: 'items',
                schema: CONTRACT_SCHEMA,
                changeColumn,
                pollIntervalMs: 20,
              }),
            CONTRACT_SCHEMA,
            { mode, autocommitDurationMs: 10, name: 'sqlite(items)' },
          ),
        cleanup: async () => {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  });
}

for (const mode of ['changeStream', 'snapshot'] as const) {
  sinkContract({
    name: `sqlite ${mode}`,
    mode,
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'cw-sqlite-'));
      const path = join(dir, 'out.db');
      return {
        write: (t) =>
          sqlite.write(t, {
            path,
            tableName: 'out',
            outputTableType: mode,
            primaryKey: ['key'],
            initMode: 'createIfNotExists',
          }),
        readBack: async () => {
          const db = new Database(path, { readonly: true });
          try {
            return db
              .prepare(`SELECT * FROM out${mode === 'changeStream' ? ' ORDER BY time, rowid' : ''}`)
              .all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  });
}
