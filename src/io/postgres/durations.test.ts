// Durations between Causeway and PostgreSQL columns other than INTERVAL (Pathway's test_postgres.py): an integer
// column read as a duration holds microseconds, and a duration is written into BIGINT (microseconds), TIME and
// INTERVAL columns of an existing table.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { Duration } from '../../table/values/duration.js';
import { LiveView } from '../testing/live-view.test-util.js';
import * as postgres from './index.js';
import { PG, PgAdmin, uniqueName } from './postgres.test-util.js';

let admin: PgAdmin;
afterEach(async () => {
  cw.clearGraph();
  await admin?.cleanup();
});

async function newTable(prefix: string, ddl: string): Promise<string> {
  admin = new PgAdmin();
  const table = uniqueName(prefix);
  admin.track({ table });
  await admin.query(`CREATE TABLE "${table}" ${ddl}`);
  return table;
}

describe('postgres durations', () => {
  it.each(['BIGINT', 'INTEGER'])(
    'reads an integer column (%s) as a duration in microseconds (test_static_int_read_as_duration)',
    async (type) => {
      const table = await newTable(
        'dur_int',
        `(id ${type} PRIMARY KEY, d ${type} NOT NULL, ds ${type}[] NOT NULL)`,
      );
      await admin.query(`INSERT INTO "${table}" VALUES (1, 10000000, '{1500, -2}')`);
      const S = cw.schema({
        id: cw.column(cw.INT, { primaryKey: true }),
        d: cw.DURATION,
        ds: cw.list(cw.DURATION),
      });
      const view = new LiveView(
        postgres.read({ connection: PG, tableName: table, schema: S, mode: 'static' }),
      );
      await cw.run();
      const [row] = view.values();
      expect((row!.d as Duration).ms).toBe(10_000);
      expect((row!.ds as Duration[]).map((d) => d.ms)).toEqual([1.5, -0.002]);
    },
  );

  it.each([
    [
      'TIME',
      [Duration.fromMinutes(12 * 60 + 30), Duration.fromSeconds(23 * 3600 + 59 * 60 + 59.25)],
      ['12:30:00', '23:59:59.25'],
    ],
    ['BIGINT', [Duration.fromSeconds(90), Duration.fromMicroseconds(-7)], ['90000000', '-7']],
    ['INTERVAL', [Duration.fromSeconds(90), Duration.fromSeconds(86_445)], ['00:01:30', '24:00:45']],
  ] as const)(
    'writes a duration into an existing %s column (test_psql_write_duration_to_non_default_column_type)',
    async (type, values, stored) => {
      const table = await newTable(
        'dur_w',
        `(k BIGINT PRIMARY KEY, d ${type} NOT NULL, time BIGINT NOT NULL, diff SMALLINT NOT NULL)`,
      );
      const S = cw.schema({ k: cw.INT, d: cw.DURATION });
      const rows = values.map((d, i) => ({ k: i + 1, d }));
      postgres.write(cw.io.custom.fromIterable(rows, { schema: S, mode: 'static' }), {
        connection: PG,
        tableName: table,
      });
      await cw.run();
      const got = await admin.query<{ d: string }>(`SELECT d::text AS d FROM "${table}" ORDER BY k`);
      expect(got.map((r) => r.d)).toEqual(stored);
    },
  );

  it('refuses a duration a TIME column cannot hold, naming the value', async () => {
    const table = await newTable('dur_t', '(d TIME NOT NULL, time BIGINT NOT NULL, diff SMALLINT NOT NULL)');
    const S = cw.schema({ d: cw.DURATION });
    const rows = [{ d: Duration.fromHours(25) }];
    postgres.write(cw.io.custom.fromIterable(rows, { schema: S, mode: 'static' }), {
      connection: PG,
      tableName: table,
    });
    await expect(cw.run()).rejects.toThrow(
      /cannot store the duration .* in a TIME column \(it holds 0 to 24 hours\)/,
    );
  });
});
