import { describe, expect, it } from 'vitest';
import { EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { DistinctOperator } from './distinct.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue } from './key.js';
import {
  batchTriples,
  canonical,
  canonicalCollection,
  integrate,
  record,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [string];
const k1 = keyFromValue(1);
const k2 = keyFromValue(2);

function build() {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const d = c.add(new DistinctOperator(input));
  return { c, input, d, out: integrate(c, d), log: record(c, d) };
}

describe('DistinctOperator', () => {
  it('emits a pair once however often it is inserted, and retracts it when the last copy goes', () => {
    const { c, input, out, log } = build();
    input.push(k1, ['a'], 1);
    input.push(k1, ['a'], 1);
    stepSync(c, 1);
    input.push(k1, ['a'], 1);
    stepSync(c, 2);
    input.push(k1, ['a'], -2);
    stepSync(c, 3);
    expect(canonicalCollection(out)).toEqual(canonical([[k1, ['a'], 1]]));
    input.push(k1, ['a'], -1);
    stepSync(c, 4);
    expect(out.size).toBe(0);
    expect(log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([
      [1, [[k1, ['a'], 1]]],
      [4, [[k1, ['a'], -1]]],
    ]);
  });

  it('keeps several rows under one key apart', () => {
    const { c, input, out } = build();
    input.push(k1, ['a'], 1);
    input.push(k1, ['b'], 3);
    input.push(k2, ['a'], 1);
    stepSync(c, 1);
    expect(canonicalCollection(out)).toEqual(
      canonical([
        [k1, ['a'], 1],
        [k1, ['b'], 1],
        [k2, ['a'], 1],
      ]),
    );
  });

  it('changes nothing for a retraction and insertion of the same row in one batch', () => {
    const { c, input, out } = build();
    input.push(k1, ['a'], 1);
    stepSync(c, 1);
    input.push(k1, ['a'], -1);
    input.push(k1, ['a'], 1);
    stepSync(c, 2);
    expect(canonicalCollection(out)).toEqual(canonical([[k1, ['a'], 1]]));
  });

  it('does not emit a pair whose multiplicity is negative', () => {
    const { c, input, out } = build();
    input.push(k1, ['a'], -1);
    stepSync(c, 1);
    input.push(k1, ['a'], 1);
    stepSync(c, 2);
    expect(out.size).toBe(0);
    input.push(k1, ['a'], 1);
    stepSync(c, 3);
    expect(out.size).toBe(1);
  });

  it('outputs the shared empty batch in empty epochs', () => {
    const { c, d } = build();
    stepSync(c, 1);
    expect(d.output).toBe(EMPTY_BATCH);
  });

  it('continues after snapshot and restore into a freshly built circuit', () => {
    const a = build();
    a.input.push(k1, ['a'], 2);
    stepSync(a.c, 1);
    const b = build();
    b.c.restore(structuredClone(a.c.snapshot()));
    for (const x of [a, b]) {
      x.input.push(k1, ['a'], -1);
      stepSync(x.c, 2);
      x.input.push(k1, ['a'], -1);
      stepSync(x.c, 3);
    }
    expect(b.log.map((l) => [l.time, batchTriples(l.batch)])).toEqual([[3, [[k1, ['a'], -1]]]]);
  });

  it('restores a snapshot without sharing state with it, so a snapshot can be restored twice', () => {
    const a = build();
    a.input.push(k1, ['a'], 1);
    stepSync(a.c, 1);
    const snap = a.c.snapshot();
    const b = build();
    b.c.restore(snap);
    b.input.push(k1, ['a'], 1);
    stepSync(b.c, 2);
    const d = build();
    d.c.restore(snap);
    d.input.push(k1, ['a'], -1);
    stepSync(d.c, 2);
    expect(batchTriples(d.log[0]!.batch)).toEqual([[k1, ['a'], -1]]);
  });
});
