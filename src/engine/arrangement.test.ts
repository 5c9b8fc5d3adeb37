import { describe, expect, it } from 'vitest';
import { Arrangement, applyToGroup, type ArrangementGroup } from './arrangement.js';
import { Circuit } from './circuit.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue } from './key.js';
import { stepSync } from './testing-helpers.test-util.js';

type Row = [string, number];
const k1 = keyFromValue(1);
const k2 = keyFromValue(2);

function build(inlineRows = false) {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row | unknown[]>());
  const a = c.add(new Arrangement(input, (_k, r) => r[0] as string, { inlineRows }));
  return { c, input, a };
}

describe('applyToGroup', () => {
  it('adds, merges and removes updates, reporting when the group empties', () => {
    const g: ArrangementGroup<Row> = { keys: [], rows: [], diffs: [] };
    expect(applyToGroup(g, k1, ['a', 1], 1)).toBe(true);
    expect(applyToGroup(g, k1, ['a', 2], 1)).toBe(true);
    expect(applyToGroup(g, k2, ['a', 1], 1)).toBe(true);
    expect(applyToGroup(g, k1, ['a', 1], 1)).toBe(true);
    expect(g.diffs).toEqual([2, 1, 1]);
    expect(applyToGroup(g, k1, ['a', 1], -2)).toBe(true);
    expect(applyToGroup(g, k2, ['a', 1], -1)).toBe(true);
    expect(applyToGroup(g, k1, ['a', 2], -1)).toBe(false);
    expect(g.keys).toEqual([]);
  });
});

describe('Arrangement', () => {
  it('hands every input update to inspect as it arrives, before consolidation', () => {
    const c = new Circuit();
    const input = c.add(new InputOperator<Row>());
    const seen: [string, Row, number][] = [];
    const a = c.add(new Arrangement(input, (_k, r) => r[0], { inspect: (k, r, d) => seen.push([k, r, d]) }));
    input.push(k1, ['x', 1], 1);
    input.push(k1, ['x', 1], -1);
    input.push(k2, ['y', 2], 1);
    stepSync(c, 1);
    expect(seen).toEqual([
      [k1, ['x', 1], 1],
      [k1, ['x', 1], -1],
      [k2, ['y', 2], 1],
    ]);
    expect(a.groupOf('x')).toBeUndefined();
    stepSync(c, 2);
    expect(seen).toHaveLength(3);
  });
  it('indexes the integrated input by index key and drops emptied groups', () => {
    const { c, input, a } = build();
    input.push(k1, ['x', 1], 1);
    input.push(k2, ['x', 2], 1);
    input.push(k2, ['y', 3], 1);
    stepSync(c, 1);
    expect([...a.index.keys()].sort()).toEqual(['x', 'y']);
    expect(a.groupOf('x')!.rows).toEqual([
      ['x', 1],
      ['x', 2],
    ]);
    input.push(k2, ['y', 3], -1);
    input.push(k2, ['x', 2], -1);
    input.push(k2, ['x', 5], 1);
    stepSync(c, 2);
    expect([...a.index.keys()]).toEqual(['x']);
    expect(a.groupOf('x')!.rows).toEqual([
      ['x', 1],
      ['x', 5],
    ]);
  });

  it('passes its input delta through as its output', () => {
    const { c, input, a } = build();
    input.push(k1, ['x', 1], 1);
    stepSync(c, 1);
    expect(a.output.rows).toEqual([['x', 1]]);
  });

  it('restores a snapshot without sharing state with it, so a snapshot can be restored twice', () => {
    const { c, input, a } = build();
    input.push(k1, ['x', 1], 1);
    stepSync(c, 1);
    const snap = a.snapshot();
    const b = build();
    b.a.restore(snap);
    b.input.push(k1, ['x', 1], -1);
    b.input.push(k2, ['x', 2], 1);
    stepSync(b.c, 2);
    const d = build();
    d.a.restore(snap);
    expect(d.a.groupOf('x')!.rows).toEqual([['x', 1]]);
  });

  it('resets to empty', () => {
    const { c, input, a } = build();
    input.push(k1, ['x', 1], 1);
    stepSync(c, 1);
    c.reset();
    expect(a.index.size).toBe(0);
    expect(c.time).toBe(-Infinity);
  });

  it('keeps rows inline with the width of the first row, handing readers equal fresh arrays', () => {
    const { c, input, a } = build(true);
    const row: Row = ['x', 1];
    input.push(k1, row, 1);
    input.push(k2, ['x', 2], 1);
    stepSync(c, 1);
    expect(a.cells).toBe(2);
    expect(a.index.get('x')).toEqual([k1, 1, 'x', 1, k2, 1, 'x', 2]);
    const stored = a.groupOf('x')!.rows;
    expect(stored).toEqual([row, ['x', 2]]);
    expect(stored[0]).not.toBe(row);
  });

  it('turns back to row slots when a row of another width arrives, keeping every row', () => {
    const { c, input, a } = build(true);
    input.push(k1, ['x', 1], 1);
    stepSync(c, 1);
    input.push(k2, ['x', 2, 'extra'], 1);
    stepSync(c, 2);
    expect(a.cells).toBe(-1);
    expect(a.groupOf('x')!.rows).toEqual([
      ['x', 1],
      ['x', 2, 'extra'],
    ]);
    input.push(k1, ['x', 1], -1);
    stepSync(c, 3);
    expect(a.groupOf('x')!.rows).toEqual([['x', 2, 'extra']]);
  });

  it('restores an inline snapshot into an inline arrangement, in the same layout', () => {
    const { c, input, a } = build(true);
    input.push(k1, ['x', 1], 1);
    input.push(k2, ['y', 2], 1);
    stepSync(c, 1);
    const b = build(true);
    b.a.restore(a.snapshot());
    expect(b.a.cells).toBe(2);
    b.input.push(k1, ['x', 1], -1);
    b.input.push(k1, ['x', 3], 1);
    stepSync(b.c, 2);
    expect(b.a.groupOf('x')!.rows).toEqual([['x', 3]]);
    expect(b.a.groupOf('y')!.rows).toEqual([['y', 2]]);
  });
});
