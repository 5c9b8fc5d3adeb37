// B2 end-to-end word count (issue 3): JSON lines appended to a file (by another process) → `cw.io.jsonlines.read`
// in streaming mode → count per word → change stream written with `cw.io.jsonlines.write`.
// Reports the maximum throughput (a pre-written file read in streaming mode) and, at fixed input rates, the latency
// from a line appended to the epoch holding its updated count written and flushed (p50 / p95 / max).
// Usage: npx tsx bench/b2-e2e/run.ts [--rates 100000,250000,500000] [--seconds 5] [--lines 2000000]
// Each phase (throughput, then each rate) runs in a child process of its own (`--phase throughput|<rate>`).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cw from '../../src/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const rates = flag('rates', '100000,250000,500000').split(',').map(Number);
const seconds = Number(flag('seconds', '5'));
const throughputLines = Number(flag('lines', '2000000'));
const generator = fileURLToPath(new URL('./generator.ts', import.meta.url));
const Word = cw.schema({ word: cw.STR, t: cw.FLOAT });

interface Result {
  lines: number;
  wallMs: number;
  latencies: Float64Array;
  epochs: number;
}

/** Builds the pipeline over `dir`, runs it until `expected()` lines went through, returns the measurements. */
async function measure(dir: string, out: string, expected: () => number | undefined): Promise<Result> {
  cw.clearGraph();
  const words = cw.io.jsonlines.read(dir, { schema: Word, refreshIntervalMs: 2, autocommitDurationMs: 2 });
  const counts = words.groupBy('word').reduce({ word: cw.this.word, n: cw.reducers.count() });
  cw.io.jsonlines.write(counts, out);
  let seen = 0;
  let epochs = 0;
  let pending: number[] = [];
  const latencies: number[] = [];
  let start = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  // Registered after the writer: its onTimeEnd runs once the epoch's changes are written and flushed.
  cw.subscribe(words, {
    onRawBatch(_keys, rows, diffs) {
      for (let i = 0; i < rows.length; i++) if (diffs[i]! > 0) pending.push(rows[i]![1] as number);
    },
    onTimeEnd() {
      epochs++;
      if (pending.length === 0) return;
      const now = performance.timeOrigin + performance.now();
      for (const t of pending) latencies.push(now - t);
      seen += pending.length;
      pending = [];
      const want = expected();
      if (want !== undefined && seen >= want) resolveDone();
    },
  });
  const rt = cw.build();
  start = performance.now();
  const running = rt.run();
  await done;
  const wallMs = performance.now() - start;
  await rt.stop();
  await running;
  return { lines: seen, wallMs, latencies: Float64Array.from(latencies).sort(), epochs };
}

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function throughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-b2-'));
  try {
    let text = '';
    const parts: string[] = [];
    for (let i = 0; i < throughputLines; i++) {
      text += `{"word":"w${(i * 7919) % 10_000}","t":0}\n`;
      if (text.length > 1 << 20) {
        parts.push(text);
        text = '';
      }
    }
    parts.push(text);
    writeFileSync(join(dir, 'words.jsonl'), parts.join(''));
    const r = await measure(dir, join(tmpdir(), `cw-b2-out-${process.pid}.jsonl`), () => throughputLines);
    console.log(
      `throughput: ${r.lines.toLocaleString('en-US')} words in ${r.wallMs.toFixed(0)} ms = ` +
        `${Math.round(r.lines / (r.wallMs / 1000)).toLocaleString('en-US')} words/s (${r.epochs} epochs)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function atRate(rate: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-b2-'));
  const out = join(tmpdir(), `cw-b2-out-${process.pid}.jsonl`);
  try {
    let total: number | undefined;
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      generator,
      join(dir, 'words.jsonl'),
      String(rate),
      String(seconds),
      '7',
    ]);
    child.stdout.on('data', (d: Buffer) => (total = Number(d.toString().trim())));
    const r = await measure(dir, out, () => total);
    const l = r.latencies;
    console.log(
      `rate ${rate.toLocaleString('en-US').padStart(9)} words/s: ${r.lines.toLocaleString('en-US')} words, ` +
        `sustained ${Math.round(r.lines / (r.wallMs / 1000)).toLocaleString('en-US')} words/s, latency p50 ` +
        `${pct(l, 50).toFixed(1)} ms, p95 ${pct(l, 95).toFixed(1)} ms, max ${pct(l, 100).toFixed(1)} ms (${r.epochs} epochs)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Each phase runs in its own process (as the other benches do): garbage a phase leaves in the heap (the throughput
// phase holds 2M rows at once) must not slow the next one's collections.
const phase = flag('phase', '');
if (phase === 'throughput') await throughput();
else if (phase !== '') await atRate(Number(phase));
else {
  console.log(
    `B2 end-to-end word count (JSON lines file → count per word → JSON lines change stream), ${seconds} s per rate`,
  );
  for (const p of ['throughput', ...rates.map(String)]) {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...args, '--phase', p],
      {
        stdio: 'inherit',
      },
    );
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`phase ${p} exited with ${code}`);
  }
}
