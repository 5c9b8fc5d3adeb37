// The shared connector contract run against PostgreSQL: the reader (COPY snapshot + logical replication, resumed
// from its slot after a restart) and the writer in both modes.

import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from '../testing/connector-contract.test-util.js';
import * as postgres from './index.js';
import { PG, PgAdmin, uniqueName } from './postgres.test-util.js';

sourceContract({
  name: 'postgres',
  // A restarted streaming reader resumes its replication slot after what the previous run committed.
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  timeoutMs: 60_000,
  async setup() {
    const admin = new PgAdmin();
    const table = uniqueName('src');
    const slot = uniqueName('slot');
    admin.track({ table, slot, publication: `${slot}_pub` });
    // `n` is text so that a malformed value (not an integer) can be stored.
    await admin.query(`CREATE TABLE "${table}" (key text PRIMARY KEY, word text NOT NULL, n text NOT NULL)`);
    const insert = async (rows: readonly ContractRow[]) => {
      for (const r of rows)
        await admin.query(`INSERT INTO "${table}" VALUES ($1, $2, $3)`, [r.key, r.word, r.n]);
    };
    return {
      insert,
      update: async (rows) => {
        for (const r of rows)
          await admin.query(`UPDATE "${table}" SET word = $2, n = $3 WHERE key = $1`, [r.key, r.word, r.n]);
      },
      delete: async (keys) => {
        await admin.query(`DELETE FROM "${table}" WHERE key = ANY($1)`, [keys]);
      },
      insertMalformed: async () => {
        await admin.query(`INSERT INTO "${table}" VALUES ('bad', 'x', 'not a number')`);
      },
      read: (mode) =>
        postgres.read({
          connection: PG,
          tableName: table,
          schema: CONTRACT_SCHEMA,
          mode,
          slotName: slot,
          dropSlotOnStop: false,
          autocommitDurationMs: 10,
          statusIntervalMs: 50,
        }),
      cleanup: () => admin.cleanup(),
    };
  },
});

for (const mode of ['changeStream', 'snapshot'] as const) {
  sinkContract({
    name: `postgres ${mode}`,
    mode,
    async setup() {
      const admin = new PgAdmin();
      const table = uniqueName('dst');
      admin.track({ table });
      return {
        write(t) {
          postgres.write(t, {
            connection: PG,
            tableName: table,
            outputTableType: mode,
            primaryKey: ['key'],
            initMode: 'createIfNotExists',
          });
        },
        readBack: async () =>
          admin.query(`SELECT * FROM "${table}"${mode === 'changeStream' ? ' ORDER BY time' : ''}`),
        cleanup: () => admin.cleanup(),
      };
    },
  });
}
