// Properties of UniqueKeyOperator, checked on random insert/delete streams against recomputation:
// 1. after every epoch the integrated output has at most one row per key;
// 2. that row is the earliest-arrived row of the key still present in the integrated input;
// 3. with a conflict row, a key holding more than one row shows the conflict row instead, one row the row itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Circuit, Collection, InputOperator, OutputOperator, keyFromValue } from './index.js';
import { UniqueKeyOperator } from './unique-key.js';

/** Epochs of insertions and deletions of (k, v) rows over three keys. */
const epochsOfUpdates = fc.array(
  fc.array(
    fc.record({ k: fc.integer({ min: 0, max: 2 }), v: fc.integer({ min: 0, max: 3 }), del: fc.boolean() }),
    { maxLength: 5 },
  ),
  { maxLength: 8 },
);

describe('UniqueKeyOperator', () => {
  it('keeps the earliest present row per key, epoch by epoch', () => {
    fc.assert(
      fc.property(epochsOfUpdates, (epochs) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<number[]>());
        const guard = c.add(new UniqueKeyOperator<number[]>(input, () => undefined));
        const out = new Collection<number[]>();
        c.add(new OutputOperator<number[]>(guard, (b) => out.apply(b)));
        // Reference: per key, present values in arrival order (a value is present at most once here). An epoch is
        // atomic: a value removed and re-added within one epoch never left, so it keeps its place; values new in
        // the epoch queue up in the order they first appeared.
        const present = new Map<number, number[]>();
        epochs.forEach((ops, t) => {
          const before = new Map([...present].map(([k, l]) => [k, l.slice()]));
          const firstSeen: [number, number][] = [];
          for (const op of ops) {
            const list = present.get(op.k) ?? [];
            const key = keyFromValue(op.k);
            if (op.del) {
              const at = list.indexOf(op.v);
              if (at < 0) continue;
              list.splice(at, 1);
              input.push(key, [op.k, op.v], -1);
            } else {
              if (list.includes(op.v)) continue;
              list.push(op.v);
              input.push(key, [op.k, op.v], 1);
              if (!firstSeen.some(([k, v]) => k === op.k && v === op.v)) firstSeen.push([op.k, op.v]);
            }
            present.set(op.k, list);
          }
          for (const [k, list] of present) {
            const old = (before.get(k) ?? []).filter((v) => list.includes(v));
            const fresh = firstSeen
              .filter(([fk, v]) => fk === k && list.includes(v) && !old.includes(v))
              .map(([, v]) => v);
            present.set(k, [...old, ...fresh]);
          }
          void c.step(t);
          for (const [k, list] of present) {
            const row = out.get(keyFromValue(k));
            if (list.length === 0) expect(row).toBeUndefined();
            else expect(row).toEqual([k, list[0]]);
          }
          for (const g of out.entries.values()) expect(g.rows).toHaveLength(1);
        });
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('shows the conflict row made of the first row while a key holds more than one row, epoch by epoch', () => {
    // A fresh array per call, keeping the cell all of a key's rows share (as a join keeping one side's ids does).
    const conflict = (first: unknown[]): unknown[] => [first[0], 'conflict'];
    fc.assert(
      fc.property(epochsOfUpdates, (epochs) => {
        const c = new Circuit();
        const input = c.add(new InputOperator<unknown[]>());
        const guard = c.add(new UniqueKeyOperator<unknown[]>(input, () => undefined, conflict));
        const out = new Collection<unknown[]>();
        c.add(new OutputOperator<unknown[]>(guard, (b) => out.apply(b)));
        // Reference: the multiset of values present per key (a value may be present several times).
        const present = new Map<number, number[]>();
        epochs.forEach((ops, t) => {
          for (const op of ops) {
            const list = present.get(op.k) ?? [];
            const key = keyFromValue(op.k);
            if (op.del) {
              const at = list.indexOf(op.v);
              if (at < 0) continue;
              list.splice(at, 1);
              input.push(key, [op.k, op.v], -1);
            } else {
              list.push(op.v);
              input.push(key, [op.k, op.v], 1);
            }
            present.set(op.k, list);
          }
          void c.step(t);
          for (const [k, list] of present) {
            const row = out.get(keyFromValue(k));
            if (list.length === 0) expect(row).toBeUndefined();
            else if (list.length === 1) expect(row).toEqual([k, list[0]]);
            else expect(row).toEqual([k, 'conflict']);
          }
          for (const g of out.entries.values()) expect(g.diffs).toEqual([1]);
        });
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
