import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { ConnectorError } from '../connector-error.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import * as postgres from './index.js';
import { PG, PgAdmin, uniqueName } from './postgres.test-util.js';

const T = 90_000;
let admin: PgAdmin;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  cw.clearGraph();
  await proxy?.close();
  proxy = undefined;
  await admin?.cleanup();
});

const Kv = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), v: cw.STR });

async function newTable(): Promise<string> {
  admin = new PgAdmin();
  const table = uniqueName('rel');
  admin.track({ table });
  await admin.query(`CREATE TABLE "${table}" (id int PRIMARY KEY, v text NOT NULL)`);
  return table;
}

async function insertRange(table: string, from: number, to: number): Promise<void> {
  await admin.query(`INSERT INTO "${table}" SELECT g, 'v' || g FROM generate_series($1::int, $2::int) g`, [
    from,
    to,
  ]);
}

describe('postgres.read reliability', () => {
  it(
    'reconnects after the connection drops mid-stream, losing and repeating nothing',
    async () => {
      const table = await newTable();
      proxy = await new TcpProxy(PG.port).start();
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      await insertRange(table, 1, 100);
      const t = postgres.read({
        connection: { ...PG, port: proxy.port },
        tableName: table,
        schema: Kv,
        slotName: slot,
        autocommitDurationMs: 5,
        statusIntervalMs: 20,
        reconnect: { initialDelayMs: 20, maxAttempts: 50 },
      });
      const view = new LiveView(t);
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size === 100, T / 4, 'the snapshot');
        for (let i = 0; i < 10; i++) await insertRange(table, 101 + i * 10, 110 + i * 10);
        await view.waitFor((v) => v.rows.size >= 120, T / 4, 'some streamed rows');
        const before = proxy.connections;
        proxy.drop();
        await insertRange(table, 201, 300);
        await admin.query(`UPDATE "${table}" SET v = 'updated' WHERE id <= 10`);
        await admin.query(`DELETE FROM "${table}" WHERE id > 290`);
        await view.waitFor(
          (v) => v.rows.size === 290 && v.values().filter((r) => r.v === 'updated').length === 10,
          T / 3,
          'the changes after the drop',
        );
        expect(proxy.connections).toBeGreaterThan(before);
      } finally {
        await run.stop();
      }
      const ids = view.values().map((r) => r.id);
      expect(new Set(ids).size).toBe(290);
      // Every inserted id arrived once (updates retract then insert: count net additions per id).
      const net = new Map<number, number>();
      for (const c of view.changes) net.set(c.row.id, (net.get(c.row.id) ?? 0) + c.diff);
      for (let id = 1; id <= 300; id++) expect(net.get(id) ?? 0).toBe(id > 290 ? 0 : 1);
    },
    T,
  );

  it(
    'fails with a clear error for a missing table, naming it',
    async () => {
      admin = new PgAdmin();
      const t = postgres.read({ connection: PG, tableName: 'no_such_table_xyz', schema: Kv, mode: 'static' });
      cw.io.null.write(t);
      await expect(cw.run()).rejects.toThrow(/^postgres: table public\.no_such_table_xyz: does not exist \(/);
    },
    T,
  );

  it(
    'fails with a clear error for a missing table in streaming mode',
    async () => {
      admin = new PgAdmin();
      const t = postgres.read({ connection: PG, tableName: 'no_such_table_xyz', schema: Kv });
      cw.io.null.write(t);
      await expect(cw.run()).rejects.toThrow(/postgres: table public\.no_such_table_xyz: does not exist/);
    },
    T,
  );

  it(
    'reports a wrong user or database without the password',
    async () => {
      admin = new PgAdmin();
      const secret = 'Sup3r-Secret-pw';
      const t = postgres.read({
        connection: `postgres://no_such_user:${secret}@127.0.0.1:${PG.port}/test`,
        tableName: 'x',
        schema: Kv,
        mode: 'static',
      });
      cw.io.null.write(t);
      const err = await cw.run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(ConnectorError);
      expect(err!.message).toMatch(
        /^postgres: database no_such_user@127\.0\.0\.1:5432\/test: authentication failed/,
      );
      expect(err!.message).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
      expect(String(err!.stack)).not.toContain(secret);
      cw.clearGraph();

      const t2 = postgres.read({
        connection: { ...PG, database: 'no_such_db_xyz', password: secret },
        tableName: 'x',
        schema: Kv,
        mode: 'static',
      });
      cw.io.null.write(t2);
      const err2 = await cw.run().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err2!.message).toMatch(/the database does not exist/);
      expect(err2!.message).not.toContain(secret);
    },
    T,
  );

  it(
    'logs a malformed streamed value with its transaction position and keeps going',
    async () => {
      admin = new PgAdmin();
      const table = uniqueName('rel');
      admin.track({ table });
      await admin.query(`CREATE TABLE "${table}" (id int PRIMARY KEY, v text NOT NULL)`);
      await admin.query(`INSERT INTO "${table}" VALUES (0, '0')`);
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      const schema = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), v: cw.INT });
      const view = new LiveView(
        postgres.read({ connection: PG, tableName: table, schema, slotName: slot, autocommitDurationMs: 5 }),
      );
      const log = new LiveView(cw.globalErrorLog());
      const run = runInBackground({ terminateOnError: false });
      try {
        // The snapshot is read after the slot exists: rows inserted from now on are streamed.
        await view.waitFor((v) => v.rows.size === 1, T / 3, 'the snapshot');
        await admin.query(`INSERT INTO "${table}" VALUES (1, '7'), (2, 'seven'), (3, '9')`);
        await view.waitFor((v) => v.rows.size === 3, T / 3, 'the valid rows');
        await log.waitFor((v) => v.rows.size === 1, T / 3, 'the error');
      } finally {
        await run.stop();
      }
      expect(log.values()[0]!.message).toMatch(
        /malformed record at transaction at lsn [0-9A-F]+\/[0-9A-F]+: field "v": expected an integer, got "seven"/,
      );
    },
    T,
  );
});

describe('postgres.write reliability', () => {
  it(
    'retries an epoch after the connection drops, writing each change once',
    async () => {
      admin = new PgAdmin();
      const target = uniqueName('wr');
      admin.track({ table: target });
      proxy = await new TcpProxy(PG.port).start();
      const p = proxy;
      class Feed extends cw.io.custom.ConnectorSubject<{ id: number; v: string }> {
        async run() {
          for (let e = 0; e < 20; e++) {
            for (let i = 0; i < 50; i++) this.next({ id: e * 50 + i, v: `v${e}` });
            await this.commit();
            if (e === 10) p.drop();
          }
        }
      }
      const t = cw.io.custom.read(new Feed(), { schema: Kv });
      postgres.write(t, {
        connection: { ...PG, port: proxy.port },
        tableName: target,
        initMode: 'createIfNotExists',
        reconnect: { initialDelayMs: 20, maxAttempts: 50 },
      });
      await cw.run();
      const rows = await admin.query<{ n: string; d: string }>(
        `SELECT count(*) AS n, count(DISTINCT id) AS d FROM "${target}"`,
      );
      expect(rows[0]).toEqual({ n: '1000', d: '1000' });
    },
    T,
  );

  it(
    "fails with a clear error when the target table is missing and initMode is 'default'",
    async () => {
      admin = new PgAdmin();
      const t = cw.io.custom.fromIterable([{ id: 1, v: 'a' }], { schema: Kv, mode: 'static' });
      postgres.write(t, { connection: PG, tableName: 'no_such_target_xyz' });
      await expect(cw.run()).rejects.toThrow(
        /postgres: table public\.no_such_target_xyz: does not exist \(.*\) \(create it, or set initMode: 'createIfNotExists'\)/,
      );
    },
    T,
  );
});
