// B1 streaming word count: the data parameters, the contract an engine implements, and the driver
// that feeds epochs, times them, verifies nothing can be skipped (checksum) and reports one JSON line.
import { generateWordStream } from '../data/zipf.js';
import { EpochChecksum } from '../harness/checksum.js';
import { emitResult, measureMemory, parseChildArgs, round1 } from '../harness/child.js';

/** B1 sizes at scale 1: 1M words, Zipf(1.0) over 100k words, epochs of 1,000 words. */
export const B1_FULL = { words: 1_000_000, vocabulary: 100_000, exponent: 1.0, epochSize: 1_000 };

/** B1 parameters for a scale factor (words and vocabulary scale; the epoch size does not). */
export function b1Params(scale: number): typeof B1_FULL {
  return {
    ...B1_FULL,
    words: Math.max(B1_FULL.epochSize, Math.round(B1_FULL.words * scale)),
    vocabulary: Math.max(100, Math.round(B1_FULL.vocabulary * scale)),
  };
}

/** Receives the word-count output: `diff` copies of the row (word, count). */
export class WordCountSink {
  /** The checksum of everything emitted. */
  readonly checksum = new EpochChecksum();

  /** Consumes one output diff; touches the word and the count so no engine can skip producing them. */
  emit(word: string, count: number, diff: number): void {
    this.checksum.add(word.length * count, diff);
  }
}

/** One word-count engine; it calls `sink.emit` for every output diff of an epoch before `step` returns. */
export interface WordCountEngine {
  /** Ingests `words[from..to)` as epoch `epoch` and runs the dataflow until that epoch's output is emitted. */
  step(words: readonly string[], from: number, to: number, epoch: number): void;
}

/** Builds an engine writing to `sink`. */
export type WordCountFactory = (sink: WordCountSink) => WordCountEngine;

/** Runs B1 for one engine in this process and prints its JSON result line. */
export function runWordCount(impl: string, factory: WordCountFactory): void {
  const { scale, seed } = parseChildArgs();
  const params = b1Params(scale);
  const words = generateWordStream({ ...params, seed });
  const sink = new WordCountSink();
  const engine = factory(sink);
  let epochs = 0;
  const start = performance.now();
  for (let from = 0; from < words.length; from += params.epochSize) {
    engine.step(words, from, Math.min(words.length, from + params.epochSize), epochs);
    sink.checksum.endEpoch();
    epochs++;
  }
  const timeMs = performance.now() - start;
  const memory = measureMemory();
  emitResult({
    bench: 'b1',
    impl,
    words: words.length,
    vocabulary: params.vocabulary,
    epochs,
    timeMs: round1(timeMs),
    wordsPerSec: Math.round(words.length / (timeMs / 1000)),
    outputDiffs: sink.checksum.diffs,
    checksum: sink.checksum.value,
    ...memory,
    // Keeps the engine reachable until memory was measured, so its state counts.
    alive: engine !== undefined,
  });
}

/** Runs the B1 "data floor": generates the words and reports memory, with no engine. */
export function runWordCountFloor(): void {
  const { scale, seed } = parseChildArgs();
  const words = generateWordStream({ ...b1Params(scale), seed });
  const memory = measureMemory();
  emitResult({ bench: 'b1', impl: 'floor', words: words.length, ...memory });
}
