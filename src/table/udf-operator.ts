// Evaluates UDF calls batch-wise, one engine operator per call, appending each result as a column.
// Async, batched, cached and retried UDFs all run here, so the expression compiler only sees plain columns.

import { Batch, EMPTY_BATCH } from '../engine/batch.js';
import { consolidateBatch } from '../engine/consolidate.js';
import { Operator } from '../engine/operator.js';
import { compileRow, type RowFn } from './expression-compiler.js';
import type { Expr, UdfLike } from './expression.js';
import type { DType } from './dtype.js';
import type { LoweringContext, PlanNode } from './plan.js';
import { SlotScope, type ScopeSlot } from './scope.js';
import { makeError, setQuiet } from './expressions/error-reporter.js';
import type { Key } from '../engine/key.js';
import { ErrorValue } from './values/error-value.js';
import { returnTypeCheck } from './udf/return-type.js';
import { evaluateUdfRows, ResultMemo, type UdfRunner } from './udf/index.js';
import { neverRetracted } from './append-only.js';
import { InputOperator } from '../engine/input-operator.js';
import { GraphBuildError } from './errors.js';
import { FullyAsyncDriver, FullyAsyncUdfOperator } from './fully-async-udf.js';

/** The slot under which UDF results are visible to expressions. */
export const UDF_SLOT = Object.freeze({ udfResults: true });

/**
 * A condition under which a UDF call's branch is evaluated, as the compiled expression decides it: `true` / `false`,
 * the value is exactly that boolean (`ifElse`); `none`, it is None (an earlier `coalesce` argument); `notNone`, it is
 * not None (a `require` argument).
 */
export interface UdfGuard {
  readonly expr: Expr;
  readonly when: 'true' | 'false' | 'none' | 'notNone';
}

/** One UDF call site of an expression list, after its arguments were rewritten. */
export interface UdfCall {
  readonly udf: UdfLike;
  readonly args: readonly Expr[];
  readonly site: string | undefined;
  /** The branch conditions of the call; it runs only for rows meeting all of them (its result is null elsewhere). */
  readonly guards?: readonly UdfGuard[];
  /** The call's declared return dtype (results of a scalar dtype that do not fit become error values). */
  readonly dtype?: DType;
}

/** Whether a guard's value meets its condition. */
function meets(v: unknown, when: UdfGuard['when']): boolean {
  switch (when) {
    case 'true':
      return v === true;
    case 'false':
      return v === false;
    case 'none':
      return v === null || v === undefined;
    case 'notNone':
      return v !== null && v !== undefined;
  }
}

/** A UDF as the lowering needs it: its shared runner. */
export interface RunnableUdf extends UdfLike {
  readonly runner: UdfRunner;
  /** Pathway's fully async executor (`UdfDefinitionOptions.fullyAsync`): lowered to a `FullyAsyncUdfOperator`. */
  readonly fullyAsync?: boolean;
}

/** Appends one UDF result column to every row. */
export class UdfOperator extends Operator<unknown[]> {
  private memo: ResultMemo | undefined;

  /** Creates the operator for one UDF call. */
  constructor(
    input: Operator<unknown[]>,
    private readonly argsOf: RowFn,
    private readonly runner: UdfRunner,
    private readonly site?: string,
    /** Whether a row takes the call's branch (see `UdfCall.guards`); absent: every row does. */
    private readonly takes?: (row: unknown[], key: Key) => boolean,
    /** Checks a result against the declared return type (see `returnTypeCheck`); absent: nothing to check. */
    private readonly check?: (v: unknown) => string | undefined,
    /**
     * No input row is ever retracted (it reads append-only tables only): a non-deterministic function's results need
     * not be remembered for retractions (Pathway: `deterministic or append_only`).
     */
    neverRetracted = false,
  ) {
    super([input]);
    this.memo = runner.deterministic || neverRetracted ? undefined : new ResultMemo();
  }
  get name(): string {
    return `udf ${this.runner.name}`;
  }
  override get stateful(): boolean {
    return this.memo !== undefined;
  }
  eval(): void | Promise<void> {
    const raw = this.inputs[0]!.output as Batch<unknown[]>;
    if (raw.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const all = consolidateBatch(raw);
    // Rows whose branch does not call the UDF get null without a call (each row's guards evaluated once).
    const [inb, skipped] = this.takes === undefined ? [all, undefined] : splitByBranch(all, this.takes);
    const args = inb.rows.map((row, i) => this.argsOf(row, inb.keys[i]!));
    const results = evaluateUdfRows(this.runner, this.memo, inb.keys, args, inb.diffs);
    if (results instanceof Promise) return results.then((r) => this.emit(inb, args, r, skipped));
    this.emit(inb, args, results, skipped);
  }
  private emit(
    inb: Batch<unknown[]>,
    args: readonly (readonly unknown[])[],
    results: readonly unknown[],
    skipped: Batch<unknown[]> | undefined,
  ): void {
    const out = new Batch<unknown[]>();
    for (let i = 0; i < inb.keys.length; i++) {
      const row = inb.rows[i]!;
      let r = results[i];
      // A failure of this call (not an error argument passed through) goes to the error log once, on insertion;
      // the cell keeps the runner's value so that its retraction carries the same object.
      if (r instanceof ErrorValue && inb.diffs[i]! > 0 && !args[i]!.includes(r))
        makeError(r.message, this.site);
      else if (this.check !== undefined && !(r instanceof ErrorValue)) {
        const wrong = this.check(r);
        if (wrong !== undefined) {
          // Logged on insertion only; the retraction's error is equal (one message), so it cancels.
          r = inb.diffs[i]! > 0 ? makeError(wrong, this.site) : new ErrorValue(wrong);
        }
      }
      const extended = row.slice();
      extended.push(r === undefined ? null : r);
      out.push(inb.keys[i]!, extended, inb.diffs[i]!);
    }
    if (skipped !== undefined) {
      for (let i = 0; i < skipped.keys.length; i++) {
        const extended = skipped.rows[i]!.slice();
        extended.push(null);
        out.push(skipped.keys[i]!, extended, skipped.diffs[i]!);
      }
    }
    this.output = out;
  }
  override snapshot(): unknown {
    return this.memo?.snapshot();
  }
  override restore(state: unknown): void {
    if (this.memo && state !== undefined) this.memo.restore(state as never);
  }
  override reset(): void {
    if (this.memo) this.memo = new ResultMemo();
  }
}

/** The rows of `b` that take the branch, and those that do not. */
function splitByBranch(
  b: Batch<unknown[]>,
  takes: (row: unknown[], key: Key) => boolean,
): [Batch<unknown[]>, Batch<unknown[]>] {
  const taken = new Batch<unknown[]>();
  const skipped = new Batch<unknown[]>();
  for (let i = 0; i < b.keys.length; i++)
    (takes(b.rows[i]!, b.keys[i]!) ? taken : skipped).push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
  return [taken, skipped];
}

/** A fully async call's operator, its results' input and the driver feeding it (fully-async-udf.ts). */
function lowerFullyAsync(
  ctx: LoweringContext,
  node: PlanNode,
  input: Operator<unknown[]>,
  argsOf: RowFn,
  runner: UdfRunner,
  call: UdfCall,
  takes: ((row: unknown[], key: Key) => boolean) | undefined,
): Operator<unknown[]> {
  const site = call.site ?? node.site;
  if (ctx.nested) throw new GraphBuildError(`a fully async UDF cannot run inside cw.iterate`, site);
  const inner = call.dtype?.name === 'Future' ? call.dtype.inner[0] : call.dtype;
  const driver = new FullyAsyncDriver(runner, inner === undefined ? undefined : returnTypeCheck(inner));
  const results = ctx.add(new InputOperator<unknown[]>('fully-async-udf results'), node);
  ctx.addSource({ kind: 'live', input: results, driver });
  return ctx.add(new FullyAsyncUdfOperator(input, results, argsOf, driver, takes, site), node);
}

/** Adds one UdfOperator per call; call i may read the results of calls before it. */
export function lowerUdfs(
  ctx: LoweringContext,
  node: PlanNode,
  input: Operator<unknown[]>,
  calls: readonly UdfCall[],
  base: SlotScope,
): Operator<unknown[]> {
  const width = base.slots.reduce((w, s) => Math.max(w, s.offset + s.columns.length), 0);
  const growsOnly = neverRetracted(base.slots.map((s) => s.table));
  let op = input;
  calls.forEach((call, i) => {
    const slots: ScopeSlot[] = [
      ...base.slots,
      {
        table: UDF_SLOT,
        aliases: [],
        columns: calls.slice(0, i).map((_, j) => `__udf${j}`),
        offset: width,
        idPosition: 'key',
      },
    ];
    const scope = new SlotScope(slots);
    const argsOf = compileRow(call.args, scope);
    const guards = call.guards ?? [];
    let takes: ((row: unknown[], key: Key) => boolean) | undefined;
    if (guards.length > 0) {
      // The guards' values are computed quietly: their errors are reported by the expression that uses them.
      const values = compileRow(
        guards.map((g) => g.expr),
        scope,
      );
      const whens = guards.map((g) => g.when);
      takes = (row, key) => {
        const prev = setQuiet(true);
        const v = values(row, key);
        setQuiet(prev);
        for (let j = 0; j < whens.length; j++) if (!meets(v[j], whens[j]!)) return false;
        return true;
      };
    }
    const runnable = call.udf as RunnableUdf;
    if (runnable.fullyAsync === true) {
      op = lowerFullyAsync(ctx, node, op, argsOf, runnable.runner, call, takes);
      return;
    }
    op = ctx.add(
      new UdfOperator(
        op,
        argsOf,
        (call.udf as RunnableUdf).runner,
        call.site ?? node.site,
        takes,
        call.dtype === undefined ? undefined : returnTypeCheck(call.dtype),
        growsOnly,
      ),
      node,
    );
  });
  return op;
}
