import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { DateTimeNaive, DateTimeUtc } from '../../table/values/date-time.js';
import { Duration } from '../../table/values/duration.js';
import { Json } from '../../table/values/json.js';
import { LiveView } from '../testing/live-view.test-util.js';
import * as postgres from './index.js';
import { PG, PgAdmin, uniqueName } from './postgres.test-util.js';

let admin: PgAdmin;
afterEach(async () => {
  cw.clearGraph();
  await admin?.cleanup();
});

const All = cw.schema({
  id: cw.column(cw.INT, { primaryKey: true }),
  f: cw.FLOAT,
  s: cw.STR,
  b: cw.BOOL,
  ts: cw.DATE_TIME_NAIVE,
  tz: cw.DATE_TIME_UTC,
  j: cw.JSON,
  by: cw.BYTES,
  iv: cw.DURATION,
  nul: cw.STR.optional(),
});

const row = {
  id: 1,
  f: 2.25,
  s: 'tab\t"q" \\ é',
  b: true,
  ts: DateTimeNaive.parse('2024-02-29 13:45:06.123456'),
  tz: DateTimeUtc.parse('2024-02-29T11:45:06.5Z'),
  j: new Json({ a: [1, { b: null }] }),
  by: new Uint8Array([0, 255, 16]),
  iv: Duration.fromMs(93_784_500),
  nul: null,
};

describe('postgres.write', () => {
  it('creates the table from the schema and round-trips every dtype through read', async () => {
    admin = new PgAdmin();
    const table = uniqueName('wt');
    admin.track({ table });
    const t = cw.io.custom.fromIterable([row], { schema: All, mode: 'static' });
    postgres.write(t, {
      connection: PG,
      tableName: table,
      outputTableType: 'snapshot',
      primaryKey: ['id'],
      initMode: 'createIfNotExists',
    });
    await cw.run();
    const types = await admin.query<{ column_name: string; data_type: string; is_nullable: string }>(
      'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
      [table],
    );
    expect(types.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      'id bigint NO',
      'f double precision NO',
      's text NO',
      'b boolean NO',
      'ts timestamp without time zone NO',
      'tz timestamp with time zone NO',
      'j jsonb NO',
      'by bytea NO',
      'iv interval NO',
      'nul text YES',
    ]);
    cw.clearGraph();
    const view = new LiveView(
      postgres.read({ connection: PG, tableName: table, schema: All, mode: 'static' }),
    );
    await cw.run();
    const back = view.values()[0]!;
    expect({ ...back, by: [...back.by] }).toEqual({ ...row, by: [0, 255, 16] });
  });

  it('writes a change stream with time and diff, an epoch per transaction', async () => {
    admin = new PgAdmin();
    const table = uniqueName('wt');
    admin.track({ table });
    const Kv = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), n: cw.INT });
    async function* gen() {
      for (let i = 0; i < 3000; i++) yield { k: `k${i % 100}`, n: i };
    }
    const t = cw.io.custom.fromIterable(gen(), { schema: Kv, maxBatchRows: 1000, autocommitDurationMs: 0 });
    postgres.write(t, { connection: PG, tableName: table, initMode: 'createIfNotExists', maxBatchSize: 64 });
    await cw.run();
    const rows = await admin.query<{ time: string; adds: string; dels: string }>(
      `SELECT time, sum((diff > 0)::int) AS adds, sum((diff < 0)::int) AS dels FROM "${table}" GROUP BY time ORDER BY time`,
    );
    // Each epoch is consolidated: one insertion per key, and from the second epoch on one retraction per key.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((r) => [Number(r.adds), Number(r.dels)])).toEqual(
      rows.map((_, i) => [100, i === 0 ? 0 : 100]),
    );
  });

  it("with initMode 'replace', drops the existing table and writes into a fresh one", async () => {
    admin = new PgAdmin();
    const table = uniqueName('wt');
    admin.track({ table });
    await admin.query(`CREATE TABLE "${table}" (old_column int)`);
    await admin.query(`INSERT INTO "${table}" VALUES (1)`);
    const Kv = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), n: cw.INT });
    const t = cw.io.custom.fromIterable([{ k: 'a', n: 1 }], { schema: Kv, mode: 'static' });
    const options = {
      connection: PG,
      tableName: table,
      outputTableType: 'snapshot',
      primaryKey: ['k'],
      initMode: 'replace',
    } as const;
    postgres.write(t, options);
    await cw.run();
    expect(await admin.query(`SELECT * FROM "${table}"`)).toEqual([{ k: 'a', n: '1' }]);
    // A second run replaces the table again: only its own rows remain.
    cw.clearGraph();
    postgres.write(cw.io.custom.fromIterable([{ k: 'b', n: 2 }], { schema: Kv, mode: 'static' }), options);
    await cw.run();
    expect(await admin.query(`SELECT * FROM "${table}"`)).toEqual([{ k: 'b', n: '2' }]);
  });

  it('names the options in errors: a snapshot without primaryKey, a key without a unique index', async () => {
    admin = new PgAdmin();
    const table = uniqueName('wt');
    admin.track({ table });
    const Kv = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), n: cw.INT });
    const t = cw.io.custom.fromIterable([{ k: 'a', n: 1 }], { schema: Kv, mode: 'static' });
    expect(() =>
      postgres.write(t, { connection: PG, tableName: table, outputTableType: 'snapshot' }),
    ).toThrow(/outputTableType 'snapshot' needs a primary key \(set primaryKey: \['id'\]\)/);
    await admin.query(`CREATE TABLE "${table}" (k text, n bigint)`);
    postgres.write(t, { connection: PG, tableName: table, outputTableType: 'snapshot', primaryKey: ['k'] });
    await expect(cw.run()).rejects.toThrow(
      /postgres: table public\.\w+: has no PRIMARY KEY or UNIQUE index on \(k\) \(add one .*initMode/,
    );
  });

  it('refuses an optional snapshot key at write() time (test_psql_write_snapshot_rejects_nullable_primary_key)', () => {
    const t = cw.io.custom.fromIterable([{ pkey: 1, v: 'a' }], {
      schema: cw.schema({ pkey: cw.INT.optional(), v: cw.STR }),
      mode: 'static',
    });
    const options = { connection: PG, tableName: 'null_pk_rejected', initMode: 'createIfNotExists' } as const;
    expect(() =>
      postgres.write(t, { ...options, outputTableType: 'snapshot', primaryKey: ['pkey'] }),
    ).toThrow(/primary key column "pkey" is optional .*must be non-nullable in snapshot mode/);
    expect(() =>
      postgres.write(t, { ...options, outputTableType: 'snapshot', primaryKey: ['v', 'v'] }),
    ).toThrow(/primaryKey contains duplicate column "v"/);
  });

  it('refuses a change-stream column named exactly time or diff; quoted Time is another column', async () => {
    admin = new PgAdmin();
    const table = uniqueName('wt');
    admin.track({ table });
    const S = cw.schema({ k: cw.INT, Time: cw.INT });
    const t = cw.io.custom.fromIterable([{ k: 1, Time: 5 }], { schema: S, mode: 'static' });
    expect(() =>
      postgres.write(t.select({ k: t.c.k, time: t.c.Time }), {
        connection: PG,
        tableName: table,
        initMode: 'createIfNotExists',
      }),
    ).toThrow(/"time" collide with the "time" and "diff" columns a change stream adds/);
    postgres.write(t, { connection: PG, tableName: table, initMode: 'createIfNotExists' });
    await cw.run();
    expect(await admin.query(`SELECT k, "Time", diff FROM "${table}"`)).toEqual([
      { k: '1', Time: '5', diff: 1 },
    ]);
  });
});
