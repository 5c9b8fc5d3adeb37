// The shared connector contract for the file-system connector: CSV and JSON-lines sources, CSV and JSON-lines writers.

import { readFile } from 'node:fs/promises';
import * as csv from '../csv/index.js';
import * as jsonlines from '../jsonlines/index.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
  type SourceFixture,
} from '../testing/connector-contract.test-util.js';
import { parseCsv, TempFiles } from './fs-test-files.test-util.js';

type Format = 'csv' | 'jsonlines';

function serialize(format: Format, rows: readonly ContractRow[]): string {
  if (format === 'jsonlines') return rows.map((r) => JSON.stringify(r) + '\n').join('');
  return 'key,word,n\n' + rows.map((r) => `${r.key},${r.word},${r.n}\n`).join('');
}

/** A directory of files: each insert is a new file; updates and deletes rewrite the file holding the key. */
async function directoryFixture(format: Format): Promise<SourceFixture> {
  const files = await TempFiles.create();
  const contents = new Map<string, ContractRow[]>();
  const fileOf = new Map<string, string>();
  let n = 0;
  const ext = format === 'csv' ? 'csv' : 'jsonl';
  const rewrite = (file: string) => files.put(file, serialize(format, contents.get(file)!));
  return {
    async insert(rows) {
      const file = `part-${n++}.${ext}`;
      contents.set(file, [...rows]);
      for (const r of rows) fileOf.set(r.key, file);
      await rewrite(file);
    },
    async update(rows) {
      for (const r of rows) {
        const file = fileOf.get(r.key)!;
        contents.set(
          file,
          contents.get(file)!.map((x) => (x.key === r.key ? r : x)),
        );
        await rewrite(file);
      }
    },
    async delete(keys) {
      for (const k of keys) {
        const file = fileOf.get(k)!;
        contents.set(
          file,
          contents.get(file)!.filter((x) => x.key !== k),
        );
        await rewrite(file);
      }
    },
    async insertMalformed() {
      const bad = format === 'csv' ? 'key,word,n\nz,zeta,not-a-number\n' : '{"key": "z", "word": \n';
      await files.put(`part-${n++}.${ext}`, bad);
    },
    read(mode) {
      const options = { schema: CONTRACT_SCHEMA, mode, refreshIntervalMs: 50, autocommitDurationMs: 5 };
      const t = format === 'csv' ? csv.read(files.data(), options) : jsonlines.read(files.data(), options);
      return t;
    },
    cleanup: () => files.cleanup(),
  };
}

for (const format of ['csv', 'jsonlines'] as const) {
  sourceContract({
    name: `fs.${format}`,
    capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'replay' },
    setup: () => directoryFixture(format),
  });

  sinkContract({
    name: `${format}.write`,
    mode: 'changeStream',
    async setup() {
      const files = await TempFiles.create();
      const out = files.data('out', `result.${format}`);
      return {
        write(table) {
          if (format === 'csv') csv.write(table, out);
          else jsonlines.write(table, out);
        },
        async readBack() {
          const text = await readFile(out, 'utf8');
          if (format === 'csv') return parseCsv(text);
          return text
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
        },
        cleanup: () => files.cleanup(),
      };
    },
  });
}
