// Property tests of intervalJoin and asofJoin with behaviors (delay, cutoff, keepResults) over two random
// out-of-order keyed streams, compared epoch by epoch with from-scratch models: per side, the watermark of the
// previous epoch decides lateness (time + cutoff ≤ it: dropped, except retractions of rows still held, which
// cancel them), the advanced one releases held rows (time + delay ≤ it); as Pathway's `_forget` (time_column.rs,
// update_time_before_emitting = false), a side forgets rows (time + cutoff ≤ its clock) only in an epoch in which
// the join receives updates of that side, its clock being the largest time of the updates it received earlier.
// Without keepResults the output must equal the plain join of the rows not forgotten; with keepResults forgotten
// rows' results stay.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../../index.js';
import { combineKeys, type Key } from '../../../engine/key.js';
import { captureTables } from '../../../testing/capture.js';
import type { TimedUpdate } from '../../plan.js';
import {
  TABLE_RUNS,
  canonicalRows,
  expectEveryEpoch,
  resolveStream,
  streamArb,
  streamTable,
  type ResolvedStream,
} from '../../property-helpers.test-util.js';
import type { JoinMode } from '../../join.js';
import { runTimes } from '../windows/behavior-arbs.test-util.js';
import {
  keyedRowArbs,
  lColumns,
  MODES,
  NULL_KEY,
  rColumns,
  type L,
  type R,
} from './keyed-streams.test-util.js';

afterEach(() => cw.clearGraph());

const { lArb, rArb } = keyedRowArbs(14, 12);
const behaviorArb = fc.record({
  delay: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  cutoff: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  keepResults: fc.boolean(),
});
type Beh = { delay: number | undefined; cutoff: number | undefined; keepResults: boolean };

function fixBehavior(b: Beh): Beh {
  return b.cutoff === undefined ? { ...b, keepResults: true } : b;
}

interface ModelEntry {
  side: 0 | 1;
  key: Key;
  row: unknown[];
  count: number;
  pairs: number;
  padded: number;
  alive: boolean;
}

/** One side of a model: watermark, held updates, and what each epoch releases (late updates dropped). */
class ModelSide {
  wm = -Infinity;
  /** The largest time of the updates the join received from this side in earlier epochs. */
  clock = -Infinity;
  /** Whether the join receives (net) updates of this side this epoch, and their largest time. */
  received = false;
  seen = -Infinity;
  held: TimedUpdate[] = [];
  entries: ModelEntry[] = [];
  constructor(
    private readonly updates: readonly TimedUpdate[],
    private readonly b: Beh,
  ) {}
  /** The updates released at epoch `time` (all held ones when `flush`). */
  epoch(time: number, flush: boolean): TimedUpdate[] {
    const raw = this.updates.filter((u) => u.time === time);
    const w0 = this.wm;
    // The watermark sees every update (retractions included), as the engine's WatermarkOperator does.
    for (const u of raw) if (u.row[1] !== null) this.wm = Math.max(this.wm, u.row[1] as number);
    // The epoch's updates netted per (key, row): `-row +row` of one row changes nothing, even late.
    const net = new Map<string, TimedUpdate>();
    for (const u of raw) {
      const s = `${u.key}|${JSON.stringify(u.row)}`;
      const e = net.get(s);
      net.set(s, e === undefined ? u : { ...e, diff: e.diff + u.diff });
    }
    const ups = [...net.values()].filter((u) => u.diff !== 0);
    const { cutoff, delay } = this.b;
    // A late retraction of a row still held (never released) is not dropped: it cancels the held insertion, so a
    // row deleted before its release is never released. Late retractions of released rows are dropped (the join
    // has already forgotten those rows).
    const heldCount = (u: TimedUpdate) => {
      const s = JSON.stringify(u.row);
      let c = 0;
      for (const h of this.held) if (h.key === u.key && JSON.stringify(h.row) === s) c += h.diff;
      return c;
    };
    const accepted = ups.filter(
      (u) =>
        u.row[1] === null ||
        cutoff === undefined ||
        (u.row[1] as number) + cutoff > w0 ||
        (u.diff < 0 && heldCount(u) > 0),
    );
    if (delay === undefined) return this.note(accepted);
    this.held.push(...accepted);
    const out = this.held.filter(
      (u) => flush || u.row[1] === null || (u.row[1] as number) + delay <= this.wm,
    );
    this.held = this.held.filter((u) => !out.includes(u));
    return this.note(out);
  }
  /** Records what the join receives this epoch: the released updates, netted per (key, row). */
  private note(released: TimedUpdate[]): TimedUpdate[] {
    const net = new Map<string, number>();
    this.seen = -Infinity;
    for (const u of released) {
      const s = `${u.key}|${JSON.stringify(u.row)}`;
      net.set(s, (net.get(s) ?? 0) + u.diff);
    }
    this.received = [...net.values()].some((d) => d !== 0);
    for (const u of released) {
      const d = net.get(`${u.key}|${JSON.stringify(u.row)}`)!;
      if (d !== 0 && u.row[1] !== null) this.seen = Math.max(this.seen, u.row[1] as number);
    }
    return released;
  }
  /** Whether the side forgets this epoch (it receives updates) and, when it does, its clock then. */
  forgetsAt(): number | undefined {
    return this.received && this.b.cutoff !== undefined ? this.clock : undefined;
  }
  /** Ends the epoch's forgetting: the clock takes in this epoch's times. */
  tick(): void {
    if (this.received) this.clock = Math.max(this.clock, this.seen);
  }
  /** Live entries due for forgetting (time + cutoff ≤ the clock, in an epoch receiving updates). */
  due(): ModelEntry[] {
    const c = this.b.cutoff;
    const w = this.forgetsAt();
    this.tick();
    if (c === undefined || w === undefined) return [];
    return this.entries.filter(
      (e) => e.alive && e.count !== 0 && e.row[1] !== null && (e.row[1] as number) + c <= w,
    );
  }
  find(key: Key, row: unknown[], side: 0 | 1): ModelEntry {
    const s = JSON.stringify(row);
    let e = this.entries.find((x) => x.alive && x.key === key && JSON.stringify(x.row) === s);
    if (e === undefined)
      this.entries.push((e = { side, key, row, count: 0, pairs: 0, padded: 0, alive: true }));
    return e;
  }
}

/** Integrated output of a model, as a multiset of [key, row]. */
class Output {
  private rows = new Map<string, { key: Key; row: unknown[]; n: number }>();
  add(key: Key, row: unknown[], d: number): void {
    const s = `${key}|${JSON.stringify(row)}`;
    const e = this.rows.get(s) ?? { key, row, n: 0 };
    e.n += d;
    this.rows.set(s, e);
  }
  list(): [Key, unknown[]][] {
    const out: [Key, unknown[]][] = [];
    for (const e of this.rows.values()) {
      if (e.n < 0) out.push([e.key, ['NEGATIVE', ...e.row]]);
      for (let i = 0; i < e.n; i++) out.push([e.key, e.row]);
    }
    return out;
  }
}

function outRow(l: ModelEntry | null, r: ModelEntry | null): [Key, unknown[]] {
  return [
    combineKeys(l?.key ?? NULL_KEY, r?.key ?? NULL_KEY),
    [l?.row[2] ?? null, r?.row[2] ?? null, l?.key ?? null, r?.key ?? null],
  ];
}

/** The plain interval join (nested loops) of two entry lists. */
function plainInterval(ls: ModelEntry[], rs: ModelEntry[], how: JoinMode, lo: number, hi: number) {
  const m = (l: ModelEntry, r: ModelEntry) => intervalMatch(l, r, lo, hi);
  const out: [Key, unknown[]][] = [];
  for (const l of ls) for (const r of rs) if (m(l, r)) out.push(outRow(l, r));
  if (how === 'left' || how === 'outer')
    for (const l of ls) if (!rs.some((r) => m(l, r))) out.push(outRow(l, null));
  if (how === 'right' || how === 'outer')
    for (const r of rs) if (!ls.some((l) => m(l, r))) out.push(outRow(null, r));
  return out;
}

function intervalMatch(l: ModelEntry, r: ModelEntry, lo: number, hi: number): boolean {
  const [lk, lt] = l.row as [string | null, number | null];
  const [rk, rt] = r.row as [string | null, number | null];
  return lk !== null && lk === rk && lt !== null && rt !== null && lt + lo <= rt && rt <= lt + hi;
}

/** Model of intervalJoin with a behavior: the integrated output at each time. */
function intervalModel(
  ls: ResolvedStream,
  rs: ResolvedStream,
  times: readonly number[],
  flushAt: number | undefined,
  how: JoinMode,
  lo: number,
  hi: number,
  b: Beh,
) {
  const sides = [new ModelSide(ls.updates, b), new ModelSide(rs.updates, b)] as const;
  const out = new Output();
  const pad = [how === 'left' || how === 'outer', how === 'right' || how === 'outer'];
  const at = new Map<number, [Key, unknown[]][]>();
  const apply = (e: ModelEntry, d: number, touched: Set<ModelEntry>) => {
    touched.add(e);
    for (const o of sides[1 - e.side]!.entries) {
      if (!o.alive || o.count === 0) continue;
      const [l, r] = e.side === 0 ? [e, o] : [o, e];
      if (!intervalMatch(l, r, lo, hi)) continue;
      const w = d * o.count;
      const [k, row] = outRow(l, r);
      out.add(k, row, w);
      e.pairs += w;
      o.pairs += w;
      touched.add(o);
    }
    e.count += d;
  };
  for (const time of times) {
    const touched = new Set<ModelEntry>();
    for (const side of [0, 1] as const) {
      for (const u of sides[side].epoch(time, time === flushAt)) {
        apply(sides[side].find(u.key, u.row, side), u.diff, touched);
      }
    }
    const forgotten = [...sides[0].due(), ...sides[1].due()];
    if (!b.keepResults) for (const e of forgotten) apply(e, -e.count, touched);
    for (const e of touched) {
      if (pad[e.side]) {
        const want = e.count !== 0 && e.pairs === 0 ? e.count : 0;
        const [k, row] = e.side === 0 ? outRow(e, null) : outRow(null, e);
        out.add(k, row, want - e.padded);
        e.padded = want;
      }
      if (e.count === 0) e.alive = false;
    }
    for (const e of forgotten) e.alive = false;
    if (!b.keepResults) {
      // Without keepResults the output is the plain join of the rows not forgotten.
      const live = (s: 0 | 1) => sides[s].entries.filter((e) => e.alive && e.count > 0);
      expect(canonicalRows(out.list().map(([k, r]) => [k, r, 1] as const))).toEqual(
        canonicalRows(plainInterval(live(0), live(1), how, lo, hi).map(([k, r]) => [k, r, 1] as const)),
      );
    }
    at.set(time, out.list());
  }
  return (time: number) => at.get(time) ?? [];
}

describe('intervalJoin with behaviors, property', () => {
  it('equals the per-side lateness / delay / forgetting model at every epoch, in every mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(lArb, { maxEpochs: 8 }),
        streamArb(rArb, { maxEpochs: 8 }),
        fc.constantFrom<[number, number]>([-2, 1], [0, 3], [-1, 0]),
        behaviorArb,
        async (le, re, [lo, hi], b0) => {
          const b = fixBehavior(b0);
          const ls = resolveStream<L>(lColumns, le, 'left');
          const rs = resolveStream<R>(rColumns, re, 'right');
          const lt = streamTable<L>(ls);
          const rt = streamTable<R>(rs);
          const outs = MODES.map((how) =>
            lt
              .intervalJoin(rt, lt.c.t, rt.c.t, cw.temporal.interval(lo, hi), cw.left.k.eq(cw.right.k), {
                how,
                behavior: cw.temporal.commonBehavior(b),
              })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id })
              .named(`interval-${how}`),
          );
          const captured = await captureTables(outs);
          const { times, flushAt } = runTimes(b.delay !== undefined, ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(captured[i]!, times, intervalModel(ls, rs, times, flushAt, how, lo, hi, b)),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});

type Obj = { id: Key; k: string | null; t: number | null; val: number };
type Dir = 'backward' | 'forward' | 'nearest';

/** The asof peer of `row` (side `own`) among `others`, in Pathway's merged (time, side bit, id) order. */
function peerOf(row: Obj, own: 0 | 1, others: readonly Obj[], how: JoinMode, dir: Dir): Obj | undefined {
  if (row.t === null || row.k === null) return undefined;
  const rightFirst =
    (dir === 'backward' && (how === 'left' || how === 'inner')) || (dir === 'forward' && how === 'right');
  const bit = (side: 0 | 1) => side ^ (rightFirst ? 1 : 0);
  const pos = (o: Obj, side: 0 | 1): [number, number, Key] => [o.t as number, bit(side), o.id];
  const cmp = (a: [number, number, Key], b: [number, number, Key]) =>
    a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  const me = pos(row, own);
  const other = (1 - own) as 0 | 1;
  const sorted = others
    .filter((o) => o.k === row.k && o.t !== null)
    .sort((a, b) => cmp(pos(a, other), pos(b, other)));
  const p = sorted.filter((o) => cmp(pos(o, other), me) < 0).pop();
  const n = sorted.find((o) => cmp(pos(o, other), me) > 0);
  if (dir === 'backward') return p;
  if (dir === 'forward') return n;
  if (p === undefined) return n;
  if (n === undefined) return p;
  return row.t - (p.t as number) < (n.t as number) - row.t ? p : n;
}

/** Model of asofJoin with a behavior: shown rows change only on real changes of the row or of its peer. */
function asofModel(
  ls: ResolvedStream,
  rs: ResolvedStream,
  times: readonly number[],
  flushAt: number | undefined,
  how: JoinMode,
  dir: Dir,
  b: Beh,
) {
  const sides = [new ModelSide(ls.updates, b), new ModelSide(rs.updates, b)] as const;
  const live = [new Map<Key, Obj>(), new Map<Key, Obj>()] as const;
  const outputs = [how !== 'right', how === 'right' || how === 'outer'];
  type Shown = { own: string; peer: string; out: [Key, unknown[]] | null };
  const shown = [new Map<Key, Shown>(), new Map<Key, Shown>()] as const;
  const frozen: [Key, unknown[]][] = [];
  const at = new Map<number, [Key, unknown[]][]>();
  const obj = (key: Key, row: unknown[]): Obj => ({
    id: key,
    k: row[0] as string | null,
    t: row[1] as number | null,
    val: row[2] as number,
  });
  const peer = (side: 0 | 1, x: Obj) => peerOf(x, side, [...live[1 - side]!.values()], how, dir);
  const make = (side: 0 | 1, x: Obj, p: Obj | undefined): [Key, unknown[]] | null => {
    if (p === undefined && how === 'inner') return null;
    const [l, r] = side === 0 ? [x, p] : [p, x];
    const key =
      how === 'outer' ? (side === 0 ? combineKeys(x.id, NULL_KEY) : combineKeys(NULL_KEY, x.id)) : x.id;
    return [key, [l?.val ?? -1, r?.val ?? -1, l?.id ?? null, r?.id ?? null, x.t]];
  };
  const text = (o: Obj | undefined) => JSON.stringify(o ?? null);
  for (const time of times) {
    const before = [new Map<Key, string>(), new Map<Key, string>()] as const;
    for (const side of [0, 1] as const)
      for (const x of live[side].values()) before[side].set(x.id, text(peer(side, x)));
    for (const side of [0, 1] as const) {
      const net = new Map<string, { u: TimedUpdate; d: number }>();
      for (const u of sides[side].epoch(time, time === flushAt)) {
        const s = `${u.key}|${JSON.stringify(u.row)}`;
        const e = net.get(s) ?? { u, d: 0 };
        e.d += u.diff;
        net.set(s, e);
      }
      const ups = [...net.values()].filter((e) => e.d !== 0);
      for (const { u, d } of ups)
        if (d < 0 && text(live[side].get(u.key)) === text(obj(u.key, u.row))) live[side].delete(u.key);
      for (const { u, d } of ups) if (d > 0) live[side].set(u.key, obj(u.key, u.row));
    }
    for (const side of [0, 1] as const) {
      if (!outputs[side]) continue;
      for (const id of [...shown[side].keys()]) if (!live[side].has(id)) shown[side].delete(id);
      for (const x of live[side].values()) {
        const p = peer(side, x);
        const old = shown[side].get(x.id);
        if (old !== undefined && old.own === text(x) && before[side].get(x.id) === text(p)) continue;
        shown[side].set(x.id, { own: text(x), peer: text(p), out: make(side, x, p) });
      }
    }
    const c = b.cutoff;
    if (c !== undefined) {
      for (const side of [0, 1] as const) {
        const w = sides[side].forgetsAt();
        sides[side].tick();
        if (w === undefined) continue;
        for (const x of [...live[side].values()]) {
          if (x.t === null || x.t + c > w) continue;
          live[side].delete(x.id);
          const s = shown[side].get(x.id);
          if (b.keepResults && s?.out) frozen.push(s.out);
          shown[side].delete(x.id);
        }
      }
      if (!b.keepResults) {
        for (const side of [0, 1] as const) {
          if (!outputs[side]) continue;
          for (const x of live[side].values()) {
            const p = peer(side, x);
            shown[side].set(x.id, { own: text(x), peer: text(p), out: make(side, x, p) });
          }
        }
      }
    }
    const rows: [Key, unknown[]][] = [...frozen];
    for (const side of [0, 1] as const) for (const s of shown[side].values()) if (s.out) rows.push(s.out);
    at.set(time, rows);
  }
  return (time: number) => at.get(time) ?? [];
}

describe('asofJoin with behaviors, property', () => {
  it('equals the per-side lateness / delay / forgetting model at every epoch, in every mode and direction', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb(lArb, { maxEpochs: 8 }),
        streamArb(rArb, { maxEpochs: 8 }),
        fc.constantFrom<Dir>('backward', 'forward', 'nearest'),
        behaviorArb,
        async (le, re, dir, b0) => {
          const b = fixBehavior(b0);
          const ls = resolveStream<L>(lColumns, le, 'left');
          const rs = resolveStream<R>(rColumns, re, 'right');
          const lt = streamTable<L>(ls);
          const rt = streamTable<R>(rs);
          const outs = MODES.map((how) =>
            lt
              .asofJoin(rt, lt.c.t, rt.c.t, cw.left.k.eq(cw.right.k), {
                how,
                direction: dir,
                defaults: [
                  [lt.c.v, -1],
                  [rt.c.w, -1],
                ],
                behavior: cw.temporal.commonBehavior(b),
              })
              .select({ v: cw.left.v, w: cw.right.w, lid: cw.left.id, rid: cw.right.id, t: cw.this.t })
              .named(`asof-${how}`),
          );
          const captured = await captureTables(outs);
          const { times, flushAt } = runTimes(b.delay !== undefined, ls, rs);
          MODES.forEach((how, i) =>
            expectEveryEpoch(captured[i]!, times, asofModel(ls, rs, times, flushAt, how, dir, b)),
          );
          cw.clearGraph();
        },
      ),
      TABLE_RUNS,
    );
  });
});
