// Event-time windows (`npx tsx bench/windows.ts [--events N] [--repeat R]`, default 10M, best of 3): tumbling and sliding window counts over
// an out-of-order stream (bounded lateness: each event is up to `LATENESS` time units behind the stream's front),
// against a hand-written window counter (a plain Map); then the heap over a long run with a cutoff, which must stay
// flat because closed windows free their state (heapUsed printed at intervals, after a forced GC when available).
import * as cw from '../src/index.js';
import { Rng } from './data/rng.js';

const arg = process.argv.indexOf('--events');
const EVENTS = arg > 0 ? Number(process.argv[arg + 1]) : 10_000_000;
const rep = process.argv.indexOf('--repeat');
/** Each measurement is the best of REPEAT runs (the first ones warm the JIT up). */
const REPEAT = rep > 0 ? Number(process.argv[rep + 1]) : 3;
const EPOCH = 10_000;
const LATENESS = 2_000;
const DURATION = 1_000;
const HOP = 500;

/** Event times: the front advances by one per event; each event lags it by up to LATENESS. */
function times(n: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.max(0, i - rng.int(LATENESS));
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = (): number => {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
};

function handwritten(ts: Int32Array, duration: number, hop: number): { ms: number; windows: number } {
  const start = performance.now();
  const counts = new Map<number, number>();
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    for (let s = (Math.floor((t - duration) / hop) + 1) * hop; s <= t; s += hop) {
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  return { ms: performance.now() - start, windows: counts.size };
}

function engine(
  ts: Int32Array,
  window: cw.temporal.Window,
  behavior?: cw.temporal.Behavior,
  heapEvery = 0,
): { ms: number; windows: number; heap: string[] } {
  cw.clearGraph();
  const input = cw.inputTable(cw.schema({ t: cw.INT }));
  const counts = input.table
    .windowBy(input.table.c.t, { window, ...(behavior ? { behavior } : {}) })
    .reduce({ start: cw.this._windowStart, n: cw.reducers.count() });
  let live = 0;
  cw.subscribe(counts, {
    onRawBatch(_k, _rows, diffs) {
      for (let i = 0; i < diffs.length; i++) live += diffs[i]!;
    },
  });
  const runtime = cw.build();
  const heap: string[] = [];
  const start = performance.now();
  let epoch = 0;
  for (let i = 0; i < ts.length; i += EPOCH) {
    const end = Math.min(ts.length, i + EPOCH);
    for (let j = i; j < end; j++) input.appendRaw([ts[j]]);
    void runtime.step(epoch++);
    if (heapEvery > 0 && epoch % heapEvery === 0) heap.push(`${end / 1e6}M events: ${heapMb()} MB`);
  }
  return { ms: performance.now() - start, windows: live, heap };
}

const ts = times(EVENTS, 42);
const rate = (ms: number): string => `${(((EVENTS / ms) * 1000) / 1e6).toFixed(2)} M events/s`;
console.log(`${EVENTS.toLocaleString()} events, epochs of ${EPOCH}, lateness ≤ ${LATENESS}`);
for (const [name, window, hop] of [
  ['tumbling(1000)', cw.temporal.tumbling({ duration: DURATION }), DURATION],
  ['sliding(hop 500, duration 1000)', cw.temporal.sliding({ hop: HOP, duration: DURATION }), HOP],
] as const) {
  const best = <T extends { ms: number }>(run: () => T): T => {
    let b = run();
    for (let i = 1; i < REPEAT; i++) {
      const r = run();
      if (r.ms < b.ms) b = r;
    }
    return b;
  };
  const hw = best(() => handwritten(ts, DURATION, hop));
  const e = best(() => engine(ts, window));
  const c = best(() => engine(ts, window, cw.temporal.commonBehavior({ cutoff: LATENESS })));
  console.log(
    `${name}: handwritten ${hw.ms.toFixed(0)} ms (${rate(hw.ms)}, ${hw.windows} windows); ` +
      `causeway ${e.ms.toFixed(0)} ms (${rate(e.ms)}, ${(e.ms / hw.ms).toFixed(1)}× handwritten, ${e.windows} windows); ` +
      `with cutoff ${c.ms.toFixed(0)} ms (${rate(c.ms)}, ${c.windows} windows)`,
  );
  // Lateness is judged against the previous epoch's watermark, and every event here lags the stream's front by at
  // most the cutoff, so no event is late: all three must find the same windows.
  if (e.windows !== hw.windows || c.windows !== hw.windows) {
    console.log(`  MISMATCH: ${hw.windows} windows expected, ${e.windows} / ${c.windows} found`);
    process.exitCode = 1;
  }
}
// Heap with a cutoff: closed windows free their state, so the heap stays flat however long the stream runs.
const every = Math.max(1, Math.floor(EVENTS / EPOCH / 10));
const h = engine(
  ts,
  cw.temporal.sliding({ hop: HOP, duration: DURATION }),
  cw.temporal.commonBehavior({ cutoff: LATENESS }),
  every,
);
console.log(
  `heap, sliding with cutoff ${LATENESS}${gc ? '' : ' (run with node --expose-gc for exact figures)'}:`,
);
console.log(h.heap.join('\n'));
