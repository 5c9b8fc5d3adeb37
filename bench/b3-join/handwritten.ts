// B3 handwritten delta join: per side a Map from join key to the ids of its rows plus a value
// column; an update applies Δ(L ⋈ R) = ΔL ⋈ R (one side changes per epoch). It is the limit.
import type { JoinData } from '../data/join-tables.js';
import { SideIndex } from './side-index.js';
import { runJoin, type JoinEngine, type JoinSide, type JoinSink } from './workload.js';

/**
 * Algorithm: ΔL ⋈ R for a left update (mirrored for the right); a retraction emits −1 against the
 * other side's rows under the key, an insertion +1. State: two SideIndex. Invariant: each index
 * holds exactly the current rows of its table.
 */
class HandwrittenJoin implements JoinEngine {
  private left = new SideIndex(0);
  private right = new SideIndex(0);

  constructor(private readonly sink: JoinSink) {}

  load(data: JoinData): void {
    this.left = new SideIndex(data.left.key.length);
    this.right = new SideIndex(data.right.key.length);
    for (let id = 0; id < data.left.key.length; id++)
      this.left.insert(id, data.left.key[id]!, data.left.value[id]!);
    for (let id = 0; id < data.right.key.length; id++)
      this.right.insert(id, data.right.key[id]!, data.right.value[id]!);
    const { sink } = this;
    const a = this.left.value;
    const b = this.right.value;
    for (const [key, leftIds] of this.left.byKey) {
      const rightIds = this.right.byKey.get(key);
      if (rightIds === undefined) continue;
      for (const l of leftIds) for (const r of rightIds) sink.emit(l, r, a[l]!, b[r]!, 1);
    }
  }

  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number): void {
    const own = side === 0 ? this.left : this.right;
    const other = side === 0 ? this.right : this.left;
    own.remove(id, key);
    this.emitAgainst(side, id, key, oldValue, other, -1);
    own.insert(id, key, newValue);
    this.emitAgainst(side, id, key, newValue, other, 1);
  }

  private emitAgainst(
    side: JoinSide,
    id: number,
    key: number,
    value: number,
    other: SideIndex,
    diff: number,
  ): void {
    const ids = other.byKey.get(key);
    if (ids === undefined) return;
    const { sink } = this;
    for (const o of ids) {
      if (side === 0) sink.emit(id, o, value, other.value[o]!, diff);
      else sink.emit(o, id, other.value[o]!, value, diff);
    }
  }
}

runJoin('handwritten', (sink) => new HandwrittenJoin(sink));
