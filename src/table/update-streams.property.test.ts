// Property test of update streams against recomputation.
//
// After every epoch of random upserts and deletes on a keyed table (v), `toStream()` emitted exactly one event per
// id whose row changed (the new row as an upsert, or the old row as a deletion), `unpackSnapshots()` emitted the whole
// current table exactly when it changed, and both `streamToTable` over the stream and `Table.fromStreams` over its
// upserts and deletions hold exactly the table's current rows.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { Batch } from '../engine/batch.js';
import { Collection } from '../engine/collection.js';
import { keyFromValue, type Key } from '../engine/key.js';
import { canonical, canonicalCollection } from '../engine/testing-helpers.test-util.js';
import type { SinkSpec } from './graph.js';

afterEach(() => cw.clearGraph());

type Cmd = { id: number; v: number; del: boolean };
const cmdArb: fc.Arbitrary<Cmd> = fc.record({ id: fc.nat(5), v: fc.nat(3), del: fc.boolean() });
const epochsArb = fc.array(fc.array(cmdArb, { maxLength: 6 }), { minLength: 1, maxLength: 8 });

describe('update streams (property)', () => {
  it('toStream events, snapshots, streamToTable and fromStreams equal recomputation after every epoch', async () => {
    await fc.assert(
      fc.asyncProperty(epochsArb, async (epochs) => {
        cw.clearGraph();
        const T = cw.inputTable(cw.schema({ v: cw.INT }));
        const t = T.table;
        const stream = t.toStream();
        const outputs = {
          back: stream.streamToTable(cw.this.is_upsert),
          merged: cw.Table.fromStreams(
            stream.filter(cw.this.is_upsert),
            stream.filter(cw.this.is_upsert.not()),
          ),
        };
        const colls = new Map<string, Collection<unknown[]>>();
        const sinks: SinkSpec[] = Object.entries(outputs).map(([name, table]) => {
          const c = new Collection<unknown[]>();
          colls.set(name, c);
          return { node: table.node, name, onBatch: (batch) => c.apply(batch) };
        });
        let events = new Batch<unknown[]>();
        let snapshot = new Batch<unknown[]>();
        sinks.push({
          node: t.unpackSnapshots().node,
          name: 'snapshots',
          onBatch: (b) => {
            for (let i = 0; i < b.keys.length; i++) snapshot.push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
          },
        });
        sinks.push({
          node: stream.node,
          name: 'stream',
          onBatch: (b) => {
            for (let i = 0; i < b.keys.length; i++) events.push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
          },
        });
        const runtime = cw.build({}, sinks);
        const cur = new Map<Key, number>();
        for (let e = 0; e < epochs.length; e++) {
          const before = new Map(cur);
          for (const cmd of epochs[e]!) {
            const key = keyFromValue(cmd.id);
            if (cur.has(key)) {
              T.pushRaw(key, [cur.get(key)], -1);
              cur.delete(key);
            }
            if (!cmd.del) {
              T.pushRaw(key, [cmd.v], 1);
              cur.set(key, cmd.v);
            }
          }
          events = new Batch<unknown[]>();
          snapshot = new Batch<unknown[]>();
          await runtime.step(e + 1);
          const want: [Key, unknown[], number][] = [];
          for (const key of new Set([...before.keys(), ...cur.keys()])) {
            const old = before.get(key);
            const now = cur.get(key);
            if (old === now) continue;
            want.push(now !== undefined ? [key, [now, true], 1] : [key, [old, false], 1]);
          }
          const got = events.keys.map((k, i): [Key, unknown[], number] => [
            k,
            events.rows[i]!,
            events.diffs[i]!,
          ]);
          expect(canonical(got)).toEqual(canonical(want));
          const snap = snapshot.keys.map((k, i): [Key, unknown[], number] => [
            k,
            snapshot.rows[i]!,
            snapshot.diffs[i]!,
          ]);
          const now = [...cur].map(([k, v]): [Key, unknown[], number] => [k, [v], 1]);
          expect(canonical(snap)).toEqual(want.length === 0 ? [] : canonical(now));
          const rows = canonical([...cur].map(([k, v]): [Key, unknown[], number] => [k, [v, true], 1]));
          expect(canonicalCollection(colls.get('back')!)).toEqual(rows);
          expect(canonicalCollection(colls.get('merged')!)).toEqual(rows);
        }
      }),
      { numRuns: 80 },
    );
  });
});
