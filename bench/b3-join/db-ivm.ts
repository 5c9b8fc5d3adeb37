// B3 join on TanStack DB's db-ivm: two inputs keyed by k with [id, value] rows (the [primaryKey,
// row] shape db-ivm's index is tuned for), an inner `join`, and an `output` into the sink.
import { D2, MultiSet, join, output } from '@tanstack/db-ivm';
import type { JoinData } from '../data/join-tables.js';
import { runJoin, type JoinEngine, type JoinSide, type JoinSink } from './workload.js';

/** A row as db-ivm sees it: [joinKey, [id, value]]. */
type Keyed = [number, [number, number]];
type Joined = [number, [[number, number] | null, [number, number] | null]];

/** A db-ivm graph: left ⋈ right on k → output(sink). */
class DbIvmJoin implements JoinEngine {
  private readonly graph = new D2();
  private readonly left = this.graph.newInput<Keyed>();
  private readonly right = this.graph.newInput<Keyed>();

  constructor(sink: JoinSink) {
    this.left.pipe(
      join<number, [number, number], [number, number], Keyed>(this.right, 'inner'),
      output((batch: MultiSet<Joined>) => {
        for (const [[, [l, r]], diff] of batch.getInner()) sink.emit(l![0], r![0], l![1], r![1], diff);
      }),
    );
    this.graph.finalize();
  }

  load(data: JoinData): void {
    this.left.sendData(new MultiSet(rows(data.left.key, data.left.value)));
    this.right.sendData(new MultiSet(rows(data.right.key, data.right.value)));
    this.graph.run();
  }

  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number): void {
    const input = side === 0 ? this.left : this.right;
    input.sendData(
      new MultiSet<Keyed>([
        [[key, [id, oldValue]], -1],
        [[key, [id, newValue]], 1],
      ]),
    );
    this.graph.run();
  }
}

function rows(key: Int32Array, value: Int32Array): Array<[Keyed, number]> {
  const out: Array<[Keyed, number]> = [];
  for (let id = 0; id < key.length; id++) out.push([[key[id]!, [id, value[id]!]], 1]);
  return out;
}

runJoin('db-ivm', (sink) => new DbIvmJoin(sink));
