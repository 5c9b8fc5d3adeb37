// Fully async UDF calls (Pathway's `fully_async_executor`): the call's column shows `PENDING` at once and its result in
// a later epoch, so a slow call never holds an epoch. The results come back through a live source fed by the program
// (a follower, see `LiveDriver.follower`), as AsyncTransformer's do.
//
// Algorithm: `FullyAsyncUdfOperator` has two inputs, the rows and the results. A row inserted is emitted with PENDING
// appended and its call requested, numbered by a per-operator sequence; a row retracted retracts what was emitted for
// it. A result (key, seq, value) replaces the pending row of that key only while the key's current row is the one
// numbered seq (a result for a row since retracted or replaced is dropped). Rows not taking the call's branch get null.
// State: per key the input row, its sequence number, and the row emitted (snapshotted; calls in flight are not:
// restoring asks again for every row still pending).
// Invariants: the emitted rows are, per present input row, the row plus its latest result or PENDING.

import { Batch, EMPTY_BATCH } from '../engine/batch.js';
import { consolidateBatch } from '../engine/consolidate.js';
import type { Key } from '../engine/key.js';
import { Operator } from '../engine/operator.js';
import type { RowFn } from './expression-compiler.js';
import { FollowerSource } from './follower-source.js';
import type { LiveSourceIo } from './plan.js';
import type { UdfRunner } from './udf/index.js';
import { reportError } from './expressions/error-reporter.js';
import { ErrorValue } from './values/error-value.js';
import { PENDING } from './values/pending.js';

/** A row's state: the input row, its call's number, the row emitted (its last cell PENDING until the result). */
type RowState = { row: unknown[]; seq: number; out: unknown[] };

/** True while the row's result is not in. */
function pending(s: RowState): boolean {
  return s.out[s.out.length - 1] === PENDING;
}

/** Runs the calls of one fully async UDF call site in one run and pushes their results (see the header). */
export class FullyAsyncDriver extends FollowerSource<[Key, number, unknown]> {
  /** A driver calling `runner`, checking results with `check`. */
  constructor(
    private readonly runner: UdfRunner,
    private readonly check: ((v: unknown) => string | undefined) | undefined,
  ) {
    super();
  }

  /** Starts the call for row `key` numbered `seq`. */
  request(key: Key, seq: number, args: unknown[]): void {
    this.running++;
    void this.runner.run([args]).then(
      ([value]) => this.settle(key, seq, value),
      (e: unknown) => this.settle(key, seq, new ErrorValue(e instanceof Error ? e.message : String(e))),
    );
  }

  protected pushChange([key, seq, value]: [Key, number, unknown], io: LiveSourceIo): void {
    io.push(key, [seq, value], 1);
  }

  private settle(key: Key, seq: number, value: unknown): void {
    const problem = value instanceof ErrorValue ? undefined : this.check?.(value);
    this.running--;
    this.enqueue([key, seq, problem === undefined ? value : new ErrorValue(problem)]);
  }
}

/** Appends a fully async UDF call's column: PENDING, then the result (see the header). */
export class FullyAsyncUdfOperator extends Operator<unknown[]> {
  private rows = new Map<Key, RowState>();
  private seq = 0;
  /** Set by `restore`: every row still pending asks for its call again at the next step. */
  private askAgain = false;

  /** The operator over `input`, with results arriving from `results` (fed by `driver`). */
  constructor(
    input: Operator<unknown[]>,
    results: Operator<unknown[]>,
    private readonly argsOf: RowFn,
    private readonly driver: FullyAsyncDriver,
    /** Whether a row takes the call's branch (see `UdfCall.guards`); absent: every row does. */
    private readonly takes?: (row: unknown[], key: Key) => boolean,
    /** The user's line of the call, for error reports. */
    private readonly site?: string,
  ) {
    super([input, results]);
  }
  get name(): string {
    return 'fully-async-udf';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void {
    const out = new Batch<unknown[]>();
    if (this.askAgain) {
      this.askAgain = false;
      for (const [key, s] of this.rows) {
        if (pending(s)) this.driver.request(key, s.seq, this.argsOf(s.row, key));
      }
    }
    const raw = this.inputs[0]!.output as Batch<unknown[]>;
    if (raw.keys.length > 0) {
      const b = consolidateBatch(raw);
      // Retractions first: a key's `-old, +new` leaves the new row.
      for (let i = 0; i < b.keys.length; i++) {
        if (b.diffs[i]! > 0) continue;
        const key = b.keys[i]!;
        const s = this.rows.get(key);
        if (s === undefined) continue;
        out.push(key, s.out, -1);
        this.rows.delete(key);
      }
      for (let i = 0; i < b.keys.length; i++) {
        if (b.diffs[i]! < 0) continue;
        const key = b.keys[i]!;
        const row = b.rows[i]!;
        const seq = ++this.seq;
        const calls = this.takes === undefined || this.takes(row, key);
        const s: RowState = { row, seq, out: [...row, calls ? PENDING : null] };
        this.rows.set(key, s);
        out.push(key, s.out, 1);
        if (calls) this.driver.request(key, seq, this.argsOf(row, key));
      }
    }
    const results = this.inputs[1]!.output as Batch<unknown[]>;
    for (let i = 0; i < results.keys.length; i++) {
      const key = results.keys[i]!;
      const [seq, value] = results.rows[i]!;
      const s = this.rows.get(key);
      if (s === undefined || s.seq !== seq) continue;
      // A failed call is reported as a UDF's error is (an error passed in from an argument was reported already).
      if (value instanceof ErrorValue && !value.logged) reportError(value, this.site);
      out.push(key, s.out, -1);
      s.out = [...s.row, value];
      out.push(key, s.out, 1);
    }
    this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
  }
  override snapshot(): unknown {
    // PENDING is a marker object, not data: a snapshot says "done" and holds the result instead.
    const rows = [...this.rows].map(([k, s]) => [
      k,
      s.row,
      s.seq,
      !pending(s),
      pending(s) ? null : s.out.at(-1),
    ]);
    return { seq: this.seq, rows };
  }
  override restore(state: unknown): void {
    const { seq, rows } = state as { seq: number; rows: [Key, unknown[], number, boolean, unknown][] };
    this.seq = seq;
    this.rows = new Map(
      rows.map(([k, row, s, done, value]) => [k, { row, seq: s, out: [...row, done ? value : PENDING] }]),
    );
    this.askAgain = true;
  }
  override reset(): void {
    this.rows = new Map();
    this.seq = 0;
    this.askAgain = false;
  }
}
