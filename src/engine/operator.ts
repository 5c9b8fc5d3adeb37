// The operator base class: one node of a circuit, producing one output batch per step from its inputs' batches.

import { Batch } from './batch.js';

let forgettingPassNow = false;

/**
 * True while a circuit evaluates an operator in an epoch's forgetting pass (see `Operator.marksForgetting`): read it
 * at the start of `eval`, before any await.
 */
export function inForgettingPass(): boolean {
  return forgettingPassNow;
}

/** Sets what `inForgettingPass` answers (the circuit, around each evaluation of a forgetting pass). */
export function setForgettingPass(on: boolean): void {
  forgettingPassNow = on;
}

/** True when the operator has readers and none reads keys (it may leave its output's keys unmade, `Batch.lazy`). */
export function readersSkipKeys(op: Operator<unknown>): boolean {
  const readers = op.readers;
  if (readers.length === 0) return false;
  for (let i = 0; i < readers.length; i++) if (readers[i]!.readsKeys) return false;
  return true;
}

/**
 * A node of a circuit. Each `step`, the circuit calls `eval(time)` on every node in topological order; the
 * node reads its inputs' `output` batches (already computed this step) and fills its own `output`.
 * Stateful operators keep their state as explicit fields and expose it through `snapshot`/`restore`.
 */
export abstract class Operator<TOut = unknown> {
  /** This step's output. Replaced (not mutated) each step, so readers may hold on to it for the step. */
  output: Batch<TOut> = new Batch<TOut>();
  /** Position in the circuit (topological order). */
  id = -1;
  /** Where this operator comes from, for error messages (the table layer sets it to the user's line). */
  errorLabel: string | undefined = undefined;
  /**
   * True when, with every input empty, `eval` outputs an empty batch and changes no state: the circuit then skips
   * it. Operators with inputs opt in; sources and operators driven by time or a watermark keep it false.
   */
  skipWhenIdle = false;
  /**
   * True when, fed insertions only, the operator outputs insertions only and its output over an epoch does not
   * depend on how the epoch's input is split into consecutive passes at the same time (map, filter, join, ...; not
   * negate, reduce or anything driven by time). A circuit of such operators may run a large epoch in parts.
   */
  monotone = false;
  /**
   * False when the operator never reads its inputs' keys: an input may then hand it a batch whose keys are not made
   * yet (`Batch.lazy`), when every reader of that input says so.
   */
  readsKeys = true;
  /**
   * True when the operator emits retractions marked as forgetting (Pathway's `forget(mark_forgetting_records)`, its
   * "neu" times): its circuit then ends every epoch with a forgetting pass (`inForgettingPass()` true) that evaluates
   * this operator and the operators its output reaches, so a reader can drop what the retractions caused.
   */
  marksForgetting = false;
  /**
   * True when the operator must run in this epoch's forgetting pass even with idle inputs: one marking forgetting, an
   * output holding the epoch's batch.
   */
  get runsInForgettingPass(): boolean {
    return this.marksForgetting;
  }
  /** The operators reading this one's output (the circuit adds each as it is added). */
  readonly readers: Operator<any>[] = [];

  /** Creates an operator reading the given upstream operators. */
  constructor(readonly inputs: readonly Operator<any>[]) {}

  /** Computes this step's output. Returns a promise only when it must wait (async UDFs). */
  abstract eval(time: number): void | Promise<void>;

  /** Name for plans, logs and errors. */
  abstract get name(): string;

  /** True when this operator keeps state across steps. */
  get stateful(): boolean {
    return false;
  }

  /** Serializable copy of the operator's state (stateless operators have none). */
  snapshot(): unknown {
    return undefined;
  }

  /** Restores state produced by `snapshot`. */
  restore(_state: unknown): void {}

  /** Drops all state (used by nested circuits, which restart their fixpoint each outer epoch). */
  reset(): void {}

  /** Helper: start a fresh output batch for this step. */
  protected fresh(): Batch<TOut> {
    const b = new Batch<TOut>();
    this.output = b;
    return b;
  }
}
