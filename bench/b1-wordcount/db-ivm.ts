// B1 word count on TanStack DB's db-ivm: one input of (word, 1) pairs, a `reduce` that sums the
// multiplicities per word, and an `output` into the sink; the graph runs once per epoch.
import { D2, MultiSet, output, reduce } from '@tanstack/db-ivm';
import { runWordCount, type WordCountEngine, type WordCountSink } from './workload.js';

/** Sums multiplicities: the count of a word (db-ivm 0.2 has no `count` operator outside groupBy). */
function countValues(values: Array<[number, number]>): Array<[number, number]> {
  let count = 0;
  for (const [, multiplicity] of values) count += multiplicity;
  return count === 0 ? [] : [[count, 1]];
}

/** A db-ivm graph: input → reduce(count) → output(sink). */
class DbIvmWordCount implements WordCountEngine {
  private readonly graph = new D2();
  private readonly input = this.graph.newInput<[string, number]>();

  constructor(sink: WordCountSink) {
    this.input.pipe(
      reduce<string, number, number, [string, number]>(countValues),
      output((batch: MultiSet<[string, number]>) => {
        for (const [[word, count], diff] of batch.getInner()) sink.emit(word, count, diff);
      }),
    );
    this.graph.finalize();
  }

  step(words: readonly string[], from: number, to: number): void {
    const records: Array<[[string, number], number]> = [];
    for (let i = from; i < to; i++) records.push([[words[i]!, 1], 1]);
    this.input.sendData(new MultiSet(records));
    this.graph.run();
  }
}

runWordCount('db-ivm', (sink) => new DbIvmWordCount(sink));
