// Schemas as values: `schema({ age: INT, owner: column(STR, { primaryKey: true }) })` with an inferred row type.

import { DType } from './dtype.js';
import type { TypeOf } from './dtype.js';

/** Options of one schema column. */
export interface ColumnOptions<T> {
  /** Part of the primary key: rows are identified (and upserted) by these columns' values. */
  primaryKey?: boolean;
  /** Value used when an input lacks the column. */
  defaultValue?: T;
  /** Free-form description for docs and OpenAPI. */
  description?: string;
}

/** A schema column: its dtype and options. */
export class ColumnDefinition<T = unknown> {
  /** Creates a column definition; use `column()`. */
  constructor(
    readonly dtype: DType<T>,
    readonly options: ColumnOptions<T> = {},
  ) {}
}

/** A column with options: `column(STR, { primaryKey: true })`. */
export function column<T>(dtype: DType<T>, options: ColumnOptions<T> = {}): ColumnDefinition<T> {
  return new ColumnDefinition(dtype, options);
}

/** What a schema field may be declared as. */
export type FieldSpec = DType<any> | ColumnDefinition<any>;

/** The cell type of a field spec. */
export type FieldType<F> = F extends ColumnDefinition<infer T> ? T : F extends DType<any> ? TypeOf<F> : never;

/** The row type of a schema's field specs. */
export type RowOf<TFields extends Record<string, FieldSpec>> = {
  -readonly [K in keyof TFields]: FieldType<TFields[K]>;
};

/** One resolved column of a schema. */
export interface SchemaColumn {
  readonly name: string;
  readonly dtype: DType;
  readonly primaryKey: boolean;
  readonly defaultValue?: unknown;
  readonly hasDefault: boolean;
  /** Free-form description (`column(..., { description })`), shown in OpenAPI. */
  readonly description?: string;
}

/** A schema: ordered, typed columns; `TRow` is the inferred row type. */
export class Schema<TRow extends Record<string, unknown> = Record<string, unknown>> {
  declare readonly __row?: TRow;
  /** Columns in declaration order. */
  readonly columns: readonly SchemaColumn[];

  /** Creates a schema from resolved columns; prefer `schema({...})`. */
  constructor(columns: readonly SchemaColumn[]) {
    this.columns = columns;
  }
  /** Column names in order. */
  get names(): string[] {
    return this.columns.map((c) => c.name);
  }
  /** Names of primary-key columns (empty when rows get generated ids). */
  get primaryKey(): string[] {
    return this.columns.filter((c) => c.primaryKey).map((c) => c.name);
  }
  /** The dtype of a column. */
  dtypeOf(name: string): DType {
    const c = this.columns.find((col) => col.name === name);
    if (c === undefined)
      throw new Error(`schema has no column "${name}"; columns are: ${this.names.join(', ')}`);
    return c.dtype;
  }
  /** A new schema with some columns' dtypes replaced. */
  withTypes(types: Record<string, DType>): Schema<TRow> {
    return new Schema(this.columns.map((c) => (types[c.name] ? { ...c, dtype: types[c.name]! } : c)));
  }
  /** Prints like `id | owner: STR | age: INT`. */
  toString(): string {
    return this.columns.map((c) => `${c.name}: ${c.dtype}${c.primaryKey ? ' (pk)' : ''}`).join(', ');
  }
}

/**
 * Declares a schema. The row type is inferred:
 * `const Pet = schema({ owner: column(STR, { primaryKey: true }), age: INT })` gives rows `{ owner: string; age: number }`.
 */
export function schema<const TFields extends Record<string, FieldSpec>>(
  fields: TFields,
): Schema<RowOf<TFields>> {
  const columns: SchemaColumn[] = Object.entries(fields).map(([name, spec]) => {
    if (spec instanceof ColumnDefinition) {
      const o = spec.options as ColumnOptions<unknown>;
      return {
        name,
        dtype: spec.dtype,
        primaryKey: o.primaryKey === true,
        defaultValue: o.defaultValue,
        hasDefault: 'defaultValue' in o,
        ...(o.description !== undefined ? { description: o.description } : {}),
      };
    }
    if (!(spec instanceof DType)) {
      throw new TypeError(
        `schema field "${name}" must be a dtype (e.g. cw.INT) or cw.column(...), got ${String(spec)}`,
      );
    }
    return { name, dtype: spec, primaryKey: false, hasDefault: false };
  });
  return new Schema<RowOf<TFields>>(columns);
}

/** The row type of a schema value: `type Pet = SchemaRow<typeof Pet>`. */
export type SchemaRow<S> = S extends Schema<infer R> ? R : never;
