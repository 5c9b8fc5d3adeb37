// Fixpoint iteration in a nested circuit.
//
// Algorithm: each outer epoch in which an input changed, the nested circuit restarts from empty state and is
// fed the full current inputs at inner step 0; afterwards each inner step feeds back the body's output delta
// (the first feedback is body(T0) - T0). The inner circuit is itself incremental across inner steps
// (semi-naive evaluation), and the loop stops when no iterated collection changes, or at `maxIterations`.
// The outer output is the difference between this epoch's fixpoint and the previous one.
// State: the integrated outer inputs and the previous fixpoint of every iterated collection.
// Invariants: after each outer step, the integrated outputs equal body^k(inputs) at the fixpoint.
// Cost: the fixpoint is recomputed in full for every outer epoch that changes an input (see ARCHITECTURE.md).

import { Batch, EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { Collection } from './collection.js';
import { consolidateBatch } from './consolidate.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** Builds the loop body inside the nested circuit: iterated and constant inputs in, new iterated values out. */
export type IterateBody = (inner: Circuit, inputs: readonly Operator<any>[]) => readonly Operator<any>[];

/** Options of a fixpoint iteration. */
export interface IterateOptions {
  /** Number of leading inputs that are iterated (fed back); the rest are constants. */
  iterated: number;
  /** Stop after this many applications of the body even without a fixpoint. */
  maxIterations?: number;
}

/** Checkpoint of one integrated collection of an `IterateOperator`, as parallel arrays. */
interface IterateCollectionSnapshot {
  keys: Key[];
  rows: unknown[];
  diffs: number[];
}

/** Raised when a nested circuit does not converge within a safety bound. */
export class IterationLimitError extends Error {
  /** Stable error code. */
  readonly code = 'ITERATION_LIMIT';
}

const SAFETY_LIMIT = 1_000_000;

/** Runs a nested circuit to a fixpoint; outputs are read through `IterateProjection`s. */
export class IterateOperator extends Operator<never> {
  /** This step's output delta per iterated collection. */
  results: Batch<any>[];
  private readonly inner = new Circuit();
  private readonly innerInputs: InputOperator<any>[];
  private readonly collected: Batch<any>[];
  private readonly accumulated: Collection<any>[];
  private previous: Collection<any>[];

  /** Creates the iteration and builds its body once. */
  constructor(
    inputs: readonly Operator<any>[],
    body: IterateBody,
    private readonly options: IterateOptions,
  ) {
    super(inputs);
    if (options.maxIterations !== undefined && !(options.maxIterations >= 1)) {
      throw new RangeError(`iterate: maxIterations must be at least 1, got ${options.maxIterations}`);
    }
    this.innerInputs = inputs.map((_, i) => this.inner.add(new InputOperator<any>(`iterate-input-${i}`)));
    const outs = body(this.inner, this.innerInputs);
    if (outs.length !== options.iterated) {
      throw new Error(`iterate body returned ${outs.length} collections, expected ${options.iterated}`);
    }
    this.collected = outs.map(() => new Batch<any>());
    outs.forEach((op, i) =>
      this.inner.add(
        new OutputOperator<any>(op, (b) => {
          this.collected[i]!.append(b);
        }),
      ),
    );
    this.accumulated = inputs.map(() => new Collection<any>());
    this.previous = outs.map(() => new Collection<any>());
    this.results = outs.map(() => EMPTY_BATCH);
  }
  get name(): string {
    return 'iterate';
  }
  override get stateful(): boolean {
    return true;
  }
  eval(): void | Promise<void> {
    let changed = false;
    this.inputs.forEach((input, i) => {
      const b = input.output;
      if (b.keys.length > 0) {
        changed = true;
        this.accumulated[i]!.apply(b);
      }
    });
    if (!changed) {
      this.results = this.results.map(() => EMPTY_BATCH);
      return;
    }
    return this.runFixpoint();
  }

  private async runFixpoint(): Promise<void> {
    const k = this.options.iterated;
    const limit = this.options.maxIterations ?? SAFETY_LIMIT;
    this.inner.reset();
    const current = this.previous.map(() => new Collection<any>());
    this.innerInputs.forEach((inp, i) => {
      const full = this.accumulated[i]!.toBatch();
      inp.pushBatch(full);
      if (i < k) current[i]!.apply(full);
    });
    let t = 0;
    for (let iteration = 1; ; iteration++) {
      for (const c of this.collected) c.clear();
      const r = this.inner.step(t++);
      if (r !== undefined) await r;
      // The first body output is body(T0) as a delta from empty; the var holds T0, so feed back body(T0) - T0.
      let any = false;
      for (let i = 0; i < k; i++) {
        const out = this.collected[i]!;
        if (iteration === 1) out.append(this.accumulated[i]!.toBatch(), -1);
        const delta = consolidateBatch(out);
        if (delta.keys.length > 0) {
          any = true;
          current[i]!.apply(delta);
          this.innerInputs[i]!.pushBatch(delta);
        }
      }
      if (!any) break;
      if (this.options.maxIterations === undefined && iteration >= SAFETY_LIMIT) {
        throw new IterationLimitError(
          'iterate did not converge in 1,000,000 steps; give it an iteration limit, or check that the body reaches a fixpoint',
        );
      }
      if (iteration >= limit) break;
    }
    for (const inp of this.innerInputs) inp.reset();
    this.results = current.map((c, i) => this.previous[i]!.diffTo(c));
    this.previous = current;
  }

  /** Plain data: per collection `{ keys, rows, diffs }` arrays (fresh arrays; rows as they are). */
  override snapshot(): unknown {
    const plain = (c: Collection<any>): IterateCollectionSnapshot => {
      const b = c.toBatch();
      return { keys: b.keys, rows: b.rows, diffs: b.diffs };
    };
    return { accumulated: this.accumulated.map(plain), previous: this.previous.map(plain) };
  }
  override restore(state: unknown): void {
    const s = state as { accumulated: IterateCollectionSnapshot[]; previous: IterateCollectionSnapshot[] };
    // Collection.update copies into its own groups, so nothing of the snapshot is shared.
    const load = (into: Collection<any>, saved: IterateCollectionSnapshot): void => {
      into.clear();
      for (let i = 0; i < saved.keys.length; i++) into.update(saved.keys[i]!, saved.rows[i], saved.diffs[i]!);
    };
    s.accumulated.forEach((saved, i) => load(this.accumulated[i]!, saved));
    this.previous = s.previous.map((saved) => {
      const c = new Collection<any>();
      load(c, saved);
      return c;
    });
  }
  /** Drops the integrated inputs and the last fixpoint (an iteration nested in another restarts each round). */
  override reset(): void {
    for (const c of this.accumulated) c.clear();
    this.previous = this.previous.map(() => new Collection<any>());
    this.results = this.results.map(() => EMPTY_BATCH);
  }
}

/** Reads one iterated collection's delta out of an `IterateOperator`. */
export class IterateProjection<TRow> extends Operator<TRow> {
  /** Creates the projection of output `index`. */
  constructor(
    iterate: IterateOperator,
    private readonly index: number,
  ) {
    super([iterate]);
  }
  get name(): string {
    return 'iterate-output';
  }
  eval(): void {
    this.output = (this.inputs[0] as IterateOperator).results[this.index] as Batch<TRow>;
  }
}
