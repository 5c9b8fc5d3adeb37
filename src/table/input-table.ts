// Tables fed by the program itself: push rows, then step the runtime (benchmarks, embedding, stream generators).
// Their state (id generator position, current rows of upsert tables) is checkpointed with the circuit.

import { arrayOf } from '../engine/array-of.js';
import type { InputOperator } from '../engine/input-operator.js';
import { InputOperator as Input } from '../engine/input-operator.js';
import { keyFromString, keyFromValues, KeyGenerator, keyToString, type Key } from '../engine/key.js';
import { planNode } from './plan.js';
import type { Schema } from './schema.js';
import { Table, type Row } from './table.js';
import { markFromSchema } from './append-only.js';
import { userCallSite } from './call-site.js';
import { GraphBuildError } from './errors.js';

let inputCounter = 0;

/** Checkpoint of an `InputTable`: its id generator (seed and position) and, for upsert tables, the current rows. */
export interface InputTableSnapshot {
  /** Seed of the generated ids (it depends on construction order, so a rebuilt program may have another one). */
  seed: string;
  /** Number of ids generated so far. */
  position: number;
  /** `[id printed by keyToString, row values]` per current row (upsert tables only). */
  current: [id: string, values: unknown[]][];
}

/**
 * The engine input of an input table. It reports itself stateful so that `circuit.snapshot()` carries the
 * table's own state; updates staged but not yet stepped are not part of it (checkpoint between steps).
 */
class InputTableOperator extends Input<unknown[]> {
  constructor(private readonly owner: InputTable<any>) {
    super('input-table');
  }
  override get stateful(): boolean {
    return true;
  }
  override snapshot(): unknown {
    return this.owner.snapshot();
  }
  override restore(state: unknown): void {
    this.owner.restore(state as InputTableSnapshot);
  }
}

/** A table whose rows are pushed by code: `insert`, `remove`, `upsert`; changes apply at the runtime's next step. */
export class InputTable<TRow extends Row> {
  /** The table to build the program from. */
  readonly table: Table<TRow>;
  private op: InputOperator<unknown[]> | undefined;
  private readonly names: string[];
  private readonly pkIdx: number[];
  private seed = `input-${++inputCounter}`;
  private ids = new KeyGenerator(this.seed);
  /** Current rows by id (only kept for upsert sources, to retract the old row). */
  private readonly current = new Map<Key, unknown[]>();
  /** The schema declares the table append-only (some column, or its ids): no row may be retracted. */
  private readonly appendOnly: boolean;

  /** Creates an input table for a schema (a primary key makes `upsert` available). */
  constructor(readonly schema: Schema<TRow>) {
    this.names = schema.names;
    this.appendOnly = schema.universeProperties.appendOnly;
    this.pkIdx = schema.primaryKey.map((n) => this.names.indexOf(n));
    const node = planNode('input-table', [], userCallSite(), (ctx) => {
      this.op = ctx.add(new InputTableOperator(this), node);
      return this.op;
    });
    this.table = markFromSchema(
      new Table<TRow>(
        schema.columns.map((c) => ({ name: c.name, dtype: c.dtype })),
        node,
      ),
      schema,
    );
  }

  private input(): InputOperator<unknown[]> {
    if (this.op === undefined)
      throw new GraphBuildError('push rows after the program is built (cw.build() or cw.run())');
    return this.op;
  }

  /** A copy of the table's state as plain data (also taken by `circuit.snapshot()`). */
  snapshot(): InputTableSnapshot {
    const current: [string, unknown[]][] = [];
    for (const [k, v] of this.current) current.push([keyToString(k), v.slice()]);
    return { seed: this.seed, position: this.ids.position, current };
  }

  /** Continues from a checkpoint: ids go on from the saved seed and position, upserts see the saved rows. */
  restore(saved: InputTableSnapshot): void {
    this.seed = saved.seed;
    this.ids = new KeyGenerator(saved.seed);
    this.ids.seek(saved.position);
    this.current.clear();
    for (const [k, v] of saved.current) this.current.set(keyFromString(k), v.slice());
  }

  /** Engine row of a record. */
  values(row: TRow): unknown[] {
    return this.names.map((n) => (row as Record<string, unknown>)[n] ?? null);
  }

  /** The id a row gets: from the primary key, else a fresh sequence id. */
  keyOf(values: readonly unknown[]): Key {
    return this.pkIdx.length > 0 ? keyFromValues(this.pkIdx.map((i) => values[i])) : this.ids.next();
  }

  /** Inserts a row; returns its id. */
  insert(row: TRow, id?: Key): Key {
    const v = this.values(row);
    const k = id ?? this.keyOf(v);
    this.input().push(k, v, 1);
    if (this.pkIdx.length > 0) this.current.set(k, v);
    return k;
  }

  /**
   * Inserts an engine row (values in column order) under a key: the fastest path. In a loop pushing rows one update
   * at a time, build them with `cw.rawRow(...)` rather than array literals (see `rawRow`).
   */
  pushRaw(key: Key, values: unknown[], diff: number): void {
    if (diff < 0 && this.appendOnly) this.checkRetraction('pushRaw() with a negative diff');
    this.input().push(key, values, diff);
  }

  /**
   * Stages many engine rows given as columns, in schema order (plain or typed arrays), under `keys`, with one diff
   * for all (default 1, insertions) or one per row: the fastest way to load a large table. The arrays are taken,
   * not copied, and must not change until the next step. Rows are made only as the step reads them: a large
   * insert-only epoch run in parts makes them a part at a time (see `RunOptions.partRows`). As with `pushRaw`, values
   * are not checked against the column types, and `upsert` / `delete` do not know rows staged this way.
   */
  pushColumns(
    keys: readonly Key[],
    columns: readonly ArrayLike<unknown>[],
    diffs: number | ArrayLike<number> = 1,
  ): void {
    const n = keys.length;
    if (columns.length !== this.names.length) {
      throw new RangeError(
        `pushColumns: the schema has ${this.names.length} columns (${this.names.join(', ')}) but ${columns.length} were given`,
      );
    }
    columns.forEach((c, i) => {
      if (c.length !== n) {
        throw new RangeError(
          `pushColumns: column '${this.names[i]!}' has ${c.length} values for ${n} keys; every column needs one per key`,
        );
      }
    });
    if (typeof diffs !== 'number' && diffs.length !== n) {
      throw new RangeError(
        `pushColumns: ${diffs.length} diffs for ${n} keys; give one per key or one number`,
      );
    }
    if (
      this.appendOnly &&
      (typeof diffs === 'number' ? diffs < 0 : Array.prototype.some.call(diffs, (d: number) => d < 0))
    ) {
      this.checkRetraction('pushColumns() with a negative diff');
    }
    this.input().pushColumns({ keys, columns, diffs });
  }

  /** Appends an engine row (values in column order) under a fresh generated id; returns the id. */
  appendRaw(values: unknown[]): Key {
    const k = this.ids.next();
    this.input().push(k, values, 1);
    return k;
  }

  /**
   * Appends engine rows (values in column order) under fresh generated ids, as `appendRaw` does one by one, without
   * returning the ids: they are made only if the program reads them (a count per group never does).
   */
  appendRawRows(rows: readonly unknown[][]): void {
    const first = this.ids.position;
    this.ids.seek(first + rows.length);
    this.input().pushGenerated(rows, first, this.keyAt);
  }

  /** The generated id of counter value `c` (unmade ids are made with it). */
  private readonly keyAt = (c: number): Key => this.ids.keyAt(c);

  /** Throws when the schema declares the table append-only (`appendOnly`): `what` would retract a row. */
  private checkRetraction(what: string): void {
    if (this.appendOnly) {
      throw new GraphBuildError(
        `${what} would retract a row, but the schema declares the table append-only (appendOnly); ` +
          'declare it without appendOnly to update or remove rows',
      );
    }
  }

  /** Removes a row previously inserted under `id` with these values. */
  remove(id: Key, row: TRow): void {
    this.checkRetraction('remove()');
    this.input().push(id, this.values(row), -1);
    this.current.delete(id);
  }

  /** Inserts or replaces the row with the same primary key (the old row is retracted). */
  upsert(row: TRow): Key {
    if (this.pkIdx.length === 0) throw new GraphBuildError('upsert() needs a schema with a primary key');
    const v = this.values(row);
    const k = this.keyOf(v);
    const old = this.current.get(k);
    if (old !== undefined) {
      this.checkRetraction('upsert() of an existing primary key');
      this.input().push(k, old, -1);
    }
    this.input().push(k, v, 1);
    this.current.set(k, v);
    return k;
  }

  /** Deletes the row with this primary key (by its current values). */
  delete(pk: Partial<TRow>): void {
    const v = this.names.map((n) => (pk as Record<string, unknown>)[n] ?? null);
    const k = keyFromValues(this.pkIdx.map((i) => v[i]));
    const old = this.current.get(k);
    if (old === undefined) return;
    this.checkRetraction('delete()');
    this.input().push(k, old, -1);
    this.current.delete(k);
  }
}

/** Creates an input table: `const words = cw.inputTable(cw.schema({ word: cw.STR }))`. */
export function inputTable<TRow extends Row>(schema: Schema<TRow>): InputTable<TRow> {
  return new InputTable(schema);
}

/**
 * An engine row for `InputTable.pushRaw` from its values in column order. Made from a rest parameter, it has no
 * allocation site: V8 may decide to allocate all later arrays of an array literal's site in the old generation
 * (pretenuring, see engine/array-of.ts) when a major collection marks while a stream's first updates run, after which
 * every update's row is old-generation garbage and each update is slower (B3: 1.5-2.5×). Once inlined, it costs what
 * the literal costs. The engine's `arrayOf`, under the name the Table API gives it.
 */
export const rawRow: (...values: unknown[]) => unknown[] = arrayOf;
