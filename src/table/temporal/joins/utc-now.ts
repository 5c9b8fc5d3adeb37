// `cw.temporal.utcNow()` (Pathway's `pw.temporal.utc_now`): a live one-row table holding the current UTC time,
// refreshed every `refreshRate`; and `addUpdateTimestampUtc` (Pathway's `add_update_timestamp_utc`).
// Unlike Pathway's append-only stream of ticks, utcNow keeps a single row (the latest tick), so it stays small.

import { Batch, EMPTY_BATCH } from '../../../engine/batch.js';
import { consolidateBatch } from '../../../engine/consolidate.js';
import { InputOperator } from '../../../engine/input-operator.js';
import { keyFromValue, type Key } from '../../../engine/key.js';
import { Operator } from '../../../engine/operator.js';
import { DATE_TIME_UTC } from '../../dtype.js';
import { GraphBuildError } from '../../errors.js';
import { planNode, type LiveDriver, type LiveSourceIo } from '../../plan.js';
import { Table } from '../../table.js';
import type { Row } from '../../table-types.js';
import { Universe } from '../../universe.js';
import { userCallSite } from '../../call-site.js';
import { DateTimeUtc } from '../../values/date-time.js';
import { spanNumber, type TimeSpan } from './time-values.js';

/** Options of `utcNow`. */
export interface UtcNowOptions {
  /** Time between ticks (a Duration, or milliseconds); default 60 s as in Pathway. */
  refreshRate?: TimeSpan;
  /** Wait before the first tick (default none). */
  initialDelay?: TimeSpan;
  /** Source of the current time in epoch milliseconds (default `Date.now`; tests pass a fake clock). */
  clock?: () => number;
}

/** The row of `utcNow`. */
export type UtcNowRow = { timestamp_utc: DateTimeUtc };

const NOW_KEY = keyFromValue('utc-now');

/** Pushes one tick per period until stopped. */
class TickDriver implements LiveDriver {
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly period: number,
    private readonly delay: number,
    private readonly clock: () => number,
  ) {}

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  async start(io: LiveSourceIo): Promise<void> {
    if (this.delay > 0) await this.sleep(this.delay);
    let last: unknown[] | undefined;
    while (!this.stopped) {
      const row = [DateTimeUtc.fromMs(this.clock())];
      if (last !== undefined) io.push(NOW_KEY, last, -1);
      io.push(NOW_KEY, row, 1);
      last = row;
      await io.commit();
      if (this.stopped) break;
      await this.sleep(this.period);
    }
    io.finish();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
  }
}

/** A live one-row table `{ timestamp_utc }` with the current UTC time, updated every `refreshRate`. */
export function utcNow(options: UtcNowOptions = {}): Table<UtcNowRow> {
  const site = userCallSite();
  const period = spanNumber(options.refreshRate ?? 60_000, 'utcNow() refreshRate', site);
  const delay = spanNumber(options.initialDelay ?? 0, 'utcNow() initialDelay', site);
  if (!(period > 0)) throw new GraphBuildError('utcNow(): refreshRate must be positive', site);
  const clock = options.clock ?? Date.now;
  const node = planNode('utc-now', [], site, (ctx) => {
    const input = ctx.add(new InputOperator<unknown[]>('utc-now'), node);
    ctx.addSource({ kind: 'live', input, driver: new TickDriver(period, delay, clock) });
    return input;
  });
  return new Table<UtcNowRow>(
    [{ name: 'timestamp_utc', dtype: DATE_TIME_UTC }],
    node,
    new Universe(),
    'utc_now',
  );
}

/** Appends the processing time of each row's last change; retractions retract the stamped row. */
class StampOperator extends Operator<unknown[]> {
  private emitted = new Map<Key, unknown[]>();
  constructor(
    input: Operator<unknown[]>,
    private readonly width: number,
    private readonly clock: () => number,
  ) {
    super([input]);
  }
  get name(): string {
    return 'add-update-timestamp';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const raw = this.inputs[0]!.output as Batch<unknown[]>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const b = consolidateBatch(raw);
    const out = new Batch<unknown[]>();
    const now = DateTimeUtc.fromMs(this.clock());
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < b.keys.length; i++) {
        const d = b.diffs[i]!;
        if (pass === 0 ? d >= 0 : d <= 0) continue;
        const key = b.keys[i]!;
        const old = this.emitted.get(key);
        if (old !== undefined) {
          out.push(key, old, -1);
          this.emitted.delete(key);
        }
        if (pass === 1) {
          const row = [...b.rows[i]!.slice(0, this.width), now];
          out.push(key, row, 1);
          this.emitted.set(key, row);
        }
      }
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    return [...this.emitted];
  }
  override restore(state: unknown): void {
    this.emitted = new Map(state as [Key, unknown[]][]);
  }
  override reset(): void {
    this.emitted = new Map();
  }
}

/** Options of `addUpdateTimestampUtc`. */
export interface AddUpdateTimestampOptions {
  /** Name of the added column (default `updated_timestamp_utc`, as Pathway). */
  columnName?: string;
  /** Source of the current time in epoch milliseconds (default `Date.now`). */
  clock?: () => number;
}

/**
 * The table with a column holding the UTC time at which each row last changed (processing time), ids kept:
 * `cw.temporal.addUpdateTimestampUtc(t)`.
 */
export function addUpdateTimestampUtc<TRow extends Row>(
  table: Table<TRow>,
  options: AddUpdateTimestampOptions = {},
): Table<TRow & Record<string, DateTimeUtc>> {
  const site = userCallSite();
  const name = options.columnName ?? 'updated_timestamp_utc';
  if (table.columns.some((c) => c.name === name)) {
    throw new GraphBuildError(`addUpdateTimestampUtc(): the table already has a column "${name}"`, site);
  }
  const clock = options.clock ?? Date.now;
  const width = table.columns.length;
  const node = planNode('add-update-timestamp-utc', [table.node], site, (ctx, ops) =>
    ctx.add(new StampOperator(ops[0]!, width, clock), node),
  );
  const universe = new Universe(table.universe);
  universe.promiseEqualTo(table.universe);
  return new Table([...table.columns, { name, dtype: DATE_TIME_UTC }], node, universe);
}
