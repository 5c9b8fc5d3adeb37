// PostgreSQL CDC bench: rows/s from logical replication through a Causeway pipeline (count per key, written back
// to PostgreSQL in snapshot mode) against the raw pg-logical-replication client reading the same changes (the limit).
// Run: npx tsx bench/postgres.ts [--rows 200000] [--keys 1000] [--tx 1000] [--reps 2]
// Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust, database test, wal_level=logical).

import pg from 'pg';
import * as cw from '../src/index.js';
import * as postgres from '../src/io/postgres/index.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 200_000);
const KEYS = arg('keys', 1000);
const TX = arg('tx', 1000);
const REPS = arg('reps', 2);
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const suffix = `${Date.now().toString(36)}_${process.pid}`;
const SRC = `bench_pg_src_${suffix}`;
const DST = `bench_pg_dst_${suffix}`;
const PUB = `bench_pg_pub_${suffix}`;

async function sql(c: pg.Client, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  return c.query(text, params);
}

/** Creates a slot at the current WAL position, then writes the workload: ROWS inserts in transactions of TX rows. */
async function prepare(admin: pg.Client, slots: string[]): Promise<void> {
  await sql(admin, `TRUNCATE "${SRC}"`);
  for (const s of slots) await sql(admin, `SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [s]);
  for (let start = 1; start <= ROWS; start += TX) {
    const end = Math.min(ROWS, start + TX - 1);
    await sql(
      admin,
      `INSERT INTO "${SRC}" SELECT g, g % ${KEYS}, 'value ' || g FROM generate_series($1::bigint, $2::bigint) g`,
      [start, end],
    );
  }
}

async function raw(slot: string): Promise<number> {
  const { LogicalReplicationService, PgoutputPlugin } = await import('pg-logical-replication');
  const service = new LogicalReplicationService(PG, { acknowledge: { auto: true, timeoutSeconds: 10 } });
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [PUB] });
  const t0 = performance.now();
  let n = 0;
  const counts = new Map<number, number>();
  await new Promise<void>((resolve, reject) => {
    service.on('data', (_lsn: string, log: { tag: string; new?: { k: number } }) => {
      if (log.tag !== 'insert') return;
      // The same work as the pipeline's, without a pipeline: a count per key.
      const k = log.new!.k;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      if (++n === ROWS) resolve();
    });
    service.on('error', reject);
    service.subscribe(plugin, slot).catch(reject);
  });
  const ms = performance.now() - t0;
  await service.destroy();
  return ms;
}

async function causeway(slot: string): Promise<number> {
  cw.clearGraph();
  const schema = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, v: cw.STR });
  const src = postgres.read({
    connection: PG,
    tableName: SRC,
    schema,
    slotName: slot,
    publicationName: PUB,
    dropSlotOnStop: false,
  });
  const counts = src.groupBy(src.c.k).reduce({ k: cw.this.k, n: cw.reducers.count() });
  postgres.write(counts, {
    connection: PG,
    tableName: DST,
    outputTableType: 'snapshot',
    primaryKey: ['k'],
    initMode: 'createIfNotExists',
  });
  let seen = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  cw.subscribe(src, {
    onRawBatch(_keys, _rows, diffs) {
      for (const d of diffs) if (d > 0) seen++;
    },
    onTimeEnd() {
      if (seen >= ROWS) resolveDone();
    },
  });
  const t0 = performance.now();
  const rt = cw.build();
  const running = rt.run();
  await Promise.race([done, running]);
  await rt.stop();
  await running;
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const admin = new pg.Client(PG);
  await admin.connect();
  const slots: string[] = [];
  try {
    await sql(admin, `CREATE TABLE "${SRC}" (id bigint PRIMARY KEY, k int NOT NULL, v text NOT NULL)`);
    await sql(admin, `CREATE PUBLICATION "${PUB}" FOR TABLE "${SRC}"`);
    const results: { impl: string; ms: number }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const a = `bench_raw_${suffix}_${rep}`;
      const b = `bench_cw_${suffix}_${rep}`;
      slots.push(a, b);
      await prepare(admin, [a, b]);
      results.push({ impl: 'raw pg-logical-replication', ms: await raw(a) });
      await sql(admin, `SELECT pg_drop_replication_slot($1)`, [a]);
      results.push({ impl: 'causeway (count per key → postgres)', ms: await causeway(b) });
      await sql(admin, `SELECT pg_drop_replication_slot($1)`, [b]);
      const check = await sql(admin, `SELECT sum(n)::bigint AS total FROM "${DST}"`);
      if (Number(check.rows[0].total) !== ROWS)
        throw new Error(`sink total ${check.rows[0].total} != ${ROWS}`);
      await sql(admin, `DROP TABLE "${DST}"`);
    }
    console.log(
      `PostgreSQL CDC: ${ROWS} inserts in transactions of ${TX}, ${KEYS} keys, ${REPS} reps (median)`,
    );
    const impls = [...new Set(results.map((r) => r.impl))];
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)]!;
    const rawMs = median(results.filter((r) => r.impl === impls[0]).map((r) => r.ms));
    for (const impl of impls) {
      const ms = median(results.filter((r) => r.impl === impl).map((r) => r.ms));
      const rate = Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
      console.log(
        `${impl.padEnd(38)} ${ms.toFixed(0).padStart(7)} ms ${rate.padStart(12)} rows/s  ×${(ms / rawMs).toFixed(2)}`,
      );
    }
  } finally {
    for (const s of slots)
      await sql(
        admin,
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [s],
      ).catch(() => undefined);
    await sql(admin, `DROP PUBLICATION IF EXISTS "${PUB}"`).catch(() => undefined);
    await sql(admin, `DROP TABLE IF EXISTS "${SRC}", "${DST}"`).catch(() => undefined);
    await admin.end();
  }
}

await main();
