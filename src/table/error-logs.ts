// Where a running program's error rows go: the global log (`globalErrorLog()`) and the local logs
// (`localErrorLog(() => ...)`, Pathway's `local_error_log`), chosen by the plan node of the operator that failed.
//
// Algorithm: the runtime records, for every operator it adds, the id of the plan node it lowers; a local log covers
// the plan nodes created inside its block (ids `from..to`). An error made while an operator runs goes to the
// innermost local log covering that operator's node, else to the global log; a log nobody reads is never created, so
// its errors go to the next log out (nothing is lost).
// State: the logs' input operators, operator -> plan node id, the row sequence (checkpointed by the runtime).

import type { Circuit } from '../engine/circuit.js';
import { InputOperator } from '../engine/input-operator.js';
import { keyFromValue, keyWithIndex } from '../engine/key.js';
import type { Operator } from '../engine/operator.js';

/** The plan nodes a local log covers (ids, inclusive). */
export interface LogRange {
  readonly from: number;
  readonly to: number;
}

interface LocalLog extends LogRange {
  readonly input: InputOperator<unknown[]>;
}

/** The error logs of one runtime. */
export class ErrorLogs {
  private global: InputOperator<unknown[]> | undefined;
  private readonly locals: LocalLog[] = [];
  private readonly nodeOf = new WeakMap<Operator, number>();
  /** Operators downstream of a log's input (computed once the circuit is built). */
  private readers: Set<Operator> | undefined;
  /** Sequence of error rows, for their ids. */
  seq = 0;

  /** Logs of the operators of `circuit`. */
  constructor(private readonly circuit: Circuit) {}

  /** Records the plan node `op` was lowered from. */
  bind(op: Operator, nodeId: number): void {
    this.nodeOf.set(op, nodeId);
  }

  /** The global log's input operator (created when the program reads `globalErrorLog()`). */
  globalInput(): InputOperator<unknown[]> {
    return (this.global ??= this.circuit.add(new InputOperator<unknown[]>('error-log')));
  }

  /** The input operator of the local log covering `range` (created when the program reads it). */
  localInput(range: LogRange): InputOperator<unknown[]> {
    const input = this.circuit.add(new InputOperator<unknown[]>('local-error-log'));
    this.locals.push({ from: range.from, to: range.to, input });
    return input;
  }

  /** True when the program reads some log. */
  get active(): boolean {
    return this.global !== undefined || this.locals.length > 0;
  }

  /** True when `op` reads a log, directly or not (an error made there is not fed back into a log). */
  reads(op: Operator | undefined): boolean {
    if (op === undefined || !this.active) return false;
    let readers = this.readers;
    if (readers === undefined) {
      readers = new Set<Operator>(this.locals.map((l) => l.input));
      if (this.global !== undefined) readers.add(this.global);
      for (const o of this.circuit.operators) if (o.inputs.some((i) => readers!.has(i))) readers.add(o);
      this.readers = readers;
    }
    return readers.has(op);
  }

  /** Adds an error row for an error made while `op` ran (undefined: outside any operator); false when no log takes it. */
  push(op: Operator | undefined, row: unknown[]): boolean {
    const input = this.target(op);
    if (input === undefined) return false;
    input.push(keyWithIndex(keyFromValue('error-log'), this.seq++), row, 1);
    return true;
  }

  /** Error rows waiting for the next step, in all logs. */
  get pending(): number {
    let n = this.global?.pending ?? 0;
    for (const l of this.locals) n += l.input.pending;
    return n;
  }

  /** The innermost local log covering `op`'s plan node, else the global log. */
  private target(op: Operator | undefined): InputOperator<unknown[]> | undefined {
    const id = op === undefined ? undefined : this.nodeOf.get(op);
    let best: LocalLog | undefined;
    if (id !== undefined) {
      for (const l of this.locals) {
        if (l.from <= id && id <= l.to && (best === undefined || l.to - l.from < best.to - best.from))
          best = l;
      }
    }
    return best?.input ?? this.global;
  }
}
