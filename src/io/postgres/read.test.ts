import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView, runInBackground } from '../testing/live-view.test-util.js';
import * as postgres from './index.js';
import { PG, PgAdmin, uniqueName } from './postgres.test-util.js';

const T = 60_000;
let admin: PgAdmin;

afterEach(async () => {
  cw.clearGraph();
  await admin?.cleanup();
});

async function newTable(ddl: string): Promise<string> {
  admin = new PgAdmin();
  const table = uniqueName('rd');
  admin.track({ table });
  await admin.query(`CREATE TABLE "${table}" ${ddl}`);
  return table;
}

const Kv = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), v: cw.STR });

/** A streaming reader of `table` (rows of Kv) on a fresh replication slot (dropped after the test), as a LiveView. */
function streamingView(table: string, schema: typeof Kv, autocommitDurationMs: number) {
  const slot = uniqueName('slot');
  admin.track({ slot, publication: `${slot}_pub` });
  return new LiveView(
    postgres.read({ connection: PG, tableName: table, schema, slotName: slot, autocommitDurationMs }),
  );
}

describe('postgres.read (static)', () => {
  it(
    'streams a large table with COPY in bounded epochs (backpressure), every row once',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      const N = 200_000;
      await admin.query(`INSERT INTO "${table}" SELECT g, 'value ' || g FROM generate_series(1, $1) g`, [N]);
      const t = postgres.read({
        connection: PG,
        tableName: table,
        schema: Kv,
        mode: 'static',
        maxBacklogRows: 5_000,
      });
      let rows = 0;
      let largest = 0;
      let epochs = 0;
      let sum = 0;
      cw.subscribe(t, {
        onBatch(changes) {
          epochs++;
          rows += changes.length;
          largest = Math.max(largest, changes.length);
          for (const c of changes) sum += (c as unknown as { row: { id: number } }).row.id;
        },
      });
      await cw.run();
      expect(rows).toBe(N);
      expect(sum).toBe((N * (N + 1)) / 2);
      // The copy was paused while the backlog was full: many small epochs instead of one of 200k rows.
      expect(epochs).toBeGreaterThan(5);
      expect(largest).toBeLessThan(N / 4);
    },
    T,
  );

  it(
    'reads the rows of a query',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      await admin.query(`INSERT INTO "${table}" VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
      const t = postgres.read({
        connection: PG,
        query: `SELECT id * 10 AS id, upper(v) AS v FROM "${table}" WHERE id > 1`,
        schema: Kv,
        mode: 'static',
      });
      const view = new LiveView(t);
      await cw.run();
      expect(view.values()).toEqual([
        { id: 20, v: 'B' },
        { id: 30, v: 'C' },
      ]);
    },
    T,
  );

  it('needs exactly one of tableName and query, and streams only a table', async () => {
    expect(() => postgres.read({ connection: PG, schema: Kv, mode: 'static' })).toThrow(
      /postgres: read: needs exactly one of tableName and query/,
    );
    expect(() =>
      postgres.read({ connection: PG, tableName: 'x', query: 'SELECT 1', schema: Kv, mode: 'static' }),
    ).toThrow(/exactly one of tableName and query/);
    cw.io.null.write(postgres.read({ connection: PG, query: 'SELECT 1 AS id, 2 AS v', schema: Kv }));
    await expect(cw.run()).rejects.toThrow(
      /postgres: query: streaming reads a table, not a query \(set tableName, or read the query with mode: 'static'\)/,
    );
  });
});

const Types = cw.schema({
  id: cw.column(cw.INT, { primaryKey: true }),
  i: cw.INT,
  f: cw.FLOAT,
  s: cw.STR,
  b: cw.BOOL,
  ts: cw.DATE_TIME_NAIVE,
  tz: cw.DATE_TIME_UTC,
  j: cw.JSON,
  jb: cw.JSON,
  by: cw.BYTES,
  iv: cw.DURATION,
  nul: cw.STR.optional(),
});

const TYPES_DDL = `(id int PRIMARY KEY, i bigint, f double precision, s text, b boolean, ts timestamp,
  tz timestamptz, j json, jb jsonb, by bytea, iv interval, nul text)`;
const TYPES_ROW = `(%ID%, 9007199254740991, 1.5, E'tab\\there\\nline "q" \\\\ é', true, '2024-02-29 13:45:06.123456',
  '2024-02-29 13:45:06.5+02', '{"a": [1, 2]}', '{"b": {"c": null}}', '\\x00ff10', '1 day 02:03:04.5', NULL)`;

function normalize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      v instanceof Uint8Array ? [...v] : v !== null && typeof v === 'object' ? String(v) : v,
    ]),
  );
}

describe('postgres.read types', () => {
  it(
    'decodes int/float/text/bool/timestamp/timestamptz/json/jsonb/bytea/interval/null the same in COPY and CDC',
    async () => {
      const table = await newTable(TYPES_DDL);
      await admin.query(`INSERT INTO "${table}" VALUES ${TYPES_ROW.replace('%ID%', '1')}`);
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      const view = new LiveView(
        postgres.read({
          connection: PG,
          tableName: table,
          schema: Types,
          slotName: slot,
          autocommitDurationMs: 10,
        }),
      );
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size === 1, T / 3, 'the snapshot row');
        await admin.query(`INSERT INTO "${table}" VALUES ${TYPES_ROW.replace('%ID%', '2')}`);
        await view.waitFor((v) => v.rows.size === 2, T / 3, 'the streamed row');
      } finally {
        await run.stop();
      }
      const [fromCopy, fromCdc] = view.values().sort((a, b) => a.id - b.id);
      const expected = {
        i: 9007199254740991,
        f: 1.5,
        s: 'tab\there\nline "q" \\ é',
        b: true,
        ts: '2024-02-29 13:45:06.123456',
        nul: null,
        by: [0, 255, 16],
      };
      expect(normalize(fromCopy!)).toMatchObject({ id: 1, ...expected });
      expect(normalize(fromCdc!)).toEqual({ ...normalize(fromCopy!), id: 2 });
      expect((fromCopy!.tz as { ms: number }).ms).toBe(Date.UTC(2024, 1, 29, 11, 45, 6, 500));
      expect((fromCopy!.j as { value: unknown }).value).toEqual({ a: [1, 2] });
      expect((fromCopy!.jb as { value: unknown }).value).toEqual({ b: { c: null } });
      expect((fromCopy!.iv as { ms: number }).ms).toBe(((24 + 2) * 3600 + 3 * 60 + 4.5) * 1000);
    },
    T,
  );
});

describe('postgres.read (streaming)', () => {
  it(
    'retracts every row on TRUNCATE, in the transaction that also inserts after it',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      await admin.query(`INSERT INTO "${table}" VALUES (1, 'a'), (2, 'b')`);
      const view = streamingView(table, Kv, 1);
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.rows.size === 2, T / 3, 'the snapshot');
        await admin.query(`INSERT INTO "${table}" VALUES (3, 'c')`);
        await view.waitFor((v) => v.rows.size === 3, T / 3, 'the insert');
        const c = await admin.connection();
        await c.query('BEGIN');
        await c.query(`TRUNCATE "${table}"`);
        await c.query(`INSERT INTO "${table}" VALUES (9, 'z')`);
        await c.query('COMMIT');
        await view.waitFor((v) => v.rows.size === 1, T / 3, 'the truncate');
      } finally {
        await run.stop();
      }
      expect(view.values()).toEqual([{ id: 9, v: 'z' }]);
    },
    T,
  );

  it(
    'applies a transaction as one atomic unit, and updates that change the primary key',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      const t = postgres.read({
        connection: PG,
        tableName: table,
        schema: Kv,
        slotName: slot,
        autocommitDurationMs: 1,
      });
      const view = new LiveView(t);
      const sizes: number[] = [];
      cw.subscribe(t.reduce({ n: cw.reducers.count() }), {
        onChange: (_k, row, _t, add) => {
          if (add) sizes.push(row.n);
        },
      });
      const run = runInBackground();
      try {
        await view.waitFor((v) => v.epochs >= 1 || v.rows.size === 0, T / 3);
        const c = await admin.connection();
        await c.query('BEGIN');
        for (let i = 1; i <= 300; i++) await c.query(`INSERT INTO "${table}" VALUES ($1, 'x')`, [i]);
        await c.query('COMMIT');
        await view.waitFor((v) => v.rows.size === 300, T / 3, '300 rows');
        await admin.query(`UPDATE "${table}" SET id = 1000, v = 'moved' WHERE id = 1`);
        await admin.query(`DELETE FROM "${table}" WHERE id > 2 AND id <= 300`);
        await view.waitFor((v) => v.rows.size === 2, T / 3, 'the update and deletes');
      } finally {
        await run.stop();
      }
      // The 300 inserts arrived together: the count went straight from 0 to 300.
      expect(sizes[0]).toBe(300);
      expect(view.values()).toEqual([
        { id: 1000, v: 'moved' },
        { id: 2, v: 'x' },
      ]);
    },
    T,
  );

  it(
    'resumes its slot after a restart: changes made while stopped arrive once, none lost',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      const read = () =>
        postgres.read({
          connection: PG,
          tableName: table,
          schema: Kv,
          slotName: slot,
          autocommitDurationMs: 5,
        });
      await admin.query(`INSERT INTO "${table}" VALUES (1, 'a'), (2, 'b')`);
      const first = new LiveView(read());
      let run = runInBackground();
      try {
        await first.waitFor((v) => v.rows.size === 2, T / 4, 'the snapshot');
        await admin.query(`INSERT INTO "${table}" VALUES (3, 'c')`);
        await first.waitFor((v) => v.rows.size === 3, T / 4, 'the streamed insert');
      } finally {
        await run.stop();
      }
      cw.clearGraph();
      expect(await admin.slotExists(slot)).toBe(true);
      await admin.query(`INSERT INTO "${table}" VALUES (4, 'd')`);
      await admin.query(`UPDATE "${table}" SET v = 'B' WHERE id = 2`);
      await admin.query(`DELETE FROM "${table}" WHERE id = 4`);
      await admin.query(`INSERT INTO "${table}" VALUES (5, 'e')`);
      const second = new LiveView(read());
      run = runInBackground();
      try {
        await second.waitFor(
          (v) => v.rows.has(String(5)) || v.values().some((r) => r.id === 5),
          T / 4,
          'row 5',
        );
      } finally {
        await run.stop();
      }
      // Only what happened after the first run's commit: 4 (then deleted), 2 updated, 5.
      expect(second.values()).toEqual([
        { id: 2, v: 'B' },
        { id: 5, v: 'e' },
      ]);
      // Nothing from before the restart came again (row 4 may cancel out within one epoch).
      const added = second.changes.filter((c) => c.diff > 0).map((c) => c.row.id);
      expect(added.filter((id) => id !== 4).sort()).toEqual([2, 5]);
      expect(added.filter((id) => id === 4).length).toBeLessThanOrEqual(1);
    },
    T,
  );

  it(
    'reads a table without a primary key as append-only, logging and skipping an update, a delete and a truncate',
    async () => {
      const table = await newTable('(id int, v text NOT NULL)');
      await admin.query(`ALTER TABLE "${table}" REPLICA IDENTITY FULL`);
      await admin.query(`INSERT INTO "${table}" VALUES (1, 'a')`);
      const slot = uniqueName('slot');
      admin.track({ slot, publication: `${slot}_pub` });
      const schema = cw.schema({ id: cw.INT, v: cw.STR });
      const t = postgres.read({
        connection: PG,
        tableName: table,
        schema,
        slotName: slot,
        appendOnly: true,
        autocommitDurationMs: 5,
      });
      expect(t.isAppendOnly).toBe(true);
      const view = new LiveView(t);
      const log = new LiveView(cw.globalErrorLog());
      const run = runInBackground({ terminateOnError: false });
      try {
        await view.waitFor((v) => v.rows.size === 1, T / 3, 'the snapshot');
        await admin.query(`INSERT INTO "${table}" VALUES (2, 'b'), (2, 'b')`);
        await view.waitFor((v) => v.rows.size === 3, T / 3, 'the inserts');
        await admin.query(`UPDATE "${table}" SET v = 'changed' WHERE id = 1`);
        await admin.query(`DELETE FROM "${table}" WHERE id = 2`);
        await admin.query(`TRUNCATE "${table}"`);
        await admin.query(`INSERT INTO "${table}" VALUES (3, 'c')`);
        await view.waitFor((v) => v.rows.size === 4, T / 3, 'the insert after the refused changes');
        await log.waitFor((v) => v.rows.size === 4, T / 3, 'the errors');
      } finally {
        await run.stop();
      }
      expect(
        view
          .values()
          .map((r) => `${r.id}${r.v}`)
          .sort(),
      ).toEqual(['1a', '2b', '2b', '3c']);
      const messages = log.values().map((r) => String(r.message));
      // One error per changed row: the update changed one, the delete two.
      for (const what of ['an update', 'a delete', 'a delete', 'a truncate']) {
        const i = messages.findIndex((m) => m.includes(`${what} in a table read as append-only`));
        expect(i, what).toBeGreaterThanOrEqual(0);
        messages.splice(i, 1);
      }
      expect(messages).toEqual([]);
    },
    T,
  );

  it(
    'refuses to stream a table without a primary key unless it is read as append-only',
    async () => {
      const table = await newTable('(id int, v text NOT NULL)');
      cw.io.null.write(
        postgres.read({ connection: PG, tableName: table, schema: cw.schema({ id: cw.INT, v: cw.STR }) }),
      );
      await expect(cw.run()).rejects.toThrow(/streaming needs a primary key .* appendOnly: true/);
    },
    T,
  );

  it(
    'drops a slot it named itself when the run stops',
    async () => {
      const table = await newTable('(id int PRIMARY KEY, v text NOT NULL)');
      await admin.query(`INSERT INTO "${table}" VALUES (1, 'a')`);
      const view = new LiveView(
        postgres.read({ connection: PG, tableName: table, schema: Kv, autocommitDurationMs: 5 }),
      );
      const run = runInBackground();
      const publicationOf = () =>
        admin.query<{ pubname: string }>('SELECT pubname FROM pg_publication_tables WHERE tablename = $1', [
          table,
        ]);
      let slot = '';
      try {
        await view.waitFor((v) => v.rows.size === 1, T / 3);
        const pubs = await publicationOf();
        expect(pubs).toHaveLength(1);
        slot = pubs[0]!.pubname.replace(/_pub$/, '');
        admin.track({ slot, publication: pubs[0]!.pubname });
        expect(await admin.slotExists(slot)).toBe(true);
      } finally {
        await run.stop();
      }
      expect(await admin.slotExists(slot)).toBe(false);
      expect(await publicationOf()).toEqual([]);
    },
    T,
  );
});
