// Property test of windowJoin: over random streams of inserts, updates and deletes on both sides, the joined table
// (tumbling, sliding and session windows; inner, left, right and outer) integrated up to each epoch equals the
// window join recomputed from scratch: per window and join key, all pairs, and per (row, window) without a
// partner the padded row. Sessions are computed over both sides' times; None keys match nothing.

import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, keyFromValue, keyWithIndex, type Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import {
  TABLE_RUNS,
  domains,
  expectEveryEpoch,
  resolveStream,
  stepTimes,
  streamArb,
  streamTable,
  type ModelRow,
} from '../../property-helpers.test-util.js';
import { slidingStarts } from './window-models.test-util.js';

afterEach(() => cw.clearGraph());

type In = { t: number; k: string | null };
const columns = [
  { name: 't', dtype: cw.INT },
  { name: 'k', dtype: cw.STR.optional() },
];
const rowArb = fc.record({ t: fc.integer({ min: 0, max: 14 }), k: domains.smallKey });
const NULL_KEY = keyFromValue(null);

interface Kind {
  window: () => cw.temporal.Window;
  /** Window starts of every row of both sides (per side), computed from all rows. */
  starts: (left: ModelRow[], right: ModelRow[]) => Map<ModelRow, number[]>;
  /** Whether pair ids carry the window start. */
  multi: boolean;
}

function slidingStartsOf(duration: number, hop: number) {
  return (left: ModelRow[], right: ModelRow[]) => {
    const out = new Map<ModelRow, number[]>();
    for (const r of [...left, ...right]) {
      out.set(r, slidingStarts(r.t as number, duration, hop));
    }
    return out;
  };
}

function sessionStarts(gap: number) {
  return (left: ModelRow[], right: ModelRow[]) => {
    const out = new Map<ModelRow, number[]>();
    const inst = (r: ModelRow, side: string) => (r.k === null ? `${side}-none` : `k-${r.k as string}`);
    const groups = new Map<string, ModelRow[]>();
    for (const [side, rows] of [
      ['L', left],
      ['R', right],
    ] as const) {
      for (const r of rows) {
        const g = groups.get(inst(r, side)) ?? [];
        g.push(r);
        groups.set(inst(r, side), g);
      }
    }
    for (const rows of groups.values()) {
      rows.sort((a, b) => (a.t as number) - (b.t as number));
      let start = rows[0]!.t as number;
      for (let i = 0; i < rows.length; i++) {
        if (i > 0 && (rows[i]!.t as number) - (rows[i - 1]!.t as number) >= gap) start = rows[i]!.t as number;
        out.set(rows[i]!, [start]);
      }
    }
    return out;
  };
}

const kinds: Record<string, Kind> = {
  tumbling: {
    window: () => cw.temporal.tumbling({ duration: 3 }),
    starts: slidingStartsOf(3, 3),
    multi: false,
  },
  sliding: {
    window: () => cw.temporal.sliding({ hop: 2, duration: 5 }),
    starts: slidingStartsOf(5, 2),
    multi: true,
  },
  session: { window: () => cw.temporal.session({ maxGap: 2 }), starts: sessionStarts(2), multi: false },
};

function expected(kind: Kind, how: cw.JoinMode, left: ModelRow[], right: ModelRow[]): [Key, unknown[]][] {
  const starts = kind.starts(left, right);
  const key = (lk: Key, rk: Key, s: number) =>
    kind.multi ? keyWithIndex(combineKeys(lk, rk), s) : combineKeys(lk, rk);
  const buckets = new Map<string, { l: ModelRow[]; r: ModelRow[]; s: number }>();
  const add = (rows: ModelRow[], side: 'l' | 'r') => {
    for (const row of rows) {
      for (const s of starts.get(row)!) {
        const b = `${row.k === null ? `${side}-none` : `k-${row.k as string}`}@${s}`;
        const e = buckets.get(b) ?? { l: [], r: [], s };
        e[side].push(row);
        buckets.set(b, e);
      }
    }
  };
  add(left, 'l');
  add(right, 'r');
  const out: [Key, unknown[]][] = [];
  for (const { l, r, s } of buckets.values()) {
    for (const a of l) for (const b of r) out.push([key(a.id, b.id, s), [a.t, a.k, b.t, b.k]]);
    if (r.length === 0 && (how === 'left' || how === 'outer')) {
      for (const a of l) out.push([key(a.id, NULL_KEY, s), [a.t, a.k, null, null]]);
    }
    if (l.length === 0 && (how === 'right' || how === 'outer')) {
      for (const b of r) out.push([key(NULL_KEY, b.id, s), [null, null, b.t, b.k]]);
    }
  }
  return out;
}

describe('windowJoin property', () => {
  for (const [name, kind] of Object.entries(kinds)) {
    for (const how of ['inner', 'left', 'right', 'outer'] as const) {
      it(`${name} ${how} equals recomputation at every epoch`, async () => {
        await fc.assert(
          fc.asyncProperty(
            streamArb(rowArb, { ids: 6, maxOps: 5 }),
            streamArb(rowArb, { ids: 6, maxOps: 5 }),
            async (le, re) => {
              const ls = resolveStream<In>(columns, le, 'l');
              const rs = resolveStream<In>(columns, re, 'r');
              const t1 = streamTable<In>(ls);
              const t2 = streamTable<In>(rs);
              const r = t1
                .windowJoin(t2, t1.c.t, t2.c.t, kind.window(), cw.left.k.eq(cw.right.k), { how })
                .select({ lt: cw.left.t, lk: cw.left.k, rt: cw.right.t, rk: cw.right.k });
              const [c] = await captureTables([r]);
              expectEveryEpoch(c!, stepTimes(ls, rs), (time) =>
                expected(kind, how, ls.rowsAt(time), rs.rowsAt(time)),
              );
              cw.clearGraph();
            },
          ),
          TABLE_RUNS,
        );
      });
    }
  }
});
