import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';

afterEach(() => cw.clearGraph());

const Left = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT, name: cw.STR });
const Right = cw.schema({ k: cw.column(cw.INT, { primaryKey: true }), w: cw.FLOAT });

/** left ⋈ right on k, with every delivered part's size and the integrated output as sorted strings. */
function joinProgram(partRows: number) {
  const left = cw.inputTable(Left);
  const right = cw.inputTable(Right);
  const l = left.table;
  const r = right.table;
  const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, name: cw.left.name, w: cw.right.w });
  const parts: number[] = [];
  const rows = new Map<string, number>();
  cw.subscribe(joined, {
    partialBatches: true,
    onRawBatch(_keys, batchRows, diffs) {
      parts.push(batchRows.length);
      batchRows.forEach((row, i) => {
        const s = JSON.stringify(row);
        const n = (rows.get(s) ?? 0) + diffs[i]!;
        if (n === 0) rows.delete(s);
        else rows.set(s, n);
      });
    },
  });
  const runtime = cw.build({ partRows });
  const state = () => [...rows.entries()].map(([s, n]) => `${s}×${n}`).sort();
  return { left, right, runtime, parts, state };
}

describe('InputTable.pushColumns', () => {
  it('loads columns (typed or plain) as the rows pushRaw would stage, in parts, then updates by rows', () => {
    const n = 50;
    const ids = Int32Array.from({ length: n }, (_, i) => i);
    const ks = Int32Array.from(ids, (i) => i % 7);
    const names = Array.from(ids, (i) => `n${i}`);
    const idKeys = Array.from(ids, (i) => cw.keyFromValues([i]));
    const byColumns = joinProgram(8);
    cw.clearGraph(); // the second program is built on its own
    const byRows = joinProgram(0);
    byColumns.right.pushColumns(
      Array.from({ length: 7 }, (_, k) => cw.keyFromValues([k])),
      [Array.from({ length: 7 }, (_, k) => k), Float64Array.from({ length: 7 }, (_, k) => k / 2)],
    );
    for (let k = 0; k < 7; k++) byRows.right.pushRaw(cw.keyFromValues([k]), [k, k / 2], 1);
    expect(byColumns.runtime.step(1)).toBeUndefined();
    expect(byRows.runtime.step(1)).toBeUndefined();
    byColumns.left.pushColumns(idKeys, [ids, ks, names]);
    for (let i = 0; i < n; i++) byRows.left.pushRaw(idKeys[i]!, [i, i % 7, `n${i}`], 1);
    expect(byColumns.runtime.step(2)).toBeUndefined();
    expect(byRows.runtime.step(2)).toBeUndefined();
    expect(byColumns.state()).toHaveLength(n);
    expect(byColumns.state()).toEqual(byRows.state());
    // 50 staged rows in passes of at most 8 input rows, each joined as it comes: 7 parts.
    expect(byColumns.parts).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect(byRows.parts).toEqual([50]);
    // Deletions as columns (one diff per row) run as one batch, and leave the rows pushed by pushRaw's equal.
    byColumns.left.pushColumns(
      idKeys.slice(0, 3),
      [ids.slice(0, 3), ks.slice(0, 3), names.slice(0, 3)],
      [-1, -1, -1],
    );
    for (let i = 0; i < 3; i++) byRows.left.pushRaw(idKeys[i]!, [i, i % 7, `n${i}`], -1);
    expect(byColumns.runtime.step(3)).toBeUndefined();
    expect(byRows.runtime.step(3)).toBeUndefined();
    expect(byColumns.state()).toEqual(byRows.state());
    expect(byColumns.state()).toHaveLength(n - 3);
  });

  it('rejects columns that do not match the schema or the keys, staging nothing', () => {
    const left = cw.inputTable(Left);
    cw.subscribe(left.table, { onRawBatch: () => undefined });
    cw.build();
    const keys = [cw.keyFromValues([1])];
    expect(() => left.pushColumns(keys, [[1], [1]])).toThrow(
      /the schema has 3 columns \(lid, k, name\) but 2 were given/,
    );
    expect(() => left.pushColumns(keys, [[1], [1, 2], ['a']])).toThrow(/column 'k' has 2 values for 1 keys/);
    expect(() => left.pushColumns(keys, [[1], [1], ['a']], [1, 1])).toThrow(/2 diffs for 1 keys/);
  });
});

describe('InputTable.appendRawRows', () => {
  const W = cw.schema({ word: cw.STR });
  afterEach(() => cw.clearGraph());

  it('appends rows under fresh ids in order, made when the program reads them', () => {
    const input = cw.inputTable(W);
    const seen = new Map<string, cw.Key>();
    cw.subscribe(input.table, { onChange: (key, row) => void seen.set(row.word, key) });
    const runtime = cw.build();
    input.appendRawRows([['a'], ['b']]);
    const c = input.appendRaw(['c']);
    expect(runtime.step(1)).toBeUndefined();
    expect(seen.get('c')).toBe(c);
    expect(new Set(seen.values()).size).toBe(3);
    // The bulk rows took the counter values before c's: the next id follows c's.
    const d = input.appendRaw(['d']);
    expect(new Set([...seen.values(), d]).size).toBe(4);
  });

  it('counts per group whether the group reads the ids or not', () => {
    const counts = (byId: boolean) => {
      const input = cw.inputTable(W);
      const t = input.table;
      const rows: string[] = [];
      const onRawRows = (rs: readonly (readonly unknown[])[], diffs: readonly number[]) =>
        void rows.push(...rs.map((r, i) => `${r.join('/')}×${diffs[i]}`));
      if (byId) cw.subscribe(t.groupBy(t.id).reduce({ n: cw.reducers.count() }), { onRawRows });
      else
        cw.subscribe(t.groupBy('word').reduce({ word: cw.this.word, n: cw.reducers.count() }), { onRawRows });
      const runtime = cw.build();
      input.appendRawRows([['a'], ['b'], ['a']]);
      expect(runtime.step(1)).toBeUndefined();
      cw.clearGraph();
      return rows.sort();
    };
    expect(counts(false)).toEqual(['a/2×1', 'b/1×1']);
    expect(counts(true)).toEqual(['1×1', '1×1', '1×1']);
  });
});

describe('cw.rawRow', () => {
  it('builds the row pushRaw takes: one-row updates through a join give what literal rows give', () => {
    const viaRawRow = joinProgram(0);
    cw.clearGraph(); // the second program is built on its own
    const viaLiterals = joinProgram(0);
    for (let k = 0; k < 3; k++) {
      viaRawRow.right.pushRaw(cw.keyFromValues([k]), cw.rawRow(k, k / 2), 1);
      viaLiterals.right.pushRaw(cw.keyFromValues([k]), [k, k / 2], 1);
    }
    for (let i = 0; i < 6; i++) {
      viaRawRow.left.pushRaw(cw.keyFromValues([i]), cw.rawRow(i, i % 3, `n${i}`), 1);
      viaLiterals.left.pushRaw(cw.keyFromValues([i]), [i, i % 3, `n${i}`], 1);
    }
    let epoch = 1;
    expect(viaRawRow.runtime.step(epoch)).toBeUndefined();
    expect(viaLiterals.runtime.step(epoch)).toBeUndefined();
    // Then an update per epoch, as a stream sends them: retract the old row, insert the new one.
    for (let i = 0; i < 6; i++) {
      epoch++;
      const key = cw.keyFromValues([i]);
      viaRawRow.left.pushRaw(key, cw.rawRow(i, i % 3, `n${i}`), -1);
      viaRawRow.left.pushRaw(key, cw.rawRow(i, (i + 1) % 3, `m${i}`), 1);
      viaLiterals.left.pushRaw(key, [i, i % 3, `n${i}`], -1);
      viaLiterals.left.pushRaw(key, [i, (i + 1) % 3, `m${i}`], 1);
      expect(viaRawRow.runtime.step(epoch)).toBeUndefined();
      expect(viaLiterals.runtime.step(epoch)).toBeUndefined();
      expect(viaRawRow.state()).toEqual(viaLiterals.state());
    }
    expect(viaRawRow.state()).toEqual([
      '[0,"m0",0.5]×1',
      '[1,"m1",1]×1',
      '[2,"m2",0]×1',
      '[3,"m3",0.5]×1',
      '[4,"m4",1]×1',
      '[5,"m5",0]×1',
    ]);
  });

  it('returns a fresh array of its arguments on every call', () => {
    const a = cw.rawRow(1, 'x', null);
    const b = cw.rawRow(1, 'x', null);
    expect(a).toEqual([1, 'x', null]);
    expect(a).not.toBe(b);
    expect(cw.rawRow()).toEqual([]);
  });
});
