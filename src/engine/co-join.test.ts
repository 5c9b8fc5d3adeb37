// Unit tests of CoJoinOperator's kept cells (`keepCells`): what the index stores, what emit is handed, restoring
// snapshots of whole rows, and rows that lack a kept cell. The join's results are checked by co-join.property.test.ts.

import { describe, expect, it } from 'vitest';
import { Circuit, EngineError } from './circuit.js';
import { sideOf, type CoGroup, type Side, type SideLayout } from './co-group.js';
import { CoJoinOperator } from './co-join.js';
import { InputOperator } from './input-operator.js';
import { combineKeys, keyFromValue, type Key } from './key.js';
import { canonicalCollection, integrate, stepSync } from './testing-helpers.test-util.js';

type Row = unknown[]; // [id, join key, value, extra]

/** A join on cell 1 building [left value, right value]; with `keep`, each side keeps only cells 0 and 2. */
function build(keep: boolean) {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const seen: Row[] = [];
  const j = c.add(
    new CoJoinOperator<Row, Row, Row>(
      l,
      r,
      (_k, row) => row[1] as number,
      (_k, row) => row[1] as number,
      (lk, lr, rk, rr, d, o) => {
        seen.push([...lr], [...rr]);
        o.push(combineKeys(lk, rk), [lr[2], rr[2]], d);
      },
      {
        keyed: true,
        pairKeys: true,
        inlineRows: true,
        transientRows: true,
        ...(keep
          ? {
              keepCells: [
                [0, 2],
                [0, 2],
              ] as const,
            }
          : {}),
      },
    ),
  );
  return { c, l, r, j, seen, out: integrate(c, j) };
}

/** Side `s`'s rows in co-group `g` of join `j`, read in the join's layout. */
function rowsOf(j: CoJoinOperator<Row, Row, Row>, g: CoGroup, s: Side): Row[] {
  return sideOf<Row>(g, s, (j as unknown as { layouts: [SideLayout, SideLayout] }).layouts[s]).rows;
}

const lk = (id: number): Key => keyFromValue(['L', id]);
const rk = (id: number): Key => keyFromValue(['R', id]);

describe('CoJoinOperator keepCells', () => {
  it('stores only the kept cells and hands emit rows holding them at their own indices', () => {
    const { c, l, r, j, seen, out } = build(true);
    l.push(lk(1), [1, 7, 'a', 'x'], 1);
    r.push(rk(1), [1, 7, 'b', 'y'], 1);
    stepSync(c, 1);
    const g = j.index.get(7)!;
    expect(rowsOf(j, g, 0)).toEqual([[1, 'a']]);
    expect(rowsOf(j, g, 1)).toEqual([[1, 'b']]);
    // The right side is applied first, then the left delta's (whole) row meets the stored right row, read back with
    // only its kept cells (a placeholder, 0, in the others).
    expect(seen).toEqual([
      [1, 7, 'a', 'x'],
      [1, 0, 'b'],
    ]);
    expect(out.toBatch().rows).toEqual([['a', 'b']]);
  });

  it('hands emit stored rows as packed arrays of one width, before and after any row was read', () => {
    const { c, l, r, j } = build(true);
    const scratch = (j as unknown as { pairs: { scratch: unknown[][] } }).pairs.scratch;
    // Shaped when the layouts are set, before any pair: no hole at the unkept cell 1, so rows read later keep the
    // shape the first ones had (see padRow in join-pairs.ts).
    for (const row of scratch) expect(Object.keys(row)).toEqual(['0', '1', '2']);
    l.push(lk(1), [1, 7, 'a', 'x'], 1);
    r.push(rk(1), [1, 7, 'b', 'y'], 1);
    stepSync(c, 1);
    r.push(rk(2), [2, 7, 'c', 'z'], 1);
    stepSync(c, 2);
    for (const row of scratch) expect(Object.keys(row)).toEqual(['0', '1', '2']);
  });

  it('emits nothing when an update changes only cells that are not kept', () => {
    const { c, l, r, j, out } = build(true);
    l.push(lk(1), [1, 7, 'a', 'x'], 1);
    r.push(rk(1), [1, 7, 'b', 'y'], 1);
    stepSync(c, 1);
    const before = canonicalCollection(out);
    l.push(lk(1), [1, 7, 'a', 'x'], -1);
    l.push(lk(1), [1, 7, 'a', 'z'], 1);
    stepSync(c, 2);
    expect(j.output.keys).toHaveLength(0);
    expect(canonicalCollection(out)).toEqual(before);
    expect(rowsOf(j, j.index.get(7)!, 0)).toEqual([[1, 'a']]);
  });

  it('restores a snapshot of whole rows (from a join keeping every cell) as kept cells', () => {
    const whole = build(false);
    whole.l.push(lk(1), [1, 7, 'a', 'x'], 1);
    whole.r.push(rk(1), [1, 7, 'b', 'y'], 1);
    stepSync(whole.c, 1);
    const kept = build(true);
    kept.c.restore(structuredClone(whole.c.snapshot()));
    expect(rowsOf(kept.j, kept.j.index.get(7)!, 0)).toEqual([[1, 'a']]);
    // The restored left row is found by its whole row's kept cells: retracted, it pairs no more.
    kept.l.push(lk(1), [1, 7, 'a', 'x'], -1);
    kept.r.push(rk(2), [2, 7, 'c', 'y'], 1);
    stepSync(kept.c, 2);
    expect(kept.j.index.get(7)).toBeDefined();
    expect(rowsOf(kept.j, kept.j.index.get(7)!, 0)).toEqual([]);
    // The restored circuit's output starts from nothing: what this step changed, the pair with the retracted row gone.
    const net = kept.out.toBatch();
    expect(net.rows).toEqual([['a', 'b']]);
    expect(net.diffs).toEqual([-1]);
  });

  it('stores a keyed side with diffs once a row comes twice, and goes on joining right', () => {
    const { c, l, r, j, out } = build(true);
    l.push(lk(1), [1, 7, 'a', 'x'], 1);
    r.push(rk(1), [1, 7, 'b', 'y'], 1);
    stepSync(c, 1);
    const layouts = () => (j as unknown as { layouts: [SideLayout, SideLayout] }).layouts;
    expect(layouts()[0].at).toBe(1);
    // A broken promise: the same left row again (multiplicity 2).
    l.push(lk(1), [1, 7, 'a', 'x'], 1);
    stepSync(c, 2);
    expect(layouts()[0].at).toBe(2);
    expect(layouts()[1].at).toBe(1);
    expect(sideOf(j.index.get(7)!, 0, layouts()[0]).diffs).toEqual([2]);
    expect(out.toBatch().rows).toEqual([['a', 'b']]);
    expect(out.toBatch().diffs).toEqual([2]);
  });

  it('refuses a row without the cells it keeps, naming the side', () => {
    const short = build(true);
    short.r.push(rk(1), [1, 7], 1);
    expect(() => stepSync(short.c, 1)).toThrow(EngineError);
    const notRow = build(true);
    notRow.l.push(lk(1), 'not a row' as unknown as Row, 1);
    expect(() => stepSync(notRow.c, 1)).toThrow(/left row is not an array, but the join keeps cell 2/);
  });
});
