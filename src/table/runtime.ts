// The runtime: lowers the plan nodes reachable from sinks onto one engine circuit and drives it epoch by epoch.

import { Circuit, runningOperator, type CircuitSnapshot } from '../engine/circuit.js';
import { ErrorLogs, type LogRange } from './error-logs.js';
import { consolidateBatch } from '../engine/consolidate.js';
import { InputOperator, OutputOperator } from '../engine/input-operator.js';
import type { Operator } from '../engine/operator.js';
import { DataError, GraphBuildError, SourceDataError } from './errors.js';
import { setErrorReporter, setQuiet } from './expressions/error-reporter.js';
import type { SinkSpec } from './graph.js';
import type { LoweringContext, PlanNode, SourceBinding } from './plan.js';
import type { ErrorValue } from './values/error-value.js';

/** Options of a run. */
export interface RunOptions {
  /** Stop at the first failing cell with a message pointing at the user's line (default true, as Pathway). */
  terminateOnError?: boolean;
  /**
   * Input rows per pass when a large insert-only epoch runs in parts (default 512; 0 never splits an epoch). See
   * `subscribe({ partialBatches })`: parts are used only when every sink accepts them.
   */
  partRows?: number;
}

/** The state of a runtime between steps (see `Runtime.snapshot`). */
export interface RuntimeSnapshot {
  readonly circuit: CircuitSnapshot;
  readonly errorSeq: number;
  readonly lastTime: number;
}

/** Whether a user callback's result is a promise to wait for; any other value is ignored (as Pathway does). */
export function isThenable(r: unknown): r is Promise<void> {
  return typeof (r as { then?: unknown } | null | undefined)?.then === 'function';
}

/** A built program: the circuit, its sources and sinks. */
export class Runtime implements LoweringContext {
  /** The engine circuit. */
  readonly circuit = new Circuit();
  private readonly memo = new Map<PlanNode, Operator<unknown[]>>();
  private readonly sources: SourceBinding[] = [];
  private readonly sinks: SinkSpec[] = [];
  /** The global and local error logs, and which operator's errors go where. */
  private readonly logs = new ErrorLogs(this.circuit);
  private lastTime = -1;
  private stopping = false;
  private started = false;
  private warnedErrors = 0;
  /** Fails the live run in progress (set while `run()` drives live sources). */
  private failLive: ((e: unknown) => void) | undefined;

  /** Builds the program reachable from `sinks`. */
  constructor(
    sinks: readonly SinkSpec[],
    readonly options: RunOptions = {},
  ) {
    if (options.partRows !== undefined) {
      if (!Number.isInteger(options.partRows) || options.partRows < 0) {
        throw new GraphBuildError(`partRows must be a non-negative integer, got ${options.partRows}`);
      }
      this.circuit.partRows = options.partRows;
    }
    for (const sink of sinks) {
      const op = this.lower(sink.node);
      this.circuit.add(
        new OutputOperator<unknown[]>(
          op,
          (b, t) => {
            const c = consolidateBatch(b);
            if (c.keys.length > 0) return sink.onBatch(c, t);
          },
          { acceptsParts: sink.acceptsParts === true, readsKeys: sink.readsIds !== false },
        ),
      );
      this.sinks.push(sink);
    }
  }

  lower(node: PlanNode): Operator<unknown[]> {
    let op = this.memo.get(node);
    if (op === undefined) {
      const inputs = node.inputs.map((n) => this.lower(n));
      op = node.lower(this, inputs);
      this.memo.set(node, op);
    }
    return op;
  }

  add<TOp extends Operator<any>>(op: TOp, node: PlanNode): TOp {
    this.circuit.add(op);
    this.bindNode(op, node);
    // Names the operator, so an error value created while it runs says where it happened (runningOperator()).
    op.errorLabel = node.site ? `${node.kind} at ${node.site}` : node.kind;
    return op;
  }

  addSource(source: SourceBinding): void {
    this.sources.push(source);
  }

  bindNode(op: Operator, node: PlanNode): void {
    this.logs.bind(op, node.id);
  }

  /** The input operator of the error log (created when the program reads `globalErrorLog()`). */
  errorLog(): InputOperator<unknown[]> {
    return this.logs.globalInput();
  }

  /** The input operator of a local error log (`localErrorLog`), covering the plan nodes of `range`. */
  localErrorLog(range: LogRange): InputOperator<unknown[]> {
    return this.logs.localInput(range);
  }

  private report = (error: ErrorValue, site: string | undefined, operator: string | undefined): void => {
    if (this.options.terminateOnError !== false) throw new DataError(error.message, site, operator);
    const running = runningOperator();
    if (this.logs.reads(running)) {
      // An error made while processing an error log is not fed back into it (each such row would make another, as
      // Pathway notes); it is only printed, as Pathway logs it.
      if (this.warnedErrors++ < 20)
        console.warn(`causeway: error while processing the error log: ${error.message}`);
      return;
    }
    this.logs.push(running, [operator ?? null, error.message, site ?? null]);
  };

  /**
   * A malformed source record: an error-log row (and a warning on stderr when nothing reads the log), or the end
   * of the run with a `SourceDataError` under `terminateOnError`.
   */
  reportSourceError(source: string, position: string, reason: string): void {
    if (this.options.terminateOnError !== false) {
      const error = new SourceDataError(source, position, reason);
      if (this.failLive) this.failLive(error);
      else throw error;
      return;
    }
    const logged = this.logs.push(undefined, [source, `malformed record at ${position}: ${reason}`, null]);
    if (!logged && this.warnedErrors++ < 20) {
      console.warn(`causeway: ${source}: malformed record at ${position}: ${reason}`);
    }
  }

  /** Opens every sink once (`onStart`), before the first epoch. */
  private start(): void | Promise<void> {
    if (this.started) return;
    this.started = true;
    const pending: Promise<void>[] = [];
    for (const s of this.sinks) {
      const r = s.onStart?.();
      if (r !== undefined) pending.push(r);
    }
    if (pending.length > 0) return Promise.all(pending).then(() => undefined);
  }

  /**
   * Runs one epoch at `time` (greater than the previous one). Completes synchronously (returning undefined) when no
   * operator or sink had to wait; otherwise returns a promise.
   */
  step(time: number): void | Promise<void> {
    if (!this.started) {
      const opening = this.start();
      if (opening !== undefined) return opening.then(() => this.step(time));
    }
    const prev = setErrorReporter(this.report);
    setQuiet(false);
    let pending: void | Promise<void>;
    try {
      pending = this.circuit.step(time);
    } catch (e) {
      setErrorReporter(prev);
      throw e;
    }
    if (pending !== undefined) {
      return pending.then(() => this.endStep(time)).finally(() => setErrorReporter(prev));
    }
    try {
      return this.endStep(time);
    } finally {
      setErrorReporter(prev);
    }
  }

  private endStep(time: number): void | Promise<void> {
    this.lastTime = time;
    this.circuit.releaseOutputs();
    for (let i = 0; i < this.sinks.length; i++) {
      const s = this.sinks[i]!;
      if (!s.onTimeEnd) continue;
      const r: unknown = s.onTimeEnd(time);
      if (isThenable(r)) return r.then(() => this.endSinksFrom(i + 1, time));
    }
  }

  private async endSinksFrom(from: number, time: number): Promise<void> {
    for (let i = from; i < this.sinks.length; i++) await this.sinks[i]!.onTimeEnd?.(time);
  }

  /**
   * The program's state between steps, as plain data: every stateful operator's snapshot plus the runtime's own
   * counters. Restore it into a runtime built by the same program (`build()` again) to continue where it stopped.
   */
  snapshot(): RuntimeSnapshot {
    return { circuit: this.circuit.snapshot(), errorSeq: this.logs.seq, lastTime: this.lastTime };
  }

  /** Loads a snapshot taken by `snapshot()` from a runtime of the same program. */
  restore(snap: RuntimeSnapshot): void {
    this.circuit.restore(snap.circuit);
    this.logs.seq = snap.errorSeq;
    this.lastTime = snap.lastTime;
  }

  /** Time of the last step. */
  get time(): number {
    return this.lastTime;
  }

  /**
   * Runs the program: static sources are replayed epoch by epoch in time order, live sources run until they
   * finish (or `stop()` is called); then pending error-log rows are flushed and sinks are ended. Connector sinks
   * (`endsOnFailure`) are ended (files closed) even when the run fails; the run's error is the one thrown, and a sink
   * failing to end after it is reported as a warning.
   */
  async run(): Promise<void> {
    let failed = false;
    let error: unknown;
    try {
      await this.start();
      const statics = this.sources.filter((s) => s.kind === 'static');
      const byTime = new Map<
        number,
        { input: InputOperator<unknown[]>; key: string; row: unknown[]; diff: number }[]
      >();
      for (const s of statics) {
        for (const u of s.updates) {
          let list = byTime.get(u.time);
          if (list === undefined) byTime.set(u.time, (list = []));
          list.push({ input: s.input, key: u.key, row: u.row, diff: u.diff });
        }
      }
      const times = [...byTime.keys()].sort((a, b) => a - b);
      for (const t of times) {
        if (this.stopping) break;
        for (const u of byTime.get(t)!) u.input.push(u.key, u.row, u.diff);
        await this.step(t);
      }
      const lives = this.sources.filter(
        (s): s is Extract<SourceBinding, { kind: 'live' }> => s.kind === 'live',
      );
      if (lives.length > 0 && !this.stopping) await this.runLive(lives);
      if (!this.stopping) await this.flushHeld();
      await this.flushErrors();
    } catch (e) {
      failed = true;
      error = e;
    }
    // Every sink is ended, each even when another fails to; the run's error comes first, then the first end's.
    let endFailed = false;
    let endError: unknown;
    for (const s of this.sinks) {
      if (!s.onEnd || (failed && s.endsOnFailure !== true)) continue;
      try {
        await s.onEnd();
      } catch (e) {
        if (!failed && !endFailed) [endFailed, endError] = [true, e];
        else console.warn(`causeway: ${s.name}: ending it failed too (after an earlier error): ${String(e)}`);
      }
    }
    if (failed) throw error;
    if (endFailed) throw endError;
  }

  /**
   * At the end of the input, operators holding rows back (temporal buffers) release them, one flush epoch at a time:
   * rows a downstream buffer receives during a flush epoch are held there again, so flushing repeats until nothing
   * is held (a chain of n buffers takes n epochs; Pathway flushes every buffer at the end of its input).
   */
  private async flushHeld(): Promise<void> {
    // Each flush epoch empties at least the most upstream holding buffer, so this bound is never reached by an
    // acyclic chain; it guards against operators that keep holding rows.
    const bound = this.circuit.operators.length + 1;
    for (let i = 0; i < bound; i++) {
      if (!this.markHeldForFlush()) return;
      await this.step(Math.max(this.lastTime + 1, 0));
    }
    if (this.markHeldForFlush()) {
      throw new Error(
        `flushing delayed rows at the end of the input did not converge after ${bound} epochs: ` +
          'an operator keeps holding rows back',
      );
    }
  }

  /** Asks every holding operator to release its rows in the next epoch; true when any holds rows. */
  private markHeldForFlush(): boolean {
    let held = false;
    for (const op of this.circuit.operators) {
      if ((op as { flushOnEnd?: () => boolean }).flushOnEnd?.() === true) held = true;
    }
    return held;
  }

  private async flushErrors(): Promise<void> {
    for (let i = 0; i < 10 && this.logs.pending > 0; i++) {
      await this.step(Math.max(this.lastTime + 1, 0));
    }
  }

  private runLive(lives: Extract<SourceBinding, { kind: 'live' }>[]): Promise<void> {
    let active = lives.length;
    let chain: Promise<void> = Promise.resolve();
    let failed = false;
    // Followers (sources fed by the program's own output) end together once the run is quiescent: every other source
    // ended, the steps settled, and every follower idle.
    const followers = lives.flatMap((l) => (l.driver.follower === undefined ? [] : [l.driver.follower]));
    let others = lives.length - followers.length;
    let ended = followers.length === 0;
    const checkQuiet = (): void => {
      if (ended || failed || others > 0) return;
      const settled = chain;
      void settled.then(() => {
        // A step queued meanwhile may hand a follower new work: check again after it.
        if (ended || failed || others > 0 || chain !== settled) return;
        if (!followers.every((f) => f.idle())) return;
        ended = true;
        for (const f of followers) f.end();
      });
    };
    // Epoch times of live commits: wall-clock milliseconds, kept strictly increasing even when a step failed.
    let nextTime = this.lastTime + 1;
    return new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        // Stop every source: after a failed step the program's state is not consistent any more.
        this.failLive = undefined;
        void this.stop();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      this.failLive = fail;
      // Resolves to true once the epoch holding what was pushed so far is computed and written to every sink;
      // false when the run failed (then nothing may be acknowledged upstream).
      const commit = (): Promise<boolean> => {
        if (failed) return chain.then(() => false);
        chain = chain.then(async () => {
          if (failed) return;
          const time = Math.max(nextTime, Date.now());
          nextTime = time + 1;
          try {
            await this.step(time);
          } catch (e) {
            fail(e);
          }
        });
        return chain.then(() => !failed);
      };
      for (const live of lives) {
        let finished = false;
        const follows = live.driver.follower !== undefined;
        const io = {
          push: (key: string, row: unknown[], diff: number) => {
            if (!failed) live.input.push(key, row, diff);
          },
          commit,
          finish: () => {
            if (finished) return;
            finished = true;
            // Step once more only for updates pushed since the source's last commit.
            void (live.input.pending > 0 ? commit() : chain).then(() => {
              if (!follows) {
                others--;
                checkQuiet();
              }
              if (--active === 0 && !failed) {
                this.failLive = undefined;
                resolve();
              }
            });
          },
          idle: checkQuiet,
          error: (source: string, position: string, reason: string) => {
            if (!failed) this.reportSourceError(source, position, reason);
          },
        };
        Promise.resolve(live.driver.start(io)).catch(fail);
      }
      checkQuiet();
    });
  }

  /** Asks live sources to stop; `run()` then finishes the epoch in flight and ends the sinks. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of this.sources) if (s.kind === 'live' && s.driver.stop) await s.driver.stop();
  }
}
