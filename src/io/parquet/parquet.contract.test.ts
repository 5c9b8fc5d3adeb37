// The shared connector contract for the Parquet reader (a directory of files, one file per key) and writer.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cw from '../../index.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from '../testing/connector-contract.test-util.js';
import { encodeParquet, readParquetRowGroups } from './parquet-codec.js';

const dtypes = CONTRACT_SCHEMA.columns.map((c) => c.dtype);

async function writeRows(file: string, rows: readonly ContractRow[]): Promise<void> {
  const bytes = await encodeParquet(
    ['key', 'word', 'n'],
    dtypes,
    rows.map((r) => [r.key, r.word, r.n]),
  );
  await writeFile(file, new Uint8Array(bytes));
}

sourceContract({
  name: 'parquet',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'replay' },
  async setup() {
    const dir = await mkdtemp(join(tmpdir(), 'cw-parquet-'));
    let bad = 0;
    return {
      insert: async (rows) => {
        for (const r of rows) await writeRows(join(dir, `${r.key}.parquet`), [r]);
      },
      update: async (rows) => {
        for (const r of rows) await writeRows(join(dir, `${r.key}.parquet`), [r]);
      },
      delete: async (keys) => {
        for (const k of keys) await rm(join(dir, `${k}.parquet`));
      },
      insertMalformed: async () => writeFile(join(dir, `zz-bad-${++bad}.parquet`), 'not parquet'),
      read: (mode) =>
        cw.io.parquet.read(dir, {
          schema: CONTRACT_SCHEMA,
          mode,
          refreshIntervalMs: 20,
          autocommitDurationMs: 10,
        }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

sinkContract({
  name: 'parquet',
  mode: 'changeStream',
  async setup() {
    const dir = await mkdtemp(join(tmpdir(), 'cw-parquet-out-'));
    return {
      write: (table) => cw.io.parquet.write(table, dir),
      async readBack() {
        const out: Record<string, unknown>[] = [];
        for (const f of (await readdir(dir)).sort()) {
          const b = await readFile(join(dir, f));
          await readParquetRowGroups(
            b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength),
            (rows) => {
              out.push(...rows);
            },
          );
        }
        return out;
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
});
