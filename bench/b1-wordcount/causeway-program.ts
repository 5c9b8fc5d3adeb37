// B1 word count on Causeway through the Table API: an input table of words, groupBy(word).reduce(count),
// and a subscription feeding the sink. One runtime step per epoch. Run by causeway.ts (rows appended without their
// ids returned, a subscription of rows only: no row id is ever made) and causeway-ids.ts (each append returns its id,
// the subscription takes the counts' ids: every id is made).
import * as cw from '../../src/index.js';
import type { WordCountEngine, WordCountSink } from './workload.js';

/** The program: words → counts per word → sink; with `ids`, every id is made (see the header). */
export class CausewayWordCount implements WordCountEngine {
  private readonly input = cw.inputTable(cw.schema({ word: cw.STR }));
  private readonly runtime: cw.Runtime;

  constructor(
    sink: WordCountSink,
    private readonly ids: boolean,
  ) {
    const counts = this.input.table
      .groupBy('word')
      .reduce({ word: cw.this.word, count: cw.reducers.count() });
    const emit = (rows: readonly (readonly unknown[])[], diffs: readonly number[]): void => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        sink.emit(row[0] as string, row[1] as number, diffs[i]!);
      }
    };
    cw.subscribe(
      counts,
      ids ? { onRawBatch: (_keys, rows, diffs) => emit(rows, diffs) } : { onRawRows: emit },
    );
    this.runtime = cw.build();
  }

  step(words: readonly string[], from: number, to: number, epoch: number): void {
    const input = this.input;
    if (this.ids) {
      for (let i = from; i < to; i++) input.appendRaw([words[i]]);
    } else {
      const rows: unknown[][] = new Array<unknown[]>(to - from);
      for (let i = from; i < to; i++) rows[i - from] = [words[i]];
      input.appendRawRows(rows);
    }
    const r = this.runtime.step(epoch);
    if (r !== undefined) throw new Error('the word-count program should step synchronously');
  }
}
