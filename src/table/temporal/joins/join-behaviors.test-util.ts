// The model both behavior property tests of temporal joins compare with (interval-join-behaviors and
// asof-join-behaviors): random keyed streams, behaviors, and per-side held / forgotten rows.

import fc from 'fast-check';
import { combineKeys, type Key } from '../../../engine/key.js';
import type { TimedUpdate } from '../../plan.js';
import { keyedRowArbs, NULL_KEY } from './keyed-streams.test-util.js';

export const { lArb, rArb } = keyedRowArbs(14, 12);
export const behaviorArb = fc.record({
  delay: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  cutoff: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  keepResults: fc.boolean(),
});
export type Beh = { delay: number | undefined; cutoff: number | undefined; keepResults: boolean };

export function fixBehavior(b: Beh): Beh {
  return b.cutoff === undefined ? { ...b, keepResults: true } : b;
}

export interface ModelEntry {
  side: 0 | 1;
  key: Key;
  row: unknown[];
  count: number;
  pairs: number;
  padded: number;
  alive: boolean;
}

/** One side of a model: watermark, held updates, and what each epoch releases (late updates dropped). */
export class ModelSide {
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
export class Output {
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

export function outRow(l: ModelEntry | null, r: ModelEntry | null): [Key, unknown[]] {
  return [
    combineKeys(l?.key ?? NULL_KEY, r?.key ?? NULL_KEY),
    [l?.row[2] ?? null, r?.row[2] ?? null, l?.key ?? null, r?.key ?? null],
  ];
}
