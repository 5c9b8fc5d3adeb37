// B3 handwritten delta join that also makes the output ids Causeway must make: each row's id is the hash of its
// primary key (`keyFromValues([id])`, as the Causeway child's rows have), and each output diff's id the hash of its
// two rows' ids (`combineKeys`, Pathway's join id). Otherwise the same as handwritten.ts. It is no target: it shows
// what those ids cost a hand-written join, i.e. how much of Causeway's distance to handwritten is the ids alone.
import { combineKeys, keyFromValues, type Key } from '../../src/engine/key.js';
import type { JoinData } from '../data/join-tables.js';
import { SideIndex } from './side-index.js';
import { runJoin, type JoinEngine, type JoinSide, type JoinSink } from './workload.js';

/** A side with each row's 128-bit id, as Causeway's rows have. */
class IdSideIndex extends SideIndex {
  /** Row id → its id (`keyFromValues([id])`). */
  readonly ids: Key[];

  constructor(rows: number) {
    super(rows);
    this.ids = new Array<Key>(rows);
    for (let id = 0; id < rows; id++) this.ids[id] = keyFromValues([id]);
  }
}

/**
 * Algorithm: ΔL ⋈ R for a left update (mirrored for the right), as handwritten.ts, with an id per output diff.
 * State: two IdSideIndex. Invariant: each index holds exactly the current rows of its table.
 */
class HandwrittenIdsJoin implements JoinEngine {
  private left = new IdSideIndex(0);
  private right = new IdSideIndex(0);

  constructor(private readonly sink: JoinSink) {}

  load(data: JoinData): void {
    this.left = new IdSideIndex(data.left.key.length);
    this.right = new IdSideIndex(data.right.key.length);
    for (let id = 0; id < data.left.key.length; id++)
      this.left.insert(id, data.left.key[id]!, data.left.value[id]!);
    for (let id = 0; id < data.right.key.length; id++)
      this.right.insert(id, data.right.key[id]!, data.right.value[id]!);
    const { sink, left, right } = this;
    for (const [key, leftIds] of left.byKey) {
      const rightIds = right.byKey.get(key);
      if (rightIds === undefined) continue;
      for (const l of leftIds) {
        for (const r of rightIds) {
          sink.id(combineKeys(left.ids[l]!, right.ids[r]!));
          sink.emit(l, r, left.value[l]!, right.value[r]!, 1);
        }
      }
    }
  }

  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number): void {
    const own = side === 0 ? this.left : this.right;
    const other = side === 0 ? this.right : this.left;
    own.remove(id, key);
    this.emitAgainst(side, id, key, oldValue, own, other, -1);
    own.insert(id, key, newValue);
    this.emitAgainst(side, id, key, newValue, own, other, 1);
  }

  private emitAgainst(
    side: JoinSide,
    id: number,
    key: number,
    value: number,
    own: IdSideIndex,
    other: IdSideIndex,
    diff: number,
  ): void {
    const ids = other.byKey.get(key);
    if (ids === undefined) return;
    const { sink } = this;
    const rowId = own.ids[id]!;
    for (const o of ids) {
      if (side === 0) {
        sink.id(combineKeys(rowId, other.ids[o]!));
        sink.emit(id, o, value, other.value[o]!, diff);
      } else {
        sink.id(combineKeys(other.ids[o]!, rowId));
        sink.emit(o, id, other.value[o]!, value, diff);
      }
    }
  }
}

runJoin('handwritten-ids', (sink) => new HandwrittenIdsJoin(sink));
