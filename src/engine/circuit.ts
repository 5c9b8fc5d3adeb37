// The circuit: operators in topological order, stepped once per epoch (DBSP's synchronous circuit).

import { EMPTY_BATCH } from './batch.js';
import type { Operator } from './operator.js';

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

/** Raised when the engine is misused (time going backwards, stepping a running circuit). */
export class EngineError extends Error {
  /** Stable error code. */
  readonly code = 'ENGINE';
}

/**
 * A synchronous dataflow circuit. Operators are added after their inputs, so insertion order is a
 * topological order. `step(time)` pushes one epoch's staged input updates through every operator.
 * Consistency: after `step(t)` resolves, every output has seen exactly the inputs staged up to t.
 */
export class Circuit {
  /** Operators in topological order. */
  readonly operators: Operator[] = [];
  private lastTime = -Infinity;
  private running = false;

  /** Adds an operator (its inputs must already be in this circuit). */
  add<TOp extends Operator<any>>(op: TOp): TOp {
    for (const input of op.inputs) {
      if (input.id < 0 || this.operators[input.id] !== input) {
        throw new EngineError(`operator ${op.name} reads an operator that is not in this circuit`);
      }
    }
    op.id = this.operators.length;
    this.operators.push(op);
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
    if (this.running) throw new EngineError('step() called while a previous step is still running');
    this.lastTime = time;
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

  /** Serializable state of every stateful operator, by operator position. */
  snapshot(): { time: number; operators: unknown[] } {
    return {
      time: this.lastTime,
      operators: this.operators.map((op) => (op.stateful ? op.snapshot() : undefined)),
    };
  }

  /** Restores a snapshot taken from a circuit built by the same program. */
  restore(snap: { time: number; operators: unknown[] }): void {
    if (snap.operators.length !== this.operators.length) {
      throw new EngineError(
        `snapshot has ${snap.operators.length} operators but the circuit has ${this.operators.length}; the program changed`,
      );
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
