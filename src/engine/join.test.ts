import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { EMPTY_BATCH, materializeKeys, type Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { JoinOperator } from './join.js';
import { combineKeys, keyFromValue } from './key.js';
import {
  batchTriples,
  canonical,
  canonicalCollection,
  integrate,
  record,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string];
const l1 = keyFromValue('l1');
const l2 = keyFromValue('l2');
const r1 = keyFromValue('r1');

function build() {
  const c = new Circuit();
  const l = c.add(new InputOperator<Row>('left'));
  const r = c.add(new InputOperator<Row>('right'));
  const la = c.add(new Arrangement(l, (_k, row) => row[0]));
  const ra = c.add(new Arrangement(r, (_k, row) => row[0]));
  const j = c.add(
    new JoinOperator<Row, Row, [string, string]>(la, ra, (lk, lr, rk, rr, d, o) =>
      o.push(combineKeys(lk, rk), [lr[1], rr[1]], d),
    ),
  );
  return { c, l, r, j, out: integrate(c, j), log: record(c, j) };
}

describe('JoinOperator', () => {
  it('makes its two arrangements peers, leaving the peers an arrangement already has', () => {
    const c = new Circuit();
    const l = c.add(new InputOperator<Row>('left'));
    const r = c.add(new InputOperator<Row>('right'));
    const x = c.add(new InputOperator<Row>('other'));
    const la = c.add(new Arrangement(l, (_k, row) => row[0]));
    const ra = c.add(new Arrangement(r, (_k, row) => row[0]));
    const xa = c.add(new Arrangement(x, (_k, row) => row[0]));
    c.add(new JoinOperator<Row, Row, Row>(la, ra, (lk, lr, _rk, _rr, d, o) => o.push(lk, lr, d)));
    c.add(new JoinOperator<Row, Row, Row>(la, xa, (lk, lr, _rk, _rr, d, o) => o.push(lk, lr, d)));
    expect(la.peer).toBe(ra);
    expect(ra.peer).toBe(la);
    expect(xa.peer).toBe(la);
  });

  it('emits nothing net for a retraction and insertion of the same row in one batch', () => {
    const { c, l, r, out } = build();
    l.push(l1, [1, 'x'], 1);
    r.push(r1, [1, 'y'], 1);
    stepSync(c, 1);
    const before = canonicalCollection(out);
    l.push(l1, [1, 'x'], -1);
    l.push(l1, [1, 'x'], 1);
    stepSync(c, 2);
    expect(canonicalCollection(out)).toEqual(before);
  });

  it('joins every pair when both sides have several rows with the same join key, multiplying multiplicities', () => {
    const { c, l, r, out } = build();
    l.push(l1, [1, 'a'], 1);
    l.push(l2, [1, 'b'], 2);
    r.push(r1, [1, 'y'], 1);
    r.push(r1, [1, 'z'], 1);
    r.push(keyFromValue('r2'), [2, 'w'], 1);
    stepSync(c, 1);
    expect(canonicalCollection(out)).toEqual(
      canonical([
        [combineKeys(l1, r1), ['a', 'y'], 1],
        [combineKeys(l1, r1), ['a', 'z'], 1],
        [combineKeys(l2, r1), ['b', 'y'], 2],
        [combineKeys(l2, r1), ['b', 'z'], 2],
      ]),
    );
  });

  it('handles deltas on both sides in the same epoch (the ΔA ⋈ ΔB correction)', () => {
    const { c, l, r, out } = build();
    l.push(l1, [1, 'a'], 1);
    r.push(r1, [1, 'y'], 1);
    stepSync(c, 1);
    l.push(l1, [1, 'a'], -1);
    l.push(l1, [1, 'b'], 1);
    r.push(r1, [1, 'y'], -1);
    r.push(r1, [1, 'z'], 1);
    stepSync(c, 2);
    expect(canonicalCollection(out)).toEqual(canonical([[combineKeys(l1, r1), ['b', 'z'], 1]]));
  });

  it('outputs the shared empty batch in empty epochs and when nothing matches', () => {
    const { c, l, j, log } = build();
    stepSync(c, 1);
    expect(j.output).toBe(EMPTY_BATCH);
    l.push(l1, [1, 'a'], 1);
    stepSync(c, 2);
    expect(j.output).toBe(EMPTY_BATCH);
    expect(log).toHaveLength(0);
  });

  it('continues after snapshot and restore into a freshly built circuit', () => {
    const a = build();
    a.l.push(l1, [1, 'a'], 1);
    a.r.push(r1, [1, 'y'], 1);
    stepSync(a.c, 1);
    const b = build();
    b.c.restore(structuredClone(a.c.snapshot()));
    for (const x of [a, b]) {
      x.l.push(l2, [1, 'b'], 1);
      x.r.push(r1, [1, 'y'], -1);
      stepSync(x.c, 2);
    }
    const expected = canonical([[combineKeys(l1, r1), ['a', 'y'], -1]]);
    expect(canonical(batchTriples(a.log[1]!.batch))).toEqual(expected);
    expect(canonical(batchTriples(b.log[0]!.batch))).toEqual(expected);
  });

  it('leaves pair keys unmade when no reader reads keys, and makes them on demand', () => {
    const build2 = (readsKeys: boolean[]) => {
      const c = new Circuit();
      const l = c.add(new InputOperator<Row>('left'));
      const r = c.add(new InputOperator<Row>('right'));
      const la = c.add(new Arrangement(l, (_k, row) => row[0], true));
      const ra = c.add(new Arrangement(r, (_k, row) => row[0], true));
      const j = c.add(
        new JoinOperator<Row, Row, [string, string]>(
          la,
          ra,
          (lk, lr, rk, rr, d, o) => o.push(combineKeys(lk, rk), [lr[1], rr[1]], d),
          { pairKeys: true, pairRow: (_lk, lr: Row, _rk, rr: Row) => [lr[1], rr[1]], pairKey: combineKeys },
        ),
      );
      const seen: Batch<[string, string]>[] = [];
      for (const reads of readsKeys)
        c.add(new OutputOperator(j, (b) => void seen.push(b), { readsKeys: reads }));
      return { c, l, r, seen };
    };
    for (const readsKeys of [[false], [false, true]]) {
      const { c, l, r, seen } = build2(readsKeys);
      l.push(l1, [1, 'a'], 1);
      l.push(l2, [1, 'b'], 1);
      r.push(r1, [1, 'y'], 1);
      stepSync(c, 1);
      const b = seen[0]!;
      // Unmade only when every reader said it reads no keys.
      expect(b.lazy !== undefined).toBe(readsKeys.every((x) => !x));
      materializeKeys(b);
      expect(b.lazy).toBeUndefined();
      expect(canonical(batchTriples(b))).toEqual(
        canonical([
          [combineKeys(l1, r1), ['a', 'y'], 1],
          [combineKeys(l2, r1), ['b', 'y'], 1],
        ]),
      );
    }
  });
});
