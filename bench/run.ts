// The benchmark runner (`npm run bench`): bundles each implementation's child program with esbuild (dependencies
// included, as a deployed program runs), spawns one plain-node child process per implementation and repetition,
// interleaved, collects their JSON lines, checks checksums agree, prints median tables and writes
// bench/results/latest.json. Flags: --only b1|b3, --reps N, --scale X, --impls a,b, --seed N,
// --mode bundle|tsx (tsx: run the TypeScript sources under the tsx loader instead, as before 2026-12-05).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fmt,
  medianMetrics,
  ratio,
  renderTable,
  type Column,
  type ImplSummary,
  type RunResult,
} from './harness/report.js';
import { BENCH_DIR, bundleChildren, bundledChild } from './harness/bundle.js';
import { BENCHES, KNOWN_IMPLS, type BenchId } from './harness/benches.js';

const ROOT = path.dirname(BENCH_DIR);

/** The implementations of `bench` that this run asked for, in the benchmark's order. */
function implsFor(bench: BenchId, options: Options): string[] {
  return BENCHES[bench].impls.filter((impl) => options.impls.includes(impl));
}

interface Options {
  only: BenchId[];
  reps: number;
  scale: number;
  seed: number;
  impls: string[];
  timeoutS: number;
  /** bundle: each child bundled and run by plain node; tsx: the sources run under the tsx loader. */
  mode: 'bundle' | 'tsx';
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    only: ['b1', 'b3'],
    reps: 5,
    scale: 1,
    seed: 42,
    impls: [...KNOWN_IMPLS],
    timeoutS: 900,
    mode: 'bundle',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`bench: ${flag} needs a value, e.g. '${flag} 1'.`);
    const num = Number(value);
    switch (flag) {
      case '--only':
        options.only = value.split(',').map((b) => {
          if (!(b in BENCHES)) throw new Error(`bench: --only takes b1 or b3 (comma-separated), got '${b}'.`);
          return b as BenchId;
        });
        break;
      case '--impls':
        options.impls = value.split(',');
        for (const impl of options.impls) {
          if (!KNOWN_IMPLS.includes(impl)) {
            throw new Error(
              `bench: unknown implementation '${impl}' in --impls; known: ${KNOWN_IMPLS.join(', ')}.`,
            );
          }
        }
        break;
      case '--mode':
        if (value !== 'bundle' && value !== 'tsx')
          throw new Error(`bench: --mode takes bundle or tsx, got '${value}'.`);
        options.mode = value;
        break;
      case '--reps':
      case '--scale':
      case '--seed':
      case '--timeout':
        if (!(num > 0)) throw new Error(`bench: ${flag} needs a positive number, got '${value}'.`);
        if (flag === '--reps') options.reps = Math.round(num);
        else if (flag === '--scale') options.scale = num;
        else if (flag === '--seed') options.seed = num;
        else options.timeoutS = num;
        break;
      default:
        throw new Error(
          `bench: unknown flag '${flag}'; use --only, --reps, --scale, --impls, --seed, --timeout, --mode.`,
        );
    }
  }
  return options;
}

/** Bundles the children of this run (see harness/bundle.ts). */
function bundleThisRun(options: Options): void {
  bundleChildren(
    options.only.flatMap((bench) =>
      ['floor', ...implsFor(bench, options)].map((impl) =>
        path.join(BENCH_DIR, BENCHES[bench].dir, `${impl}.ts`),
      ),
    ),
  );
}

/** Runs one implementation in a fresh process and parses its JSON line. */
function runChild(bench: BenchId, impl: string, options: Options): RunResult {
  const loader =
    options.mode === 'tsx'
      ? ['--import', 'tsx', path.join(BENCH_DIR, BENCHES[bench].dir, `${impl}.ts`)]
      : [bundledChild(BENCHES[bench].dir, impl)];
  const args = ['--expose-gc', ...loader, '--scale', String(options.scale), '--seed', String(options.seed)];
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: options.timeoutS * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout
    ?.split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (child.status !== 0 || line === undefined) {
    const why = child.error?.message ?? (child.stderr || '').trim().split('\n').slice(-3).join(' | ');
    return { failed: `exit ${child.status ?? child.signal}: ${why}` };
  }
  return JSON.parse(line) as RunResult;
}

function summarize(impl: string, runs: RunResult[]): ImplSummary {
  const pending = runs.find((r) => typeof r.skipped === 'string');
  if (pending !== undefined)
    return { impl, status: 'pending', note: String(pending.skipped), runs, median: {} };
  const failed = runs.find((r) => typeof r.failed === 'string');
  if (failed !== undefined) return { impl, status: 'failed', note: String(failed.failed), runs, median: {} };
  return { impl, status: 'ok', runs, median: medianMetrics(runs) };
}

/** Implementations whose checksum differs from handwritten's (or whose reps disagree). */
function checksumMismatches(summaries: readonly ImplSummary[]): string[] {
  const ok = summaries.filter((s) => s.status === 'ok');
  const reference = ok[0]?.runs[0]?.checksum;
  return ok.filter((s) => s.runs.some((r) => r.checksum !== reference)).map((s) => s.impl);
}

/** Old-space growth during B3's updates above which a rep counts as having its update garbage pretenured. */
const PRETENURED_MB = 8;

/** How many of an implementation's B3 reps grew old space by more than PRETENURED_MB during the updates ("2/5"). */
function pretenuredReps(s: ImplSummary): string {
  if (s.status !== 'ok') return '';
  const grew = s.runs.filter((r) => typeof r.oldGrowthMb === 'number' && r.oldGrowthMb > PRETENURED_MB);
  return `${grew.length}/${s.runs.length}`;
}

/**
 * The spread of an implementation's time against handwritten's rep by rep (each rep's pair ran one after the other):
 * "1.3-1.7×", the lowest and the highest ratio; the median ratio says less about how often a target is missed.
 */
function repRatios(s: ImplSummary, hand: ImplSummary | undefined, key: string): string {
  if (s.status !== 'ok' || hand?.status !== 'ok') return '-';
  const ratios: number[] = [];
  s.runs.forEach((r, i) => {
    const h = hand.runs[i]?.[key];
    const v = r[key];
    if (typeof v === 'number' && typeof h === 'number' && h > 0) ratios.push(v / h);
  });
  if (ratios.length === 0) return '-';
  return `${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}×`;
}

function columnsFor(
  bench: BenchId,
  summaries: readonly ImplSummary[],
  floorRss: number | undefined,
): Column[] {
  const ref = (impl: string): Record<string, number> | undefined =>
    summaries.find((s) => s.impl === impl && s.status === 'ok')?.median;
  const hand = ref('handwritten');
  const handSummary = summaries.find((s) => s.impl === 'handwritten');
  const ivm = ref('db-ivm');
  const handIds = ref('handwritten-ids');
  const timeKey = bench === 'b1' ? 'timeMs' : 'updatesMs';
  const above = (m: Record<string, number> | undefined): number | undefined =>
    m?.peakRssMb === undefined || floorRss === undefined ? undefined : Math.max(0, m.peakRssMb - floorRss);
  const metric = (header: string, key: string): Column => ({ header, cell: (s) => fmt(s.median[key]) });
  const head: Column[] =
    bench === 'b1'
      ? [metric('time ms', 'timeMs'), metric('words/s', 'wordsPerSec')]
      : [
          metric('load ms', 'loadMs'),
          metric('updates ms', 'updatesMs'),
          metric('updates/s', 'updatesPerSec'),
          metric('p50 µs', 'p50Us'),
          metric('p99 µs', 'p99Us'),
          // The first fifth of the updates (the JIT warming the update path up) and the rest (the steady state).
          metric('first 20% ms', 'first20PctMs'),
          metric('rest µs/upd', 'restUsPerUpdate'),
          { header: 'rest ×hand', cell: (s) => ratio(s.median.restUsPerUpdate, hand?.restUsPerUpdate) },
          // Reps whose update garbage went to old space (see bench/README.md, "Pretenured update garbage").
          { header: 'old-gen reps', cell: (s) => pretenuredReps(s) },
        ];
  return [
    { header: 'impl', cell: (s) => s.impl },
    ...head,
    { header: 'time ×hand', cell: (s) => ratio(s.median[timeKey], hand?.[timeKey]) },
    { header: 'reps ×hand', cell: (s) => repRatios(s, handSummary, timeKey) },
    { header: 'time ×ivm', cell: (s) => ratio(s.median[timeKey], ivm?.[timeKey]) },
    ...(bench === 'b3'
      ? [{ header: 'time ×hand-ids', cell: (s: ImplSummary) => ratio(s.median[timeKey], handIds?.[timeKey]) }]
      : []),
    metric('peak RSS MB', 'peakRssMb'),
    { header: 'RSS>floor MB', cell: (s) => fmt(above(s.median)) },
    { header: '>floor ×hand', cell: (s) => ratio(above(s.median), above(hand)) },
    metric('heap MB', 'heapUsedMb'),
  ];
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const results: Record<string, unknown> = {};
  let mismatch = false;
  if (options.mode === 'bundle') bundleThisRun(options);
  for (const bench of options.only) {
    const runs = new Map<string, RunResult[]>([
      ['floor', []],
      ...implsFor(bench, options).map((i): [string, RunResult[]] => [i, []]),
    ]);
    for (let rep = 0; rep < options.reps; rep++) {
      for (const impl of runs.keys()) {
        process.stderr.write(`${bench} rep ${rep + 1}/${options.reps} ${impl} ... `);
        const result = runChild(bench, impl, options);
        runs.get(impl)!.push(result);
        process.stderr.write(`${result.skipped !== undefined ? 'pending' : (result.failed ?? 'done')}\n`);
      }
    }
    const floor = summarize('floor', runs.get('floor')!);
    const summaries = implsFor(bench, options).map((impl) => summarize(impl, runs.get(impl)!));
    const bad = checksumMismatches(summaries);
    mismatch ||= bad.length > 0;
    const floorRss = floor.median.peakRssMb;
    console.log(
      `\n${BENCHES[bench].title} (scale ${options.scale}, ${options.reps} reps, medians; data floor peak RSS ${fmt(floorRss)} MB)`,
    );
    console.log(renderTable(columnsFor(bench, summaries, floorRss), summaries));
    console.log(
      bad.length === 0 ? 'checksums: all implementations agree' : `CHECKSUM MISMATCH: ${bad.join(', ')}`,
    );
    for (const s of summaries) if (s.status === 'failed') console.log(`${s.impl} failed: ${s.note}`);
    results[bench] = { floor, implementations: summaries, checksumMismatches: bad };
  }
  const out = path.join(BENCH_DIR, 'results', 'latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
  writeFileSync(
    out,
    JSON.stringify({ date: new Date().toISOString(), machine, options, results }, null, 2) + '\n',
  );
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
  if (mismatch) process.exitCode = 1;
}

main();
