// Property of async transformers (async-transformer.ts) on random insert/delete streams, with calls finishing in a
// scrambled order: once the run ends, the results equal the function applied to the input as it ended (failures in
// `failed`); along the way each id shows at most one row, and the rows of one (instance, input time) arrive in one
// epoch. Results come at times of their own (not the input's), so the comparison is of the end state and the grouping.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import type { Key } from '../engine/key.js';
import type { TimedUpdate } from './plan.js';
import { captureTables, type CapturedUpdate } from '../testing/capture.js';
import {
  canonicalRows,
  domains,
  epochTime,
  resolveStream,
  streamArb,
  streamTable,
} from './property-helpers.test-util.js';

afterEach(() => {
  cw.clearGraph();
  vi.restoreAllMocks();
});

type In = { v: number; g: number };
type Traced = In & { i: number };
const RUNS = { numRuns: 60 } as const;
const FAILING = 5;

/** Integrates a captured stream, checking that no id ever shows two rows or a negative one. */
function integrate(updates: readonly CapturedUpdate[]): Map<Key, unknown[]> {
  const byTime = new Map<number, CapturedUpdate[]>();
  for (const u of updates) byTime.set(u.time, [...(byTime.get(u.time) ?? []), u]);
  const shown = new Map<Key, unknown[]>();
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
    const batch = byTime.get(t)!;
    for (const u of batch)
      if (u.diff < 0) expect(shown.delete(u.key), `retraction of a row not shown`).toBe(true);
    for (const u of batch) {
      if (u.diff < 0) continue;
      expect(shown.has(u.key), `two rows under one id at time ${t}`).toBe(false);
      shown.set(u.key, u.row);
    }
  }
  return shown;
}

/** The insertions each epoch of a stream makes after consolidation (what the transformer is called for), in order. */
function netInsertions(updates: readonly TimedUpdate[]): TimedUpdate[] {
  const net = new Map<string, TimedUpdate & { sum: number }>();
  for (const u of updates) {
    const k = `${u.time}|${u.key}|${JSON.stringify(u.row)}`;
    const e = net.get(k) ?? { ...u, sum: 0 };
    e.sum += u.diff;
    net.set(k, e);
  }
  return [...net.values()].filter((e) => e.sum > 0);
}

describe('AsyncTransformer property', () => {
  it('ends with the function of the final input, one row per id, failures in failed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fc.assert(
      fc.asyncProperty(
        streamArb(fc.record({ v: domains.smallInt, g: fc.constant(0) }), { ids: 5 }),
        async (epochs) => {
          cw.clearGraph();
          const columns = [
            { name: 'v', dtype: cw.INT },
            { name: 'g', dtype: cw.INT },
          ];
          const stream = resolveStream<In>(columns, epochs, 'ids');
          let calls = 0;
          const t = cw.asyncTransformer(streamTable<In>(stream), cw.schema({ w: cw.INT }), async ({ v }) => {
            await new Promise((resolve) => setTimeout(resolve, (calls++ * 7 + v + 3) % 3));
            if (v === FAILING) throw new Error('five');
            return { w: 2 * v };
          });
          const [ok, failed] = await captureTables([t.successful, t.failed]);
          const shown = integrate(ok!.updates);
          const failedShown = integrate(failed!.updates);
          // A failure fails the id's later rows while the id (its own instance) still has calls pending, as in
          // Pathway: a row is in failed when its value fails, or may be when an earlier value of the id failed.
          const everFailed = new Set(
            stream.updates.filter((u) => u.diff > 0 && u.row[0] === FAILING).map((u) => u.key),
          );
          const final = stream.rowsAt(epochTime(epochs.length));
          expect(shown.size + failedShown.size).toBe(final.length);
          for (const r of final) {
            const v = r.v as number;
            if (shown.has(r.id)) expect(shown.get(r.id)).toEqual([2 * v]);
            else {
              expect(failedShown.get(r.id), `id with ${v} in neither`).toEqual([null]);
              expect(v === FAILING || everFailed.has(r.id), `${v} failed`).toBe(true);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('releases the rows of one instance and input time together, and ends with the function of the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(fc.record({ v: domains.smallInt, g: fc.integer({ min: 0, max: 2 }) }), {
          ids: 6,
          maxOps: 6,
        }),
        async (drawn) => {
          cw.clearGraph();
          // Each row carries its id number `i`, so a call can be traced back to the input change it answers.
          const epochs = drawn.map((ops) =>
            ops.map((op) => (op.kind === 'put' ? { ...op, row: { ...op.row, i: op.id } } : op)),
          );
          const columns = [
            { name: 'v', dtype: cw.INT },
            { name: 'g', dtype: cw.INT },
            { name: 'i', dtype: cw.INT },
          ];
          const stream = resolveStream<Traced>(columns, epochs, 'ids');
          const callOf: number[] = [];
          // `n` numbers the calls, so no answer equals an earlier one and cancels with its retraction in an epoch.
          const t = cw.asyncTransformer(
            streamTable<Traced>(stream),
            cw.schema({ w: cw.INT, n: cw.INT }),
            async ({ v, i }) => {
              const n = callOf.push(i) - 1;
              await new Promise((resolve) => setTimeout(resolve, (n * 5 + v + 3) % 4));
              return { w: 2 * v, n };
            },
            { instance: cw.this.g },
          );
          const [done] = await captureTables([t.finished]);
          integrate(done!.updates);
          const final = stream.rowsAt(epochTime(epochs.length));
          expect(
            canonicalRows(done!.updates.map((u) => [u.key, [u.row[0], u.row[2]], u.diff] as const)),
          ).toEqual(canonicalRows(final.map((r) => [r.id, [2 * (r.v as number), '-SUCCESS-'], 1] as const)));
          // One id's calls are made in the order of its input changes: the k-th call for id i answers its k-th
          // insertion. The answers of one (instance, input time) must come at one output time (an answer retracted
          // in the epoch it came is not seen, and not checked).
          const asked = new Map<number, TimedUpdate[]>();
          for (const u of netInsertions(stream.updates)) {
            const i = u.row[2] as number;
            asked.set(i, [...(asked.get(i) ?? []), u]);
          }
          const groupTime = new Map<string, number>();
          for (const u of done!.updates) {
            if (u.diff < 0) continue;
            const n = u.row[1] as number;
            const i = callOf[n]!;
            const k = callOf.slice(0, n).filter((x) => x === i).length;
            const change = asked.get(i)![k]!;
            const group = `${change.time}/${String(change.row[1])}`;
            const first = groupTime.get(group);
            if (first === undefined) groupTime.set(group, u.time);
            else expect(u.time, `group ${group}`).toBe(first);
          }
        },
      ),
      RUNS,
    );
  });
});
