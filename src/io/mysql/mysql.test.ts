// Dedicated MySQL/MariaDB tests: the type mapping both ways, clear errors (missing table, wrong password, binary log
// off), binlog transactions as atomic units, and reconnection of the writer and the binlog reader through a proxy.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { comparable, TYPED_ROWS, TYPES_SCHEMA } from '../sql/typed-rows.test-util.js';
import { DateTimeUtc } from '../../table/values/date-time.js';
import { Json } from '../../table/values/json.js';
import { ConnectorError } from '../connector-error.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import { TcpProxy } from '../testing/tcp-proxy.test-util.js';
import * as mysql from './index.js';
import { hasRowBinlog, MYSQL, MYSQL_BINLOG, sql, uniqueTable } from './mysql.test-util.js';

const tables: { name: string; server: typeof MYSQL }[] = [];
function table(prefix: string, server = MYSQL): string {
  const name = uniqueTable(prefix);
  tables.push({ name, server });
  return name;
}
afterEach(async () => {
  cw.clearGraph();
  for (const t of tables.splice(0)) await sql(`DROP TABLE IF EXISTS ${t.name}`, t.server);
});

const BINLOG = MYSQL_BINLOG ?? MYSQL;
const sharedHasBinlog = await hasRowBinlog(MYSQL);

describe('mysql.write / mysql.read', () => {
  it('maps int, float, text, bool, date-times, json, bytes, durations and nulls both ways', async () => {
    const name = table('cw_types');
    const source = cw.io.custom.fromIterable(TYPED_ROWS, { schema: TYPES_SCHEMA, mode: 'static' });
    mysql.write(source, {
      connection: MYSQL,
      tableName: name,
      outputTableType: 'snapshot',
      primaryKey: ['id'],
      initMode: 'createIfNotExists',
    });
    await cw.run();
    cw.clearGraph();
    const [cols] = (await sql(`SHOW COLUMNS FROM ${name}`)) as [
      { Field: string; Type: string; Null: string }[],
    ];
    expect(Object.fromEntries(cols.map((c) => [c.Field, `${c.Type} ${c.Null}`]))).toMatchObject({
      id: 'bigint(20) NO',
      f: 'double NO',
      b: 'tinyint(1) NO',
      dn: 'datetime(6) NO',
      by: 'longblob NO',
      d: 'bigint(20) NO',
      o: 'longtext YES',
    });
    const view = new LiveView(
      mysql.read({ connection: MYSQL, tableName: name, schema: TYPES_SCHEMA, mode: 'static' }),
    );
    await cw.run();
    const got = view.values().sort((a, b) => a.id - b.id);
    expect(got.map(comparable)).toEqual(TYPED_ROWS.map(comparable));
  });

  it('keeps string keys that differ only in case or accents apart, and JSON null and strings as they were', async () => {
    const name = table('cw_bin');
    const S = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), j: cw.JSON });
    const rows = [
      { k: 'a', j: new Json(null) },
      { k: 'A', j: new Json('123') },
      { k: 'é', j: new Json('x') },
      { k: 'e', j: new Json({ n: [1] }) },
    ];
    mysql.write(cw.io.custom.fromIterable(rows, { schema: S, mode: 'static' }), {
      connection: MYSQL,
      tableName: name,
      outputTableType: 'snapshot',
      primaryKey: ['k'],
      initMode: 'createIfNotExists',
    });
    await cw.run();
    cw.clearGraph();
    const view = new LiveView(mysql.read({ connection: MYSQL, tableName: name, schema: S, mode: 'static' }));
    await cw.run();
    const shown = (r: { k: string; j: unknown }) => `${r.k}=${JSON.stringify((r.j as Json).value)}`;
    expect(view.values().map(shown).sort()).toEqual(rows.map(shown).sort());
  });

  it('reads rows written by other clients with native MySQL types', async () => {
    const name = table('cw_native');
    await sql([
      `CREATE TABLE ${name} (id INT PRIMARY KEY, flag TINYINT(1), price DECIMAL(10,2), at DATETIME, doc JSON, raw BLOB, note VARCHAR(10), bit BIT(1), nobit BIT(1))`,
      `INSERT INTO ${name} VALUES (1, 1, 12.50, '2024-01-02 03:04:05', '{"k": [1]}', x'00ff', NULL, b'1', b'0')`,
    ]);
    const S = cw.schema({
      id: cw.column(cw.INT, { primaryKey: true }),
      flag: cw.BOOL,
      price: cw.FLOAT,
      at: cw.DATE_TIME_UTC,
      doc: cw.JSON,
      raw: cw.BYTES,
      note: cw.STR.optional(),
      bit: cw.BOOL,
      nobit: cw.BOOL,
    });
    const view = new LiveView(mysql.read({ connection: MYSQL, tableName: name, schema: S, mode: 'static' }));
    await cw.run();
    const [r] = view.values();
    expect(r!.flag).toBe(true);
    expect([r!.bit, r!.nobit]).toEqual([true, false]);
    expect(r!.price).toBe(12.5);
    expect((r!.at as DateTimeUtc).ms).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect((r!.doc as Json).value).toEqual({ k: [1] });
    expect(Buffer.from(r!.raw).toString('hex')).toBe('00ff');
    expect(r!.note).toBeNull();
  });

  it('reads the rows of a query in static mode, and refuses a query in streaming mode', async () => {
    const name = table('cw_query');
    await sql([
      `CREATE TABLE ${name} (id INT PRIMARY KEY, n INT)`,
      `INSERT INTO ${name} VALUES (1, 5), (2, 7)`,
    ]);
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });
    const query = `SELECT id * 10 AS id, n + 1 AS n FROM ${name} WHERE id > 1`;
    expect(() => mysql.read({ connection: MYSQL, schema: S, mode: 'static' })).toThrow(
      /mysql: read: needs exactly one of tableName and query/,
    );
    const view = new LiveView(mysql.read({ connection: MYSQL, query, schema: S, mode: 'static' }));
    await cw.run();
    expect(view.values()).toEqual([{ id: 20, n: 8 }]);
    cw.clearGraph();
    cw.io.null.write(mysql.read({ connection: MYSQL, query, schema: S }));
    await expect(cw.run()).rejects.toThrow(
      /mysql: query: streaming reads a table, not a query \(set tableName, or read the query with mode: 'static'\)/,
    );
  });

  it('fails with a ConnectorError naming a missing table, when reading and when writing', async () => {
    const name = uniqueTable('cw_missing');
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
    cw.io.null.write(mysql.read({ connection: MYSQL, tableName: name, schema: S, mode: 'static' }));
    await expect(cw.run()).rejects.toThrow(new RegExp(`mysql: table "test.${name}": does not exist`));
    cw.clearGraph();
    mysql.write(cw.io.custom.fromIterable([{ id: 1 }], { schema: S, mode: 'static' }), {
      connection: MYSQL,
      tableName: name,
    });
    await expect(cw.run()).rejects.toThrow(
      /does not exist \(create it, or set initMode: 'createIfNotExists'/,
    );
  });

  it('rejects a wrong password with a ConnectorError that does not contain the password', async () => {
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
    const password = 'not-the-Secret-42';
    cw.io.null.write(
      mysql.read({ connection: { ...MYSQL, password }, tableName: 'anything', schema: S, mode: 'static' }),
    );
    const err = await cw.run().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err!.message).toMatch(
      /mysql: server 127\.0\.0\.1:\d+ as user "root": access denied \(check the user/,
    );
    expect(err!.message).not.toContain(password);
    expect(String(err!.stack)).not.toContain(password);
  });

  it('refuses a snapshot without a primary key', () => {
    const S = cw.schema({ id: cw.INT });
    const t = cw.io.custom.fromIterable([{ id: 1 }], { schema: S, mode: 'static' });
    expect(() => mysql.write(t, { connection: MYSQL, tableName: 'x', outputTableType: 'snapshot' })).toThrow(
      /outputTableType 'snapshot' needs a primary key/,
    );
  });

  it.runIf(!sharedHasBinlog)(
    'explains how to enable the binary log when streaming from a server without one',
    async () => {
      const name = table('cw_nobinlog');
      await sql(`CREATE TABLE ${name} (id INT PRIMARY KEY)`);
      const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }) });
      cw.io.null.write(mysql.read({ connection: MYSQL, tableName: name, schema: S }));
      await expect(cw.run()).rejects.toThrow(/the binary log is off .*log_bin=mysql-bin, binlog_format=ROW/);
    },
  );

  it('refuses a snapshot into a table with no unique index on the key', async () => {
    const name = table('cw_noidx');
    await sql(`CREATE TABLE ${name} (id INT, n INT)`);
    const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });
    mysql.write(cw.io.custom.fromIterable([{ id: 1, n: 1 }], { schema: S, mode: 'static' }), {
      connection: MYSQL,
      tableName: name,
      outputTableType: 'snapshot',
      primaryKey: ['id'],
    });
    await expect(cw.run()).rejects.toThrow(/has no PRIMARY KEY or UNIQUE index on \(id\)/);
  });

  it('reconnects the writer after the connection drops, losing and duplicating nothing', async () => {
    const name = table('cw_wdrop');
    const proxy = await new TcpProxy(MYSQL.port!).start();
    try {
      const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });
      class Feeder extends cw.io.custom.ConnectorSubject<{ id: number; n: number }> {
        async run(): Promise<void> {
          for (let epoch = 0; epoch < 6; epoch++) {
            for (let i = 0; i < 50; i++) this.next({ id: epoch * 50 + i, n: epoch });
            await this.commit();
            if (epoch % 2 === 1) proxy.drop();
          }
        }
      }
      const t = cw.io.custom.read(new Feeder(), { schema: S });
      mysql.write(t, {
        connection: { ...MYSQL, port: proxy.port },
        tableName: name,
        initMode: 'createIfNotExists',
        reconnect: { initialDelayMs: 20 },
      });
      await cw.run();
      const [rows] = (await sql(
        `SELECT COUNT(*) AS c, COUNT(DISTINCT id) AS d, SUM(diff) AS s FROM ${name}`,
      )) as [{ c: number; d: number; s: string }[]];
      expect(rows[0]).toMatchObject({ c: 300, d: 300 });
      expect(Number(rows[0]!.s)).toBe(300);
      expect(proxy.connections).toBeGreaterThan(1);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe.runIf(MYSQL_BINLOG !== undefined)('mysql.read streaming (binary log)', () => {
  const S = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), n: cw.INT });

  it('applies a transaction (update, delete, insert) as one atomic change', async () => {
    const name = table('cw_tx', BINLOG);
    await sql(
      [`CREATE TABLE ${name} (id INT PRIMARY KEY, n INT)`, `INSERT INTO ${name} VALUES (1, 10), (2, 20)`],
      BINLOG,
    );
    const view = new LiveView(
      mysql.read({ connection: BINLOG, tableName: name, schema: S, autocommitDurationMs: 5 }),
    );
    const run = runInBackground();
    try {
      await view.waitFor((v) => v.rows.size === 2, 20_000, 'the snapshot');
      const before = view.changes.length;
      await sql(
        [
          'START TRANSACTION',
          `UPDATE ${name} SET n = 11 WHERE id = 1`,
          `DELETE FROM ${name} WHERE id = 2`,
          `INSERT INTO ${name} VALUES (3, 30)`,
          'COMMIT',
        ],
        BINLOG,
      );
      await view.waitFor(
        (v) => v.rows.size === 2 && v.values().some((r) => r.id === 3),
        20_000,
        'the transaction',
      );
      const tx = view.changes.slice(before);
      expect(new Set(tx.map((c) => c.time)).size).toBe(1);
      expect(tx.map((c) => `${c.row.id}:${c.row.n}:${c.diff}`).sort()).toEqual([
        '1:10:-1',
        '1:11:1',
        '2:20:-1',
        '3:30:1',
      ]);
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([
      { id: 1, n: 11 },
      { id: 3, n: 30 },
    ]);
  }, 60_000);

  it('retracts every row when the followed table is truncated (TRUNCATE writes no row events)', async () => {
    const name = table('cw_trunc', BINLOG);
    await sql(
      [`CREATE TABLE ${name} (id INT PRIMARY KEY, n INT)`, `INSERT INTO ${name} VALUES (1, 1)`],
      BINLOG,
    );
    const view = new LiveView(
      mysql.read({ connection: BINLOG, tableName: name, schema: S, autocommitDurationMs: 5 }),
    );
    const run = runInBackground();
    await view.waitFor((v) => v.rows.size === 1, 20_000, 'the snapshot');
    await sql(`TRUNCATE TABLE ${name}`, BINLOG);
    try {
      await view.waitFor((v) => v.rows.size === 0, 20_000, 'the truncate');
      await sql(`INSERT INTO ${name} VALUES (2, 2)`, BINLOG);
      await view.waitFor((v) => v.rows.size === 1, 20_000, 'an insert after it');
    } finally {
      await run.stop();
    }
    expect(view.values()).toEqual([{ id: 2, n: 2 }]);
  }, 60_000);

  it('resumes the binlog after the connection drops, losing and repeating no transaction', async () => {
    const name = table('cw_rdrop', BINLOG);
    await sql(
      [`CREATE TABLE ${name} (id INT PRIMARY KEY, n INT)`, `INSERT INTO ${name} VALUES (1, 1)`],
      BINLOG,
    );
    const proxy = await new TcpProxy(BINLOG.port!).start();
    try {
      const view = new LiveView(
        mysql.read({
          connection: { ...BINLOG, port: proxy.port },
          tableName: name,
          schema: S,
          autocommitDurationMs: 5,
          reconnect: { initialDelayMs: 20 },
        }),
      );
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size === 1, 20_000, 'the snapshot');
        await sql(`INSERT INTO ${name} VALUES (2, 2)`, BINLOG);
        await view.waitFor((v) => v.rows.size === 2, 20_000, 'row 2');
        const connections = proxy.connections;
        proxy.drop();
        await sql([`INSERT INTO ${name} VALUES (3, 3)`, `UPDATE ${name} SET n = 20 WHERE id = 2`], BINLOG);
        await view.waitFor(
          (v) => v.rows.size === 3 && v.values().some((r) => r.id === 2 && r.n === 20),
          30_000,
          'the changes made while disconnected',
        );
        expect(proxy.connections).toBeGreaterThan(connections);
      } finally {
        await run.stop();
      }
      expect(view.values()).toEqual([
        { id: 1, n: 1 },
        { id: 2, n: 20 },
        { id: 3, n: 3 },
      ]);
      expect(view.changes.filter((c) => c.diff > 0).map((c) => `${c.row.id}:${c.row.n}`)).toEqual([
        '1:1',
        '2:2',
        '3:3',
        '2:20',
      ]);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
