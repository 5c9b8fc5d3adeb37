// B1 word count on ElectricSQL's d2ts: one versioned input of (word, 1) pairs, `count`, and an
// `output` into the sink; each epoch is a version, closed by advancing the input frontier.
import { D2, MessageType, MultiSet, count, output, type Message } from '@electric-sql/d2ts';
import { runWordCount, type WordCountEngine, type WordCountSink } from './workload.js';

/** A d2ts graph: input → count → output(sink). */
class D2tsWordCount implements WordCountEngine {
  private readonly graph = new D2({ initialFrontier: 0 });
  private readonly input = this.graph.newInput<[string, number]>();

  constructor(sink: WordCountSink) {
    this.input.pipe(
      count<string, number, [string, number]>(),
      output((message: Message<[string, number]>) => {
        if (message.type !== MessageType.DATA) return;
        for (const [[word, n], diff] of message.data.collection.getInner()) sink.emit(word, n, diff);
      }),
    );
    this.graph.finalize();
  }

  step(words: readonly string[], from: number, to: number, epoch: number): void {
    const records: Array<[[string, number], number]> = [];
    for (let i = from; i < to; i++) records.push([[words[i]!, 1], 1]);
    this.input.sendData(epoch, new MultiSet(records));
    this.input.sendFrontier(epoch + 1);
    this.graph.run();
  }
}

runWordCount('d2ts', (sink) => new D2tsWordCount(sink));
