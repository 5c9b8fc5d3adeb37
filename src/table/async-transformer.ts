// Async transformers (Pathway's `pw.AsyncTransformer`): an async function called for every row of a table, whose
// results arrive in later epochs as a table of their own, keyed by the input rows' ids, while the program goes on.
// Unlike an async UDF (`cw.udf(async ...)`), which holds its epoch until every call of it resolved, a transformer never
// holds an epoch: its results are a live source fed by the program (async-transformer-driver.ts), so a slow call delays
// only its own row (and its instance's, see `instance`). The run ends once every other source ended and every call
// settled. Differences from Pathway: `invoke` takes the row as one object; `outputTable` shows a pending row's cells as
// null (Pathway: `Pending` values); a checkpoint holds the rows shown and the changes not released yet, whose calls
// a restored run makes again; a runtime stepped by hand (`runtime.step`, not `run`) runs no live source, so it never
// gets results.

import { InputOperator } from '../engine/input-operator.js';
import {
  AsyncTransformerDriver,
  AsyncTransformerSink,
  ASYNC_FAILURE,
  ASYNC_PENDING,
  ASYNC_SUCCESS,
} from './async-transformer-driver.js';
import type { CallOutcome, TransformerCalls } from './async-transformer-driver.js';
import { userCallSite } from './call-site.js';
import type { ColumnInfo } from './columns.js';
import { STR } from './dtype.js';
import { GraphBuildError } from './errors.js';
import type { ExprLike } from './expression.js';
import { declareType } from './expression-builders.js';
import { planNode } from './plan.js';
import type { Schema } from './schema.js';
import { Table } from './table.js';
import type { Nullable, Row } from './table-types.js';
import { cacheKeyOf, createUdfRunner, type CacheStrategy, type RetryStrategy } from './udf/index.js';
import { returnTypeCheck } from './udf/return-type.js';
import { Universe } from './universe.js';
import { isError } from './values/error-value.js';

/** The status column of `finished` and `outputTable` (Pathway's `_async_status`). */
export const ASYNC_STATUS_COLUMN = '_async_status';
/** The column holding each row's instance while it goes to the transformer (Pathway's `_pw_instance`). */
const INSTANCE_COLUMN = '_pw_instance';
/** Failures reported on stderr per run before the rest are only counted in the `failed` table. */
const MAX_REPORTED = 20;

/** The status column's row type. */
export type AsyncStatusRow = { _async_status: string };

/** How the calls run (Pathway's `with_options`): the options of an async UDF. */
export interface AsyncCallOptions {
  /** Most calls in flight at once (unbounded by default). */
  capacity?: number;
  /** Each attempt fails after this many milliseconds. */
  timeoutMs?: number;
  /** How failed calls are retried; no retries by default. */
  retryStrategy?: RetryStrategy;
  /** Where results are cached by the row's values; no cache by default. */
  cacheStrategy?: CacheStrategy;
}

/** Options of an async transformer. */
export interface AsyncTransformerOptions extends AsyncCallOptions {
  /**
   * Rows of one instance (the value of this expression over the input, e.g. `cw.this.user`) that changed at one time
   * come out together, in one epoch, once all their calls finished; a failure fails every row the instance releases
   * until it has nothing pending. Default: each row is its own instance (Pathway's `instance=pw.this.id`).
   */
  instance?: ExprLike<unknown>;
  /** Name in failure messages (default: the class's name). */
  name?: string;
}

/**
 * Calls `invoke` for every row of `inputTable`, asynchronously (Pathway's `pw.AsyncTransformer`). Subclass it, or use
 * `cw.asyncTransformer(table, schema, fn)`. Results: `successful` (rows whose call succeeded), `failed` (nulls), and
 * `finished` (both, with `_async_status`). A deleted input row's result is retracted; a changed one is called again.
 *
 * @example class Fetch extends cw.AsyncTransformer<{ url: string }, { title: string }> {
 *   async invoke({ url }: { url: string }) { return { title: await titleOf(url) }; } }
 * const titles = new Fetch(urls, cw.schema({ title: cw.STR })).successful;
 */
export abstract class AsyncTransformer<TIn extends Row, TOut extends Row> {
  // ES private names (#): a subclass's own members (`calls`, `name`, ...) never collide with them.
  #callOptions: AsyncCallOptions;
  readonly #instance: ExprLike<unknown> | undefined;
  readonly #site: string | undefined;
  readonly #name: string;
  #results: Table<Nullable<TOut> & AsyncStatusRow> | undefined;

  /** A transformer of `inputTable`'s rows into rows of `outputSchema`. */
  constructor(
    readonly inputTable: Table<TIn>,
    readonly outputSchema: Schema<TOut>,
    options: AsyncTransformerOptions = {},
  ) {
    this.#site = userCallSite();
    const { instance, name, ...callOptions } = options;
    this.#instance = instance;
    this.#callOptions = callOptions;
    this.#name = name ?? (this.constructor.name || 'AsyncTransformer');
    if (outputSchema.names.includes(ASYNC_STATUS_COLUMN)) {
      throw new GraphBuildError(
        `${this.#name}: the output schema may not have a column named ${ASYNC_STATUS_COLUMN} (the status column)`,
        this.#site,
      );
    }
    if (instance !== undefined && inputTable.columnNames().includes(INSTANCE_COLUMN)) {
      throw new GraphBuildError(
        `${this.#name}: the input table may not have a column named ${INSTANCE_COLUMN} when an instance is given`,
        this.#site,
      );
    }
  }

  /** Computes the output row of one input row; a throw (or a result not matching the schema) fails the row. */
  abstract invoke(row: TIn): Promise<TOut> | TOut;

  /** Called once per run before the first call (Pathway's `open`): set up clients here. */
  open(): void | Promise<void> {}

  /** Called once per run when the transformer's source ends (Pathway's `close`). */
  close(): void | Promise<void> {}

  /** Sets how the calls run (Pathway's `with_options`); read when a run starts. Returns this transformer. */
  withOptions(options: AsyncCallOptions): this {
    this.#callOptions = { ...this.#callOptions, ...options };
    return this;
  }

  /** Every row whose call finished, with `_async_status` "-SUCCESS-" or "-FAILURE-" (then its cells are null). */
  get finished(): Table<Nullable<TOut> & AsyncStatusRow> {
    return (this.#results ??= this.#resultTable());
  }

  /** The rows whose call succeeded (and whose instance had no failure), typed by the output schema. */
  get successful(): Table<TOut> {
    const f = this.finished;
    return f
      .filter(f.c._async_status.eq(ASYNC_SUCCESS))
      .without(ASYNC_STATUS_COLUMN)
      .updateTypes(this.outputSchema.typehints() as never) as unknown as Table<TOut>;
  }

  /** The rows whose call failed, or whose instance had a failure: the output columns null. */
  get failed(): Table<Nullable<TOut>> {
    const f = this.finished;
    return f.filter(f.c._async_status.eq(ASYNC_FAILURE)).without(ASYNC_STATUS_COLUMN) as unknown as Table<
      Nullable<TOut>
    >;
  }

  /**
   * Every input row: finished ones as in `finished`, the others with `_async_status` "-PENDING-" and null cells (for
   * watching progress; a deleted row's result stays until its deletion is processed).
   */
  get outputTable(): Table<Nullable<TOut> & AsyncStatusRow> {
    const cells: Record<string, unknown> = {};
    for (const c of this.outputSchema.columns) cells[c.name] = declareType(c.dtype.optional(), null);
    cells[ASYNC_STATUS_COLUMN] = ASYNC_PENDING;
    const pending = this.inputTable.select(cells as never) as unknown as Table<
      Nullable<TOut> & AsyncStatusRow
    >;
    return pending.updateRows(this.finished as never) as unknown as Table<Nullable<TOut> & AsyncStatusRow>;
  }

  /** The results' table: a live source fed by this run's driver, reading the input through an output. */
  #resultTable(): Table<Nullable<TOut> & AsyncStatusRow> {
    const site = this.#site;
    const name = this.#name;
    const instanced = this.#instance !== undefined;
    const source = instanced
      ? this.inputTable.withColumns({ [INSTANCE_COLUMN]: this.#instance } as never)
      : this.inputTable;
    const names = this.inputTable.columnNames();
    const node = planNode('async-transformer', [source.node], site, (ctx, ops) => {
      if (ctx.nested)
        throw new GraphBuildError(`${name}: an AsyncTransformer cannot run inside cw.iterate`, site);
      const driver = new AsyncTransformerDriver(this.#calls(names), instanced);
      ctx.add(new AsyncTransformerSink(ops[0]!, driver), node);
      const input = ctx.add(new InputOperator<unknown[]>('async-transformer'), node);
      ctx.addSource({ kind: 'live', input, driver });
      return input;
    });
    const columns: ColumnInfo[] = this.outputSchema.columns.map((c) => ({
      name: c.name,
      dtype: c.dtype.optional(),
    }));
    columns.push({ name: ASYNC_STATUS_COLUMN, dtype: STR });
    const universe = new Universe();
    universe.promiseSubsetOf(this.inputTable.universe);
    return new Table(columns, node, universe);
  }

  /** The calls of one run: `invoke` through a UDF runner (capacity, timeout, retries, cache), results checked. */
  #calls(names: readonly string[]): TransformerCalls {
    const out = this.outputSchema.columns;
    const checks = out.map((c) => returnTypeCheck(c.dtype));
    const runner = createUdfRunner(
      (...values: unknown[]) => {
        const row: Record<string, unknown> = {};
        names.forEach((n, i) => (row[n] = values[i]));
        return this.invoke(row as TIn);
      },
      { name: this.#name, async: true, deterministic: true, ...this.#callOptions },
    );
    let reported = 0;
    const report = (message: string): void => {
      if (reported++ < MAX_REPORTED) console.warn(`causeway: ${this.#name}: ${message}`);
      else if (reported === MAX_REPORTED + 1)
        console.warn(`causeway: ${this.#name}: further failures not reported`);
    };
    let openError: string | undefined;
    const cached =
      this.#callOptions.cacheStrategy === undefined ? undefined : new Map<string, Promise<CallOutcome>>();
    const call = async (values: unknown[]): Promise<CallOutcome> => {
      if (openError !== undefined) return undefined;
      const [result] = await runner.run([values]);
      if (isError(result)) {
        report(result.message);
        return undefined;
      }
      const problem = mismatch(result, out, checks);
      if (problem !== undefined) {
        report(`the result of invoke does not match the output schema: ${problem}`);
        return undefined;
      }
      const record = result as Record<string, unknown>;
      return out.map((c) => record[c.name] ?? null);
    };
    return {
      width: out.length,
      open: async () => {
        try {
          await this.open();
        } catch (e) {
          openError = e instanceof Error ? e.message : String(e);
          report(`open() failed, so every call fails: ${openError}`);
        }
      },
      close: async () => {
        try {
          await this.close();
        } catch (e) {
          report(`close() failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      call: (values) => {
        if (cached === undefined) return call(values);
        // With a cache, a call equal to one in flight shares it (the cache would miss both).
        const key = cacheKeyOf(values);
        let running = cached.get(key);
        if (running === undefined) {
          running = call(values).finally(() => cached.delete(key));
          cached.set(key, running);
        }
        return running;
      },
    };
  }
}

/** Why `result` is not a row of the output schema, or undefined when it is. */
function mismatch(
  result: unknown,
  columns: Schema['columns'],
  checks: readonly (((v: unknown) => string | undefined) | undefined)[],
): string | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return `expected an object with keys [${columns.map((c) => c.name).join(', ')}], got ${String(result)}`;
  }
  const keys = Object.keys(result);
  const want = columns.map((c) => c.name);
  if (keys.length !== want.length || !want.every((k) => keys.includes(k))) {
    return `expected keys [${want.join(', ')}], got [${keys.join(', ')}]`;
  }
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const v = (result as Record<string, unknown>)[c.name];
    if ((v === null || v === undefined) && !c.dtype.isOptional) return `column ${c.name} is ${String(v)}`;
    const problem = checks[i]?.(v);
    if (problem !== undefined) return `column ${c.name}: ${problem}`;
  }
  return undefined;
}

/** The transformer `cw.asyncTransformer` makes: `invoke` is the function given. */
class FunctionTransformer<TIn extends Row, TOut extends Row> extends AsyncTransformer<TIn, TOut> {
  constructor(
    input: Table<TIn>,
    schema: Schema<TOut>,
    private readonly fn: (row: TIn) => Promise<TOut> | TOut,
    options: AsyncTransformerOptions,
  ) {
    super(input, schema, { name: fn.name || 'asyncTransformer', ...options });
  }
  invoke(row: TIn): Promise<TOut> | TOut {
    return this.fn(row);
  }
}

/**
 * An async transformer calling `fn` for every row of `table` (see `AsyncTransformer`):
 * `cw.asyncTransformer(urls, cw.schema({ title: cw.STR }), async ({ url }) => ({ title: await titleOf(url) }))`, then
 * its `.successful`.
 */
export function asyncTransformer<TIn extends Row, TOut extends Row>(
  table: Table<TIn>,
  outputSchema: Schema<TOut>,
  fn: (row: TIn) => Promise<TOut> | TOut,
  options: AsyncTransformerOptions = {},
): AsyncTransformer<TIn, TOut> {
  return new FunctionTransformer(table, outputSchema, fn, options);
}
