// MySQL/MariaDB writer checks run when `write()` is called, before any connection (Pathway's test_mysql.py):
// `time`/`diff` in any case in a change stream, an optional snapshot key.

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import * as mysql from './index.js';
import { MYSQL } from './mysql.test-util.js';

afterEach(() => cw.clearGraph());

describe('mysql.write refuses at write() time', () => {
  it.each(['time', 'diff', 'TIME'])(
    'a change-stream column named %s (test_mysql_rejects_metadata_column_collision_in_stream_mode)',
    (col) => {
      const t = cw.io.custom.fromIterable([{ key: 1, [col]: 2 }], {
        schema: cw.schema({ key: cw.INT, [col]: cw.INT }),
        mode: 'static',
      });
      expect(() => mysql.write(t, { connection: MYSQL, tableName: 'irrelevant' })).toThrow(
        new RegExp(`"${col}" collide with the "time" and "diff" columns a change stream adds`),
      );
    },
  );

  it('an optional primary key in snapshot mode (as test_sqlite_snapshot_rejects_nullable_primary_key)', () => {
    const t = cw.io.custom.fromIterable([{ pkey: 1, v: 'a' }], {
      schema: cw.schema({ pkey: cw.INT.optional(), v: cw.STR }),
      mode: 'static',
    });
    expect(() =>
      mysql.write(t, {
        connection: MYSQL,
        tableName: 'irrelevant',
        outputTableType: 'snapshot',
        primaryKey: ['pkey'],
      }),
    ).toThrow(/primary key column "pkey" is optional .*must be non-nullable in snapshot mode/);
  });
});
