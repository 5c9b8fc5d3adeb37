// Shared helpers for the engine's tests: random epoch streams (fast-check), a naive reference Z-set,
// and canonical forms of collections so incremental outputs can be compared with recomputation.

import fc from 'fast-check';
import { expect } from 'vitest';
import { Batch } from './batch.js';
import type { Circuit } from './circuit.js';
import { Collection } from './collection.js';
import { OutputOperator } from './input-operator.js';
import { keyFromValue, keyToString, type Key } from './key.js';
import type { Operator } from './operator.js';

/** One abstract command of an epoch: insert a row under a key, or delete the `pick`-th present row. */
export type Command<TRow> = { kind: 'ins'; id: number; row: TRow } | { kind: 'del'; pick: number };

/** A random stream of epochs, each a list of commands (possibly empty). */
export function epochsArb<TRow>(
  rowArb: fc.Arbitrary<TRow>,
  options: { ids?: number; maxEpochs?: number; maxOps?: number } = {},
): fc.Arbitrary<Command<TRow>[][]> {
  const command: fc.Arbitrary<Command<TRow>> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('ins' as const), id: fc.nat(options.ids ?? 6), row: rowArb }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('del' as const), pick: fc.nat(1000) }) },
  );
  return fc.array(fc.array(command, { maxLength: options.maxOps ?? 6 }), {
    minLength: 1,
    maxLength: options.maxEpochs ?? 8,
  });
}

/** A present row of the reference input (one entry per unit of multiplicity). */
export interface Entry<TRow> {
  key: Key;
  row: TRow;
}

/**
 * The integrated input as a plain array with one entry per unit of multiplicity. `apply` resolves an epoch's
 * commands against it (deletes only remove present rows) and returns the epoch's batch.
 */
export class ReferenceInput<TRow> {
  /** Present rows, one entry per unit of multiplicity. */
  readonly entries: Entry<TRow>[] = [];

  /** Resolves commands into updates, applying them to `entries` in order; returns the batch. */
  apply(
    commands: readonly Command<TRow>[],
    keyOfId: (id: number) => Key = (id) => keyFromValue(id),
  ): Batch<TRow> {
    const b = new Batch<TRow>();
    for (const c of commands) {
      if (c.kind === 'ins') {
        const key = keyOfId(c.id);
        this.entries.push({ key, row: c.row });
        b.push(key, c.row, 1);
      } else if (this.entries.length > 0) {
        const i = c.pick % this.entries.length;
        const e = this.entries[i]!;
        this.entries.splice(i, 1);
        b.push(e.key, e.row, -1);
      }
    }
    return b;
  }
}

/** Canonical, sorted form of a multiset of (key, row, diff) triples, merging equal pairs and dropping zeros. */
export function canonical<TRow>(triples: Iterable<readonly [Key, TRow, number]>): string[] {
  const sums = new Map<string, number>();
  for (const [k, r, d] of triples) {
    const id = `${keyToString(k)} ${JSON.stringify(r)}`;
    sums.set(id, (sums.get(id) ?? 0) + d);
  }
  const out: string[] = [];
  for (const [id, d] of sums) if (d !== 0) out.push(`${id} x${d}`);
  return out.sort();
}

/** Canonical form of a collection. */
export function canonicalCollection<TRow>(c: Collection<TRow>): string[] {
  return canonical(batchTriples(c.toBatch()));
}

/** Canonical form of reference rows (each entry counts once). */
export function canonicalEntries<TRow>(entries: Iterable<Entry<TRow>>): string[] {
  const triples: [Key, TRow, number][] = [];
  for (const e of entries) triples.push([e.key, e.row, 1]);
  return canonical(triples);
}

/** The updates of a batch as triples. */
export function batchTriples<TRow>(b: Batch<TRow>): [Key, TRow, number][] {
  return b.keys.map((k, i) => [k, b.rows[i]!, b.diffs[i]!] as [Key, TRow, number]);
}

/** Adds an output operator integrating `op` into a collection. */
export function integrate<TRow>(c: Circuit, op: Operator<TRow>): Collection<TRow> {
  const coll = new Collection<TRow>();
  c.add(new OutputOperator<TRow>(op, (b) => coll.apply(b)));
  return coll;
}

/** Adds an output operator recording every batch it sees with its time. */
export function record<TRow>(c: Circuit, op: Operator<TRow>): { time: number; batch: Batch<TRow> }[] {
  const seen: { time: number; batch: Batch<TRow> }[] = [];
  c.add(new OutputOperator<TRow>(op, (b, time) => void seen.push({ time, batch: b.clone() })));
  return seen;
}

/**
 * Asserts that a circuit restored from a snapshot (`copy`) output in its last step exactly what the original
 * (`original`) output at `time`, then empties the copy's log for the next step.
 */
export function expectSameStep<TRow>(
  original: readonly { time: number; batch: Batch<TRow> }[],
  copy: { time: number; batch: Batch<TRow> }[],
  time: number,
): void {
  const step = (log: readonly { batch: Batch<TRow> }[]) =>
    canonical(log.flatMap((e) => batchTriples(e.batch)));
  expect(step(copy)).toEqual(step(original.filter((e) => e.time === time)));
  copy.length = 0;
}

/** Steps a circuit that must finish synchronously (no async operators), failing loudly if it did not. */
export function stepSync(c: Circuit, time: number): void {
  const r = c.step(time);
  if (r !== undefined)
    throw new Error(`step(${time}) returned a promise; await circuit.step() for async circuits`);
}

/** Fast-check settings shared by the engine's property tests. */
export const PROPERTY_RUNS = { numRuns: 150 } as const;
