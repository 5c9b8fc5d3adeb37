// B1 word count on Causeway through the Table API: an input table of words, groupBy(word).reduce(count),
// and a subscription whose raw-rows callback feeds the sink. One runtime step per epoch.
import * as cw from '../../src/index.js';
import { runWordCount, type WordCountEngine, type WordCountSink } from './workload.js';

/** The program: words → counts per word → sink. */
class CausewayWordCount implements WordCountEngine {
  private readonly input = cw.inputTable(cw.schema({ word: cw.STR }));
  private readonly runtime: cw.Runtime;

  constructor(sink: WordCountSink) {
    const counts = this.input.table
      .groupBy('word')
      .reduce({ word: cw.this.word, count: cw.reducers.count() });
    cw.subscribe(counts, {
      // Rows and diffs only: the sink reads no ids, so the counts' ids are never made (see the README).
      onRawRows(rows, diffs) {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          sink.emit(row[0] as string, row[1] as number, diffs[i]!);
        }
      },
    });
    this.runtime = cw.build();
  }

  step(words: readonly string[], from: number, to: number, epoch: number): void {
    const rows: unknown[][] = new Array<unknown[]>(to - from);
    for (let i = from; i < to; i++) rows[i - from] = [words[i]];
    // Fresh ids, not returned: nothing reads them, so they are never made (see the README).
    this.input.appendRawRows(rows);
    const r = this.runtime.step(epoch);
    if (r !== undefined) throw new Error('the word-count program should step synchronously');
  }
}

runWordCount('causeway', (sink) => new CausewayWordCount(sink));
