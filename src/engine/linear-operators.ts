// Linear (stateless) operators: map, filter, flat-map, negate, concat. Each is Z-set linear, so it
// processes a delta exactly as it would process a whole collection.

import { Batch, EMPTY_BATCH } from './batch.js';
import type { Key } from './key.js';
import { Operator } from './operator.js';

/** Maps each row to a new row, keeping keys and diffs (`fn` also sees the diff, e.g. to stay quiet on retractions). */
export class MapOperator<TIn, TOut> extends Operator<TOut> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates a map over `input` with `fn(row, key)`. */
  constructor(
    input: Operator<TIn>,
    private readonly fn: (row: TIn, key: Key, diff: number) => TOut,
  ) {
    super([input]);
  }
  get name(): string {
    return 'map';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TIn>;
    const n = inb.keys.length;
    if (n === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const fn = this.fn;
    const rows = inb.rows;
    const outRows = new Array<TOut>(n);
    for (let i = 0; i < n; i++) outRows[i] = fn(rows[i]!, inb.keys[i]!, inb.diffs[i]!);
    const out = new Batch<TOut>(inb.keys, outRows, inb.diffs);
    out.grouped = inb.grouped;
    // Keys are kept, so unique keys stay unique (and the batch consolidated) whatever the new rows are.
    out.consolidated = out.uniqueKeys = inb.uniqueKeys;
    this.output = out;
  }
}

/** Keeps the updates whose row satisfies the predicate. */
export class FilterOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates a filter over `input`. */
  constructor(
    input: Operator<TRow>,
    private readonly predicate: (row: TRow, key: Key, diff: number) => boolean,
  ) {
    super([input]);
  }
  get name(): string {
    return 'filter';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    const n = inb.keys.length;
    if (n === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    out.grouped = inb.grouped;
    out.consolidated = inb.consolidated;
    out.uniqueKeys = inb.uniqueKeys;
    const p = this.predicate;
    for (let i = 0; i < n; i++) {
      const row = inb.rows[i]!;
      const key = inb.keys[i]!;
      const d = inb.diffs[i]!;
      if (p(row, key, d)) out.push(key, row, d);
    }
    this.output = out;
  }
}

/**
 * The general linear operator: `fn(key, row, diff, out)` pushes any number of updates into `out`.
 * Map, filter, re-keying, flatten and null-extension are all instances; `fn` must be linear in `diff`
 * (push updates whose diff is `diff` times a constant).
 */
export class FlatMapOperator<TIn, TOut> extends Operator<TOut> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates a flat-map over `input`. */
  constructor(
    input: Operator<TIn>,
    private readonly fn: (key: Key, row: TIn, diff: number, out: Batch<TOut>) => void,
    private readonly label = 'flat-map',
  ) {
    super([input]);
  }
  get name(): string {
    return this.label;
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TIn>;
    const n = inb.keys.length;
    if (n === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TOut>();
    const fn = this.fn;
    for (let i = 0; i < n; i++) fn(inb.keys[i]!, inb.rows[i]!, inb.diffs[i]!, out);
    this.output = out;
  }
}

/** Negates every diff (Z-set subtraction is `concat(a, negate(b))`). */
export class NegateOperator<TRow> extends Operator<TRow> {
  override skipWhenIdle = true;
  /** Creates a negation of `input`. */
  constructor(input: Operator<TRow>) {
    super([input]);
  }
  get name(): string {
    return 'negate';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    if (inb.keys.length === 0) {
      this.output = EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>(
      inb.keys,
      inb.rows,
      inb.diffs.map((d) => -d),
    );
    out.grouped = inb.grouped;
    out.consolidated = inb.consolidated;
    out.uniqueKeys = inb.uniqueKeys;
    this.output = out;
  }
}

/** Z-set sum of several streams. */
export class ConcatOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates the union (sum) of `inputs`. */
  constructor(inputs: readonly Operator<TRow>[]) {
    super(inputs);
  }
  get name(): string {
    return 'concat';
  }
  eval(): void {
    let nonEmpty: Batch<TRow> | undefined;
    let count = 0;
    for (const input of this.inputs) {
      const b = input.output as Batch<TRow>;
      if (b.keys.length > 0) {
        nonEmpty = b;
        count++;
      }
    }
    if (count <= 1) {
      this.output = nonEmpty ?? EMPTY_BATCH;
      return;
    }
    const out = new Batch<TRow>();
    for (const input of this.inputs) out.append(input.output as Batch<TRow>);
    this.output = out;
  }
}

/** Passes its input through unchanged, calling `inspect` on every update (for side effects such as reporting). */
export class InspectOperator<TRow> extends Operator<TRow> {
  override monotone = true;
  override skipWhenIdle = true;
  /** Creates an inspection of `input`. */
  constructor(
    input: Operator<TRow>,
    private readonly inspect: (key: Key, row: TRow, diff: number) => void,
  ) {
    super([input]);
  }
  get name(): string {
    return 'inspect';
  }
  eval(): void {
    const inb = this.inputs[0]!.output as Batch<TRow>;
    const f = this.inspect;
    for (let i = 0; i < inb.keys.length; i++) f(inb.keys[i]!, inb.rows[i]!, inb.diffs[i]!);
    this.output = inb;
  }
}
