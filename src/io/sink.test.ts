import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromRows } from '../testing/index.js';
import { writeSink, type EpochChanges } from './sink.js';

afterEach(() => cw.clearGraph());

const L = cw.schema({ lid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });
const R = cw.schema({ rid: cw.column(cw.INT, { primaryKey: true }), k: cw.INT });

/** A static load of 3,000 rows per side (more than `Circuit.partRows`) joined on k, written to a recording sink. */
async function runJoin(acceptsParts: boolean | undefined): Promise<{ writes: number[]; flushes: number[] }> {
  const l = tableFromRows(
    L,
    Array.from({ length: 3000 }, (_, i) => ({ lid: i, k: i % 1000 })),
  );
  const r = tableFromRows(
    R,
    Array.from({ length: 3000 }, (_, i) => ({ rid: i, k: i % 1000 })),
  );
  const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, rid: cw.right.rid });
  const writes: number[] = [];
  const flushes: number[] = [];
  const seen = new Set<string>();
  writeSink(joined, {
    name: 'recording',
    acceptsParts,
    write: (c: EpochChanges) => {
      writes.push(c.keys.length);
      for (let i = 0; i < c.rows.length; i++) {
        expect(c.diffs[i]).toBe(1);
        seen.add(String(c.rows[i]));
      }
    },
    flush: (time) => void flushes.push(time),
  });
  await cw.run();
  // 1,000 keys with 3 rows on each side: 9 pairs per key, each written once.
  expect(seen.size).toBe(9000);
  expect(writes.reduce((a, n) => a + n, 0)).toBe(9000);
  return { writes, flushes };
}

describe('writeSink', () => {
  it('hands a sink that accepts parts a large load in several writes, then flushes the epoch once', async () => {
    const { writes, flushes } = await runJoin(true);
    expect(writes.length).toBeGreaterThan(1);
    expect(flushes).toHaveLength(1);
  });

  it('hands any other sink the whole epoch in one write', async () => {
    const { writes, flushes } = await runJoin(undefined);
    expect(writes).toEqual([9000]);
    expect(flushes).toHaveLength(1);
  });
});

describe('writeSink ids', () => {
  it('hands a writer that reads ids the ids a subscriber gets, made on demand', async () => {
    const program = () => {
      const l = tableFromRows(L, [{ row: { lid: 1, k: 7 } }, { row: { lid: 2, k: 7 }, time: 2 }]);
      const r = tableFromRows(R, [{ row: { rid: 3, k: 7 } }]);
      return l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, rid: cw.right.rid });
    };
    // The writer alone reads the join: its ids are left unmade until it reads them.
    const written: string[] = [];
    writeSink(program(), {
      name: 'ids',
      write: (c) => void c.keys.forEach((k, i) => written.push(`${cw.keyToString(k)} ${String(c.rows[i])}`)),
    });
    await cw.run();
    cw.clearGraph();
    const subscribed: string[] = [];
    cw.subscribe(program(), {
      onChange: (k, row) => void subscribed.push(`${cw.keyToString(k)} ${row.lid},${row.rid}`),
    });
    await cw.run();
    expect(written).toHaveLength(2);
    expect(written).toEqual(subscribed);
  });

  it('gives a writer of rows only the same rows when no reader makes the ids', async () => {
    const l = tableFromRows(L, [{ row: { lid: 1, k: 7 } }, { row: { lid: 2, k: 7 }, time: 2 }]);
    const r = tableFromRows(R, [{ row: { rid: 3, k: 7 } }]);
    const joined = l.join(r, l.c.k.eq(r.c.k)).select({ lid: cw.left.lid, rid: cw.right.rid });
    const rows: string[] = [];
    writeSink(joined, { name: 'rows', write: (c) => void c.rows.forEach((row) => rows.push(String(row))) });
    await cw.run();
    expect(rows.sort()).toEqual(['1,3', '2,3']);
  });
});
