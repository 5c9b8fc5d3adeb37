// B7 ingest: parsing a 2M-row CSV file and a 2M-row JSON-lines file into a table (static mode, rows counted with a
// raw-batch subscription), against the limit: a plain `readline` loop with `split` (CSV) or `JSON.parse` (JSON
// lines) that builds the same typed rows and counts them.
//
//   npx tsx bench/ingest.ts [--rows 2000000] [--reps 3] [--seed 7] [--dir /tmp]
//
// Prints, per format and implementation, the median wall time, rows/s and CPU time of the reps, and the ratios to
// the limit. CPU time (user + system of this process) is steadier than wall time on a loaded machine.

import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import * as cw from '../src/index.js';
import { FsSource } from '../src/io/fs/fs-source.js';
import { pathSpec } from '../src/io/fs/glob.js';
import { read } from '../src/io/fs/index.js';
import { RecordParser } from '../src/io/record-parser.js';
import type { SourceContext } from '../src/io/source.js';
import { Rng } from './data/rng.js';

function arg(name: string, fallback: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : String(fallback);
}

const ROWS = Number(arg('rows', 2_000_000));
const REPS = Number(arg('reps', 3));
const SEED = Number(arg('seed', 7));
const DIR = arg('dir', tmpdir());

const CITIES = ['Paris', 'Berlin', 'Warsaw', 'Lisbon', 'Madrid', 'Rome', 'Oslo', 'Vienna'];
const Row = cw.schema({ id: cw.INT, name: cw.STR, score: cw.FLOAT, active: cw.BOOL, city: cw.STR });

/** Writes the two files (same rows) in 1 MiB pieces. */
async function generate(dir: string): Promise<{ csv: string; jsonl: string }> {
  const rng = new Rng(SEED);
  const csv = path.join(dir, 'rows.csv');
  const jsonl = path.join(dir, 'rows.jsonl');
  const c: string[] = ['id,name,score,active,city\n'];
  const j: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const name = `user${rng.nextU32() % 100_000}`;
    const score = Math.round((rng.nextU32() / 4294967296) * 1e6) / 100;
    const active = (rng.nextU32() & 1) === 1;
    const city = CITIES[rng.nextU32() % CITIES.length]!;
    c.push(`${i},${name},${score},${active},${city}\n`);
    j.push(`{"id":${i},"name":"${name}","score":${score},"active":${active},"city":"${city}"}\n`);
  }
  await writeFile(csv, c.join(''));
  await writeFile(jsonl, j.join(''));
  return { csv, jsonl };
}

/** The limit for CSV: readline, split, typed values. */
async function limitCsv(file: string): Promise<number> {
  let n = 0;
  let header = true;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    if (header) {
      header = false;
      continue;
    }
    const f = line.split(',');
    const row = [Number(f[0]), f[1], Number(f[2]), f[3] === 'true', f[4]];
    if (row.length === 5) n++;
  }
  return n;
}

/** The limit for JSON lines: readline, JSON.parse, typed values. */
async function limitJsonl(file: string): Promise<number> {
  let n = 0;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    const o = JSON.parse(line) as Record<string, unknown>;
    const row = [o.id, o.name, o.score, o.active, o.city];
    if (row.length === 5) n++;
  }
  return n;
}

/** Causeway: fs.read in static mode, rows counted from the raw batches; `maxBatchRows` splits the epochs. */
async function causeway(file: string, format: 'csv' | 'jsonlines', maxBatchRows?: number): Promise<number> {
  cw.clearGraph();
  let n = 0;
  cw.subscribe(read(file, { format, schema: Row, mode: 'static', maxBatchRows }), {
    onRawBatch(_keys, _rows, diffs) {
      for (let i = 0; i < diffs.length; i++) n += diffs[i]!;
    },
  });
  await cw.run();
  return n;
}

/** Wall time and CPU time (user + system, this process) of one run. */
/** The connector's own share: the same reader and parser, rows handed to a context that only counts them. */
async function sourceOnly(file: string, format: 'csv' | 'jsonlines'): Promise<number> {
  let n = 0;
  const ctx: Partial<SourceContext> = {
    mode: 'static',
    signal: new AbortController().signal,
    insertParsed: () => void n++,
    beginUnit: () => undefined,
    endUnit: () => undefined,
    abortUnit: () => undefined,
    backpressure: () => undefined,
    error: (position, reason) => console.error(position, reason),
  };
  const source = new FsSource(
    {
      spec: pathSpec(file),
      format,
      parser: new RecordParser(Row),
      pk: [],
      csv: {},
      withMetadata: false,
      refreshIntervalMs: 1000,
      watch: false,
      maxUnitRows: 1_000_000,
      chunkBytes: 1 << 20,
    },
    'bench',
  );
  await source.run(ctx as SourceContext);
  return n;
}

async function timed(f: () => Promise<number>): Promise<{ ms: number; cpuMs: number; rows: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const rows = await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, rows };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(DIR, 'cw-b7-'));
  try {
    const files = await generate(dir);
    const sizes = { csv: (await stat(files.csv)).size, jsonl: (await stat(files.jsonl)).size };
    console.log(
      `B7 ingest: ${ROWS.toLocaleString('en')} rows; csv ${(sizes.csv / 2 ** 20).toFixed(0)} MiB, ` +
        `jsonl ${(sizes.jsonl / 2 ** 20).toFixed(0)} MiB; ${REPS} reps, node ${process.version}`,
    );
    const impls: [string, string, () => Promise<number>][] = [
      ['csv', 'limit (readline+split)', () => limitCsv(files.csv)],
      ['csv', 'causeway fs.read', () => causeway(files.csv, 'csv')],
      ['csv', 'causeway, 4k-row epochs', () => causeway(files.csv, 'csv', 4096)],
      ['csv', 'fs source alone (no engine)', () => sourceOnly(files.csv, 'csv')],
      ['jsonlines', 'limit (readline+JSON.parse)', () => limitJsonl(files.jsonl)],
      ['jsonlines', 'causeway fs.read', () => causeway(files.jsonl, 'jsonlines')],
      ['jsonlines', 'causeway, 4k-row epochs', () => causeway(files.jsonl, 'jsonlines', 4096)],
      ['jsonlines', 'fs source alone (no engine)', () => sourceOnly(files.jsonl, 'jsonlines')],
    ];
    const times = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    // Interleaved repetitions: load drift on the machine spreads over every implementation.
    for (let rep = 0; rep < REPS; rep++) {
      for (const [format, name, f] of impls) {
        const { ms, cpuMs, rows } = await timed(f);
        if (rows !== ROWS) throw new Error(`${format} ${name}: counted ${rows} rows, expected ${ROWS}`);
        const k = `${format}|${name}`;
        times.set(k, [...(times.get(k) ?? []), ms]);
        cpu.set(k, [...(cpu.get(k) ?? []), cpuMs]);
      }
    }
    console.log(
      '| format    | implementation              | wall ms | rows/s     | × limit | CPU ms | CPU × limit |',
    );
    console.log(
      '| --------- | --------------------------- | ------- | ---------- | ------- | ------ | ----------- |',
    );
    for (const format of ['csv', 'jsonlines']) {
      const entries = impls
        .filter(([f]) => f === format)
        .map(([, name]) => {
          const k = `${format}|${name}`;
          return { name, ms: median(times.get(k)!), cpuMs: median(cpu.get(k)!) };
        });
      const limit = entries[0]!;
      for (const { name, ms, cpuMs } of entries) {
        const rate = Math.round((ROWS / ms) * 1000).toLocaleString('en');
        console.log(
          `| ${format.padEnd(9)} | ${name.padEnd(27)} | ${ms.toFixed(0).padStart(7)} | ${rate.padStart(10)} | ` +
            `${(ms / limit.ms).toFixed(2).padStart(7)} | ${cpuMs.toFixed(0).padStart(6)} | ` +
            `${(cpuMs / limit.cpuMs).toFixed(2).padStart(11)} |`,
        );
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
