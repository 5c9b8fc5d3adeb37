// B3's update path in deterministic figures (`npm run bench:instructions`): wall time on a shared 2-core machine moves
// by ±20% from run to run, so a change worth 5% cannot be seen in it. For each implementation this counts, under
// `node --single-threaded` (the JIT compiles on the main thread, so its work is counted too) and valgrind's cachegrind,
// the machine instructions of a run with all updates minus one with none, per update; and it sums the size of the
// optimized code TurboFan made during the updates (`--print-opt-code`; a proxy for the compile work that competes
// with the updates for the CPU while the JIT warms up). Same data and seed as `npm run bench`. Needs valgrind.
// Flags: --impls a,b (default handwritten,causeway), --seed N, --scale X.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, bundleChildren, bundledChild } from './harness/bundle.js';
import { b3Params } from './b3-join/workload.js';
import { BENCHES } from './harness/benches.js';

const DIR = BENCHES.b3.dir;
const KNOWN: readonly string[] = BENCHES.b3.impls;

interface Options {
  impls: string[];
  seed: number;
  scale: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { impls: ['handwritten', 'causeway'], seed: 42, scale: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ''];
    if (flag === '--impls') {
      options.impls = value.split(',');
      const bad = options.impls.find((impl) => !KNOWN.includes(impl));
      if (bad !== undefined)
        throw new Error(`bench:instructions: unknown implementation '${bad}'; known: ${KNOWN.join(', ')}.`);
    } else if (flag === '--seed' || flag === '--scale') {
      const n = Number(value);
      if (!(n > 0)) throw new Error(`bench:instructions: ${flag} needs a positive number, got '${value}'.`);
      options[flag === '--seed' ? 'seed' : 'scale'] = n;
    } else {
      throw new Error(`bench:instructions: unknown flag '${String(flag)}'; use --impls, --seed, --scale.`);
    }
  }
  return options;
}

/** The child's arguments for a run of the first `updates` updates. */
function childArgs(impl: string, options: Options, updates: number, extra: string[] = []): string[] {
  const file = bundledChild(DIR, impl);
  return [
    '--expose-gc',
    '--single-threaded',
    ...extra,
    file,
    '--scale',
    String(options.scale),
    '--seed',
    String(options.seed),
    '--updates',
    String(updates),
  ];
}

/** Instructions executed by a child run under cachegrind (resolves with cachegrind's "I refs" total). */
function countInstructions(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'valgrind',
      ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) =>
      reject(
        new Error(`bench:instructions: cannot run valgrind (${e.message}); install it (Debian: valgrind).`),
      ),
    );
    child.on('close', (code) => {
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || m === null)
        reject(new Error(`bench:instructions: valgrind run failed (status ${code}):\n${err.slice(-2000)}`));
      else resolve(Number(m[1]!.replace(/,/g, '')));
    });
  });
}

/** Optimized code a child run made (`--print-opt-code`): bytes and functions compiled, by function name. */
function compiledCode(
  impl: string,
  options: Options,
  updates: number,
): Map<string, { bytes: number; count: number }> {
  const r = spawnSync(process.execPath, childArgs(impl, options, updates, ['--print-opt-code']), {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench:instructions: ${impl} failed:\n${r.stderr.slice(-2000)}`);
  const byName = new Map<string, { bytes: number; count: number }>();
  let name = '';
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('name = ')) name = line.slice(7).trim() || '(anonymous)';
    const m = /^Instructions \(size = (\d+)\)/.exec(line);
    if (m === null) continue;
    const seen = byName.get(name) ?? { bytes: 0, count: 0 };
    seen.bytes += Number(m[1]);
    seen.count++;
    byName.set(name, seen);
  }
  return byName;
}

/**
 * Optimized code made during the updates: what a run of all updates compiled minus what a run of none did, by
 * function name (V8's listing and the child's own output are separate streams, so no line of the child can mark where
 * the updates start in it). Returns the bytes, the functions and the largest.
 */
function optimizedCode(
  impl: string,
  options: Options,
  updates: number,
): { bytes: number; functions: number; top: string } {
  const none = compiledCode(impl, options, 0);
  const all = compiledCode(impl, options, updates);
  let bytes = 0;
  let functions = 0;
  const grown: [string, number][] = [];
  for (const [name, made] of all) {
    const before = none.get(name) ?? { bytes: 0, count: 0 };
    bytes += made.bytes - before.bytes;
    functions += made.count - before.count;
    if (made.bytes > before.bytes) grown.push([name, made.bytes - before.bytes]);
  }
  for (const [name, before] of none) {
    if (all.has(name)) continue;
    bytes -= before.bytes;
    functions -= before.count;
  }
  const top = grown
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([n, b]) => `${n} ${(b / 1024).toFixed(1)}`)
    .join(', ');
  return { bytes, functions, top };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const updates = b3Params(options.scale).updates;
  bundleChildren(options.impls.map((impl) => path.join(BENCH_DIR, DIR, `${impl}.ts`)));
  const rows: string[][] = [];
  let reference: number | undefined;
  for (const impl of options.impls) {
    process.stderr.write(`${impl} ... `);
    // The run with no update and the one with all of them, side by side (2 cores).
    const [none, all] = await Promise.all([
      countInstructions(childArgs(impl, options, 0)),
      countInstructions(childArgs(impl, options, updates)),
    ]);
    const perUpdate = (all - none) / updates;
    reference ??= perUpdate;
    const code = optimizedCode(impl, options, updates);
    process.stderr.write('done\n');
    rows.push([
      impl,
      Math.round(perUpdate).toLocaleString('en-US'),
      `${(perUpdate / reference).toFixed(2)}×`,
      (code.bytes / 1024).toFixed(1),
      String(code.functions),
      code.top,
    ]);
  }
  const head = [
    'impl',
    'instructions / update',
    `×${options.impls[0]!}`,
    'opt code KB',
    'functions',
    'largest (KB)',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const what = `${updates.toLocaleString('en-US')} updates (scale ${options.scale}, seed ${options.seed})`;
  console.log(`\nB3 update path, ${what}, node --single-threaded`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
