// The circuit: operators in topological order, stepped once per epoch (DBSP's synchronous circuit).

import { EMPTY_BATCH } from './batch.js';
import { InputOperator, OutputOperator, type StagedUpdates } from './input-operator.js';
import { setForgettingPass, type Operator } from './operator.js';

let current: Operator | undefined;

/**
 * The operator being evaluated (or the last one that returned a promise and is still awaited), so error values
 * created inside can say where they happened. Undefined between steps.
 */
export function runningOperator(): Operator | undefined {
  return current;
}

/** True when the operator reads at least one input and every input's output of this step is empty. */
function inputsIdle(inputs: readonly Operator[]): boolean {
  const n = inputs.length;
  for (let i = 0; i < n; i++) if (inputs[i]!.output.keys.length > 0) return false;
  return n > 0;
}

/** Evaluates one operator for a step (or skips it, see `skipWhenIdle`), naming it as the running operator. */
function evalOne(op: Operator, time: number): void | Promise<void> {
  if (op.skipWhenIdle && inputsIdle(op.inputs)) {
    op.output = EMPTY_BATCH;
    return;
  }
  current = op;
  return op.eval(time);
}

/** The layout version of `CircuitSnapshot` (and of the operator states in it) this build writes and reads. */
export const SNAPSHOT_FORMAT = 1;

/** A circuit's state between steps, as plain data (`Circuit.snapshot`). */
export interface CircuitSnapshot {
  /** `SNAPSHOT_FORMAT` of the build that took it (absent: taken before formats were recorded; not checked). */
  readonly format?: number;
  /** Time of the last step. */
  readonly time: number;
  /** Each operator's kind (`Operator.name`), by position (absent: not checked). */
  readonly kinds?: readonly string[];
  /** Each stateful operator's state, by position (undefined for stateless ones). */
  readonly operators: unknown[];
}

/** Raised when the engine is misused (time going backwards, stepping a running circuit). */
export class EngineError extends Error {
  /** Stable error code. */
  readonly code = 'ENGINE';
}

/** Default of `Circuit.partRows`. */
export const DEFAULT_PART_ROWS = 512;

/** One pass of an epoch run in parts: updates [from, to) of some of one input's staged updates. */
interface EpochPart {
  readonly input: InputOperator<unknown>;
  readonly staged: StagedUpdates;
  readonly from: number;
  readonly to: number;
}

/**
 * A synchronous dataflow circuit. Operators are added after their inputs, so insertion order is a
 * topological order. `step(time)` pushes one epoch's staged input updates through every operator.
 * Consistency: after `step(t)` resolves, every output has seen exactly the inputs staged up to t.
 */
export class Circuit {
  /** Operators in topological order. */
  readonly operators: Operator[] = [];
  /**
   * An epoch of more staged input rows than this, all insertions, in a circuit of monotone operators (see
   * `Operator.monotone`; outputs only where their callbacks accept parts), runs as consecutive passes of at most
   * this many rows of one input each (0: never). Every operator is incremental, so the passes' outputs sum to the
   * epoch's; a pass's intermediate batches are garbage before the next, instead of the whole epoch's being alive at
   * once (a large load through a join).
   */
  partRows = DEFAULT_PART_ROWS;
  private lastTime = -Infinity;
  private running = false;
  /** True while an epoch waits between passes (run in parts, or before its forgetting pass). */
  private partsRunning = false;
  /** Whether every operator is monotone; undefined until asked (operators may still be added). */
  private allMonotone: boolean | undefined;
  /** The circuit's inputs; undefined until asked. */
  private inputOps: InputOperator<unknown>[] | undefined;
  /** Whether an operator marks forgetting (epochs then end with a forgetting pass); undefined until asked. */
  private forgets: boolean | undefined;

  /** Adds an operator (its inputs must already be in this circuit). */
  add<TOp extends Operator<any>>(op: TOp): TOp {
    for (const input of op.inputs) {
      if (input.id < 0 || this.operators[input.id] !== input) {
        throw new EngineError(`operator ${op.name} reads an operator that is not in this circuit`);
      }
    }
    op.id = this.operators.length;
    this.operators.push(op);
    for (const input of op.inputs) input.readers.push(op);
    this.allMonotone = undefined;
    this.inputOps = undefined;
    this.forgets = undefined;
    return op;
  }

  /** Time of the last step, or -Infinity before the first. */
  get time(): number {
    return this.lastTime;
  }

  /**
   * Runs one epoch at `time` (strictly greater than the previous step's). Returns a promise only when an
   * operator had to wait (async UDFs, async sinks); otherwise the step completes synchronously.
   */
  step(time: number): void | Promise<void> {
    if (!(time > this.lastTime)) {
      throw new EngineError(`epoch times must increase: got ${time} after ${this.lastTime}`);
    }
    if (this.running || this.partsRunning) {
      throw new EngineError('step() called while a previous step is still running');
    }
    this.lastTime = time;
    // Before the epoch's own pass: outputs then know to hold its batch for the forgetting pass.
    const forgets = (this.forgets ??= this.prepareForgetting());
    const parts = this.epochParts();
    const r = parts === undefined ? this.pass(time) : this.passParts(parts, 0, time);
    if (!forgets) return r;
    if (r === undefined) return this.forgettingPass(time, 0);
    this.partsRunning = true;
    return r
      .then(() => this.forgettingPass(time, 0))
      .finally(() => {
        this.partsRunning = false;
      });
  }

  /**
   * True when an operator marks forgetting (`Operator.marksForgetting`); every output taking no parts then holds an
   * epoch's first batch until the forgetting pass (`OutputOperator.waitsForForgetting`).
   */
  private prepareForgetting(): boolean {
    if (!this.operators.some((op) => op.marksForgetting)) return false;
    for (const op of this.operators)
      if (op instanceof OutputOperator && !op.monotone) op.waitsForForgetting = true;
    return true;
  }

  /**
   * The epoch's forgetting pass, from operator `from` on (Pathway's "neu" time, right after the epoch's own): the
   * inputs give nothing, the operators marking forgetting emit their marked retractions, and exactly the operators
   * with a non-empty input or `runsInForgettingPass` run, with `inForgettingPass()` true; the others output nothing.
   * Returns a promise only when an operator had to wait.
   */
  private forgettingPass(time: number, from: number): void | Promise<void> {
    const ops = this.operators;
    const outer = current;
    let async = false;
    try {
      for (let i = from; i < ops.length; i++) {
        const op = ops[i]!;
        if (!op.runsInForgettingPass && (op.inputs.length === 0 || inputsIdle(op.inputs))) {
          if (op.output !== EMPTY_BATCH) op.output = EMPTY_BATCH;
          continue;
        }
        current = op;
        setForgettingPass(true);
        let r: void | Promise<void>;
        try {
          r = op.eval(time);
        } finally {
          setForgettingPass(false);
        }
        if (r !== undefined) {
          this.running = async = true;
          return r
            .then(() => this.forgettingPass(time, i + 1))
            .finally(() => {
              this.running = false;
              current = outer;
            });
        }
      }
    } finally {
      if (!async) current = outer;
    }
  }

  /** Evaluates every operator once; returns a promise only when one had to wait. */
  private pass(time: number): void | Promise<void> {
    const ops = this.operators;
    const outer = current;
    let async = false;
    try {
      for (let i = 0; i < ops.length; i++) {
        const r = evalOne(ops[i]!, time);
        if (r !== undefined) {
          this.running = async = true;
          return this.finishAsync(r, i + 1, time, outer);
        }
      }
    } finally {
      // An awaited operator stays current (its continuation may still report errors) until finishAsync ends.
      if (!async) current = outer;
    }
  }

  /** Runs passes `from`... of an epoch split into parts, each input fed its part and every other input nothing. */
  private passParts(parts: readonly EpochPart[], from: number, time: number): void | Promise<void> {
    const inputs = this.inputs();
    for (let p = from; p < parts.length; p++) {
      // The previous pass's batches are garbage now: released, so that at most one pass's rows are alive when the
      // young generation is collected. Otherwise V8 may see nearly every row of an allocation site survive, and
      // allocate the rest of the load straight into the old generation (pretenuring).
      if (p > 0) this.releaseOutputs();
      const part = parts[p]!;
      const slice = part.staged.slice(part.from, part.to);
      for (const input of inputs) input.feed(input === part.input ? slice : EMPTY_BATCH);
      const r = this.pass(time);
      if (r !== undefined) {
        // The step is still running until its last pass is done (a pass's own end clears `running`).
        this.partsRunning = true;
        return r
          .then(() => this.passParts(parts, p + 1, time))
          .finally(() => {
            this.partsRunning = false;
          });
      }
    }
  }

  /** The circuit's input operators, in circuit order. */
  private inputs(): InputOperator<unknown>[] {
    return (this.inputOps ??= this.operators.filter(
      (op): op is InputOperator<unknown> => op instanceof InputOperator,
    ));
  }

  /**
   * The parts of this epoch when it runs in parts (see `partRows`), taking the inputs' staged batches; else
   * undefined, touching nothing.
   */
  private epochParts(): EpochPart[] | undefined {
    const max = this.partRows;
    if (max <= 0) return undefined;
    let total = 0;
    for (const op of this.inputs()) total += op.pending;
    if (total <= max) return undefined;
    const inputs = this.inputs().filter((op) => op.pending > 0);
    this.allMonotone ??= this.operators.every((op) => op.monotone);
    if (!this.allMonotone || !inputs.every((op) => op.stagedInsertOnly())) return undefined;
    const parts: EpochPart[] = [];
    for (const input of inputs) {
      for (const staged of input.takeStaged()) {
        const n = staged.length;
        for (let from = 0; from < n; from += max)
          parts.push({ input, staged, from, to: Math.min(n, from + max) });
      }
    }
    return parts;
  }

  private async finishAsync(
    pending: Promise<void>,
    from: number,
    time: number,
    outer: Operator | undefined,
  ): Promise<void> {
    try {
      await pending;
      const ops = this.operators;
      for (let i = from; i < ops.length; i++) {
        const r = evalOne(ops[i]!, time);
        if (r !== undefined) await r;
      }
    } finally {
      this.running = false;
      current = outer;
    }
  }

  /**
   * Drops every operator's output batch of the last step (replaced by the empty batch). Outputs are read only while
   * a step runs, so a runtime calls this after each step: a large epoch's intermediate batches (a load's join output)
   * then do not stay reachable until the next step.
   */
  releaseOutputs(): void {
    const ops = this.operators;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      if (op.output !== EMPTY_BATCH) op.output = EMPTY_BATCH;
    }
  }

  /** Serializable state of every stateful operator, by operator position, with each operator's kind. */
  snapshot(): CircuitSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      time: this.lastTime,
      kinds: this.operators.map((op) => op.name),
      operators: this.operators.map((op) => (op.stateful ? op.snapshot() : undefined)),
    };
  }

  /**
   * Restores a snapshot taken from a circuit built by the same program. Refuses, changing nothing, a snapshot of
   * another format or of another program (another number of operators, or another kind at some position), so state
   * is never loaded into operators it was not taken from.
   */
  restore(snap: CircuitSnapshot): void {
    if (snap.format !== undefined && snap.format !== SNAPSHOT_FORMAT) {
      throw new EngineError(
        `snapshot format ${String(snap.format)} cannot be restored by this build, which reads format ${SNAPSHOT_FORMAT}`,
      );
    }
    if (snap.operators.length !== this.operators.length) {
      throw new EngineError(
        `snapshot has ${snap.operators.length} operators but the circuit has ${this.operators.length}; the program changed`,
      );
    }
    const kinds = snap.kinds;
    if (kinds !== undefined) {
      const i = this.operators.findIndex((op, j) => kinds[j] !== op.name);
      if (i >= 0) {
        throw new EngineError(
          `snapshot operator ${i} is a ${String(kinds[i])} but the circuit's is a ${this.operators[i]!.name}; the program changed`,
        );
      }
    }
    this.lastTime = snap.time;
    this.operators.forEach((op, i) => {
      if (op.stateful) op.restore(snap.operators[i]);
    });
  }

  /** Drops all operator state and restarts time (nested circuits do this each outer epoch). */
  reset(): void {
    this.lastTime = -Infinity;
    for (const op of this.operators) op.reset();
  }
}
