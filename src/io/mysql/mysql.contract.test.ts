// The shared connector contract run against MySQL/MariaDB: the writer in both modes on the shared server, the
// reader (static + binlog streaming) on a server with a ROW binary log (skipped, and said so, where there is none).

import { describe, it } from 'vitest';
import { readSource } from '../read-source.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from '../testing/connector-contract.test-util.js';
import * as mysql from './index.js';
import { MysqlSource } from './mysql-source.js';
import { MYSQL, MYSQL_BINLOG, sql, uniqueTable } from './mysql.test-util.js';

const q = (v: string): string => `'${v.replaceAll("'", "''")}'`;
const values = (rows: readonly ContractRow[]): string =>
  rows.map((r) => `(${q(r.key)}, ${q(r.word)}, ${q(String(r.n))})`).join(', ');

if (MYSQL_BINLOG !== undefined) {
  const server = MYSQL_BINLOG;
  sourceContract({
    name: 'mysql',
    capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'replay' },
    timeoutMs: 60_000,
    async setup() {
      const table = uniqueTable('cw_src');
      // `n` is text so that a malformed record (a non-number) can exist.
      await sql(
        `CREATE TABLE ${table} (\`key\` VARCHAR(64) PRIMARY KEY, word TEXT NOT NULL, n VARCHAR(32) NOT NULL)`,
        server,
      );
      return {
        insert: async (rows) => void (await sql(`INSERT INTO ${table} VALUES ${values(rows)}`, server)),
        update: async (rows) =>
          void (await sql(
            rows.map(
              (r) =>
                `UPDATE ${table} SET word = ${q(r.word)}, n = ${q(String(r.n))} WHERE \`key\` = ${q(r.key)}`,
            ),
            server,
          )),
        delete: async (keys) =>
          void (await sql(`DELETE FROM ${table} WHERE \`key\` IN (${keys.map(q).join(', ')})`, server)),
        insertMalformed: async () =>
          void (await sql(`INSERT INTO ${table} VALUES ('zz-bad', 'bad', 'not a number')`, server)),
        read: (mode) =>
          readSource(
            () => new MysqlSource({ connection: server, tableName: table, schema: CONTRACT_SCHEMA }),
            CONTRACT_SCHEMA,
            { mode, autocommitDurationMs: 10, name: `mysql(${table})` },
          ),
        cleanup: async () => void (await sql(`DROP TABLE IF EXISTS ${table}`, server)),
      };
    },
  });
} else {
  describe('mysql source contract', () => {
    it.skip('needs a server with log_bin=ON, binlog_format=ROW (port 3306 or 3307, or CAUSEWAY_MYSQL_BINLOG_PORT)', () =>
      undefined);
  });
}

for (const mode of ['changeStream', 'snapshot'] as const) {
  sinkContract({
    name: `mysql ${mode}`,
    mode,
    timeoutMs: 60_000,
    async setup() {
      const table = uniqueTable('cw_sink');
      return {
        write: (t) =>
          mysql.write(t, {
            connection: MYSQL,
            tableName: table,
            outputTableType: mode,
            primaryKey: ['key'],
            initMode: 'createIfNotExists',
          }),
        readBack: async () => {
          const order = mode === 'changeStream' ? ' ORDER BY `time`' : '';
          const [rows] = (await sql(`SELECT * FROM ${table}${order}`)) as [Record<string, unknown>[]];
          return rows;
        },
        cleanup: async () => void (await sql(`DROP TABLE IF EXISTS ${table}`)),
      };
    },
  });
}
