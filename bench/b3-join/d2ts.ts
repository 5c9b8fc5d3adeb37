// B3 join on ElectricSQL's d2ts: two versioned inputs keyed by k with [id, value] rows, `innerJoin`,
// and an `output` into the sink; each epoch is a version, closed by advancing both input frontiers.
import { D2, MessageType, MultiSet, innerJoin, output, type Message } from '@electric-sql/d2ts';
import type { JoinData } from '../data/join-tables.js';
import { runJoin, type JoinEngine, type JoinSide, type JoinSink } from './workload.js';

/** A row as d2ts sees it: [joinKey, [id, value]]. */
type Keyed = [number, [number, number]];
type Joined = [number, [[number, number], [number, number]]];

/** A d2ts graph: left ⋈ right on k → output(sink). */
class D2tsJoin implements JoinEngine {
  private readonly graph = new D2({ initialFrontier: 0 });
  private readonly left = this.graph.newInput<Keyed>();
  private readonly right = this.graph.newInput<Keyed>();

  constructor(sink: JoinSink) {
    this.left.pipe(
      innerJoin<number, [number, number], [number, number], Keyed>(this.right),
      output((message: Message<Joined>) => {
        if (message.type !== MessageType.DATA) return;
        for (const [[, [l, r]], diff] of message.data.collection.getInner())
          sink.emit(l[0], r[0], l[1], r[1], diff);
      }),
    );
    this.graph.finalize();
  }

  load(data: JoinData): void {
    this.left.sendData(0, new MultiSet(rows(data.left.key, data.left.value)));
    this.right.sendData(0, new MultiSet(rows(data.right.key, data.right.value)));
    this.advance(1);
  }

  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number, epoch: number): void {
    const input = side === 0 ? this.left : this.right;
    input.sendData(
      epoch,
      new MultiSet<Keyed>([
        [[key, [id, oldValue]], -1],
        [[key, [id, newValue]], 1],
      ]),
    );
    this.advance(epoch + 1);
  }

  /** Closes every version below `frontier` on both inputs and runs the graph to quiescence. */
  private advance(frontier: number): void {
    this.left.sendFrontier(frontier);
    this.right.sendFrontier(frontier);
    this.graph.run();
  }
}

function rows(key: Int32Array, value: Int32Array): Array<[Keyed, number]> {
  const out: Array<[Keyed, number]> = [];
  for (let id = 0; id < key.length; id++) out.push([[key[id]!, [id, value[id]!]], 1]);
  return out;
}

runJoin('d2ts', (sink) => new D2tsJoin(sink));
