// `cw.temporal.inactivityDetection(table, allowedInactivityPeriod, { refreshRate, instance })` (Pathway's
// `pw.temporal.inactivity_detection`): periods with no new rows longer than allowed, per instance, with the time of
// the last activity before each and of the first activity that ended it (None while it lasts). Processing time.
//
// Algorithm: a utcNow ticker makes the program step every `refreshRate`; at each step the operator reads the clock,
// records insertions as activity of their instance (closing that instance's open inactivity), then flags every
// instance whose last activity is older than the allowed period (once per last-activity time). Before any row
// arrived, the program start counts as the last activity of the None instance.
// State: start time; instance -> last activity; emitted rows; instance -> its open inactivity.
// Invariants: one row per (instance, inactivity start); a row's resumed time is set once and never changes again.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import type { IndexKey } from '../../../engine/arrangement.js';
import { keyFromValues, type Key } from '../../../engine/key.js';
import { MapOperator } from '../../../engine/linear-operators.js';
import { Operator } from '../../../engine/operator.js';
import { DATE_TIME_UTC } from '../../dtype.js';
import { toExpr, type ExprLike } from '../../expression.js';
import { compileCell } from '../../expression-compiler.js';
import { GraphBuildError } from '../../errors.js';
import { planNode } from '../../plan.js';
import { prepareRows } from '../../row-context.js';
import { Table } from '../../table.js';
import { resolveDtypes, tableResolver } from '../../resolve-dtypes.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { DateTimeUtc } from '../../values/date-time.js';
import { Duration } from '../../values/duration.js';
import { instanceOf, quietCell } from './join-sides.js';
import { spanNumber, type TimeSpan } from './time-values.js';
import { utcNow } from './utc-now.js';

/** Options of `inactivityDetection`. */
export interface InactivityDetectionOptions {
  /** How often inactivity is checked (default 1 s). */
  refreshRate?: TimeSpan;
  /** Detect inactivity separately per value of this expression (adds an `instance` column). */
  instance?: ExprLike;
  /** Source of the current time in epoch milliseconds (default `Date.now`; tests pass a fake clock). */
  clock?: () => number;
}

/** A row of `inactivityDetection`'s result. */
export type InactivityRow = {
  inactivity_timestamp_utc: DateTimeUtc;
  resumed_activity_timestamp_utc: DateTimeUtc | null;
};

interface Open {
  readonly key: Key;
  readonly iv: unknown;
  readonly since: number;
}

/** Tracks activity per instance and emits inactivity periods. */
class InactivityOperator extends Operator<unknown[]> {
  private start: number;
  private last = new Map<IndexKey, { iv: unknown; t: number }>();
  private open = new Map<IndexKey, Open>();
  private flagged = new Set<Key>();

  constructor(
    events: Operator<unknown[]>,
    ticks: Operator<unknown[]>,
    private readonly allowed: number,
    private readonly clock: () => number,
  ) {
    super([events, ticks]);
    this.start = clock();
  }
  get name(): string {
    return 'inactivity-detection';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const now = this.clock();
    const b = this.inputs[0]!.output as Batch<unknown[]>;
    const out = new Batch<unknown[]>();
    for (let i = 0; i < b.keys.length; i++) {
      if (b.diffs[i]! <= 0) continue;
      const [inst, iv] = b.rows[i]! as [IndexKey, unknown];
      this.last.set(inst, { iv, t: now });
      const o = this.open.get(inst);
      if (o !== undefined) {
        out.push(o.key, [o.iv, DateTimeUtc.fromMs(o.since), null], -1);
        out.push(o.key, [o.iv, DateTimeUtc.fromMs(o.since), DateTimeUtc.fromMs(now)], 1);
        this.open.delete(inst);
      }
    }
    const candidates: [IndexKey, unknown, number][] =
      this.last.size === 0 ? [[null, null, this.start]] : [...this.last].map(([k, v]) => [k, v.iv, v.t]);
    for (const [inst, iv, t] of candidates) {
      if (!(t + this.allowed < now)) continue;
      const key = keyFromValues([iv, t]);
      if (this.flagged.has(key)) continue;
      this.flagged.add(key);
      this.open.set(inst, { key, iv, since: t });
      out.push(key, [iv, DateTimeUtc.fromMs(t), null], 1);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return {
      start: this.start,
      last: [...this.last].map(([k, v]) => [k, v.iv, v.t]),
      open: [...this.open].map(([k, o]) => [k, o.key, o.iv, o.since]),
      flagged: [...this.flagged],
    };
  }
  override restore(state: unknown): void {
    const s = state as {
      start: number;
      last: [IndexKey, unknown, number][];
      open: [IndexKey, Key, unknown, number][];
      flagged: Key[];
    };
    this.start = s.start;
    this.last = new Map(s.last.map(([k, iv, t]) => [k, { iv, t }]));
    this.open = new Map(s.open.map(([k, key, iv, since]) => [k, { key, iv, since }]));
    this.flagged = new Set(s.flagged);
  }
  override reset(): void {
    this.last = new Map();
    this.open = new Map();
    this.flagged = new Set();
  }
}

/**
 * Inactivity periods of an append-only table (processing time): `cw.temporal.inactivityDetection(events,
 * Duration.of({ seconds: 30 }))` gives rows `{ inactivity_timestamp_utc, resumed_activity_timestamp_utc }`
 * (plus `instance` with the `instance` option).
 */
export function inactivityDetection(
  table: Table<any>,
  allowedInactivityPeriod: Duration | number,
  options: InactivityDetectionOptions = {},
): Table<InactivityRow & { instance?: unknown }> {
  const site = userCallSite();
  const allowed = spanNumber(allowedInactivityPeriod, 'inactivityDetection() allowedInactivityPeriod', site);
  if (!(allowed >= 0))
    throw new GraphBuildError('inactivityDetection(): the allowed period must be >= 0', site);
  const clock = options.clock ?? Date.now;
  const ticks = utcNow({ refreshRate: options.refreshRate ?? Duration.of({ seconds: 1 }), clock });
  const withInstance = options.instance !== undefined;
  const prepared = prepareRows(table, [table], [toExpr(options.instance ?? null)], site);
  const node = planNode('inactivity-detection', [...prepared.inputs, ticks.node], site, (ctx, ops) => {
    const { op, scope } = prepared.lower(ctx, node, ops.slice(0, -1));
    const instOf = quietCell(compileCell(prepared.exprs[0]!, scope));
    const events = ctx.add(
      new MapOperator<unknown[], unknown[]>(op, (r, k) => {
        const { inst, value } = instanceOf([instOf], r, k, '\u0000none\u0000');
        return [inst === '\u0000none\u0000' ? null : inst, value];
      }),
      node,
    );
    const found = ctx.add(new InactivityOperator(events, ops[ops.length - 1]!, allowed, clock), node);
    return withInstance
      ? found
      : ctx.add(new MapOperator<unknown[], unknown[]>(found, (r) => r.slice(1)), node);
  });
  const columns = [
    { name: 'inactivity_timestamp_utc', dtype: DATE_TIME_UTC },
    { name: 'resumed_activity_timestamp_utc', dtype: DATE_TIME_UTC.optional() },
  ];
  const instanceColumn = withInstance
    ? [
        {
          name: 'instance',
          dtype: resolveDtypes(
            toExpr(options.instance!),
            tableResolver([table], { this: table }),
          ).dtype.optional(),
        },
      ]
    : [];
  return new Table([...instanceColumn, ...columns], node, new Universe());
}
