// B1 handwritten word count: a plain Map of counts; per epoch it retracts each touched word's old
// count and inserts its new one. It is the limit the engines are measured against.
import { runWordCount, type WordCountEngine, type WordCountSink } from './workload.js';

/** Counts in one Map; `before` holds each word touched this epoch with its count at the epoch start. */
class HandwrittenWordCount implements WordCountEngine {
  private readonly counts = new Map<string, number>();
  private readonly before = new Map<string, number>();

  constructor(private readonly sink: WordCountSink) {}

  step(words: readonly string[], from: number, to: number): void {
    const { counts, before, sink } = this;
    for (let i = from; i < to; i++) {
      const word = words[i]!;
      const count = counts.get(word) ?? 0;
      if (!before.has(word)) before.set(word, count);
      counts.set(word, count + 1);
    }
    for (const [word, old] of before) {
      if (old > 0) sink.emit(word, old, -1);
      sink.emit(word, counts.get(word)!, 1);
    }
    before.clear();
  }
}

runWordCount('handwritten', (sink) => new HandwrittenWordCount(sink));
