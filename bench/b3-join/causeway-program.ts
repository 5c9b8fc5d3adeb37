// B3 incremental join on Causeway through the Table API: two input tables keyed by id, loaded from the data's columns
// (`pushColumns`), joined on k, with the joined (leftId, rightId, a, b) rows fed to the sink by a subscription
// (accepting an epoch in parts). One runtime step per epoch. Run by causeway.ts (the sink reads rows only, so the
// join's pair ids are never made) and causeway-ids.ts (the subscription takes the ids too, so they are made).
import * as cw from '../../src/index.js';
import type { JoinData } from '../data/join-tables.js';
import type { JoinEngine, JoinSide, JoinSink } from './workload.js';

const Left = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, a: cw.INT });
const Right = cw.schema({ rid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, b: cw.INT });

/** The program: left ⋈ right on k → sink; with `ids`, the subscription takes each row's id as well. */
export class CausewayJoin implements JoinEngine {
  private readonly left = cw.inputTable(Left);
  private readonly right = cw.inputTable(Right);
  private readonly runtime: cw.Runtime;
  private keys: [cw.Key[], cw.Key[]] = [[], []];

  constructor(sink: JoinSink, ids: boolean) {
    const l = this.left.table;
    const r = this.right.table;
    const joined = l
      .join(r, l.c.k.eq(r.c.k))
      .select({ lid: cw.left.lid, rid: cw.right.rid, a: cw.left.a, b: cw.right.b });
    const emit = (rows: readonly (readonly unknown[])[], diffs: readonly number[]): void => {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        sink.emit(row[0] as number, row[1] as number, row[2] as number, row[3] as number, diffs[i]!);
      }
    };
    cw.subscribe(
      joined,
      // The load epoch may arrive in parts (the engine then runs it in passes and never holds its whole output).
      ids
        ? { partialBatches: true, onRawBatch: (_keys, rows, diffs) => emit(rows, diffs) }
        : { partialBatches: true, onRawRows: emit },
    );
    this.runtime = cw.build();
  }

  load(data: JoinData): void {
    const sides = [data.left, data.right] as const;
    sides.forEach((side, s) => {
      const input = s === 0 ? this.left : this.right;
      const n = side.key.length;
      const keys: cw.Key[] = new Array<cw.Key>(n);
      const ids = new Int32Array(n);
      for (let id = 0; id < n; id++) {
        keys[id] = cw.keyFromValues([id]);
        ids[id] = id;
      }
      // The table's columns as they are: rows are made a part of the load at a time, never all at once.
      input.pushColumns(keys, [ids, side.key, side.value]);
      this.keys[s] = keys;
    });
    this.stepSync(0);
  }

  update(side: JoinSide, id: number, key: number, oldValue: number, newValue: number, epoch: number): void {
    const input = side === 0 ? this.left : this.right;
    const k = this.keys[side][id]!;
    // Rows from cw.rawRow, not literals: V8 never pretenures them (see rawRow).
    input.pushRaw(k, cw.rawRow(id, key, oldValue), -1);
    input.pushRaw(k, cw.rawRow(id, key, newValue), 1);
    this.stepSync(epoch);
  }

  private stepSync(epoch: number): void {
    if (this.runtime.step(epoch) !== undefined) throw new Error('the join program should step synchronously');
  }
}
