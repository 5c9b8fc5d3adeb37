// Heap over a long run on a fixed key set (`npm run bench:heap`): word count over a 10k-word vocabulary for
// 3,000 epochs of 1,000 words. State is bounded by the vocabulary, so after warm-up the heap (measured after a
// forced GC every 250 epochs) must stay flat; the script prints the samples and the growth after warm-up.
// Run with: node --expose-gc --import tsx bench/heap-flat.ts [--epochs N]
import * as cw from '../src/index.js';
import { generateWordStream } from './data/zipf.js';

const epochsArg = process.argv.indexOf('--epochs');
const epochs = epochsArg > 0 ? Number(process.argv[epochsArg + 1]) : 3000;
const epochSize = 1000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const vocabulary = generateWordStream({ words: 200_000, vocabulary: 10_000, exponent: 1, seed: 7 });
const input = cw.inputTable(cw.schema({ word: cw.STR }));
const counts = input.table.groupBy('word').reduce({ word: cw.this.word, count: cw.reducers.count() });
let sink = 0;
cw.subscribe(counts, {
  onRawBatch(_k, rows, diffs) {
    for (let i = 0; i < rows.length; i++) sink += (rows[i]![1] as number) * diffs[i]!;
  },
});
const runtime = cw.build();
const samples: { epoch: number; heapMb: number }[] = [];
for (let e = 0; e < epochs; e++) {
  const base = (e * epochSize) % (vocabulary.length - epochSize);
  for (let i = 0; i < epochSize; i++) input.appendRaw([vocabulary[base + i]]);
  void runtime.step(e);
  if ((e + 1) % 250 === 0) {
    gc();
    samples.push({ epoch: e + 1, heapMb: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10 });
  }
}
const warm = samples.find((s) => s.epoch >= 500) ?? samples[0]!;
const last = samples[samples.length - 1]!;
console.log(samples.map((s) => `epoch ${s.epoch}: heap ${s.heapMb} MB`).join('\n'));
console.log(
  `growth after warm-up (epoch ${warm.epoch} → ${last.epoch}): ${(last.heapMb - warm.heapMb).toFixed(1)} MB ` +
    `(${(((last.heapMb - warm.heapMb) / warm.heapMb) * 100).toFixed(1)}%); checksum ${sink}`,
);
