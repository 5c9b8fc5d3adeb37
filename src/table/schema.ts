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
  /**
   * The column only grows: no row's value in it is ever retracted (Pathway's `append_only`). Unset, it takes the
   * schema's `appendOnly` (default false); set to the other value than the schema's, it is an error.
   */
  appendOnly?: boolean;
}

/** Options of a whole schema (Pathway's `SchemaProperties`). */
export interface SchemaOptions {
  /** Every column only grows, unless a column says otherwise (which is an error): see `ColumnOptions.appendOnly`. */
  appendOnly?: boolean;
  /** The rows' ids only grow, whatever the columns say (Pathway's `id_append_only`): see `universeProperties`. */
  idAppendOnly?: boolean;
}

/** Properties of the ids of a schema's rows (Pathway's `universe_properties`). */
export interface UniverseProperties {
  /**
   * Rows are never removed: the schema's `idAppendOnly` when given, else true when some column is append-only, or for
   * no columns the schema's `appendOnly`.
   */
  readonly appendOnly: boolean;
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
  /** The column only grows (`column(..., { appendOnly })`); absent means false. */
  readonly appendOnly?: boolean;
}

/** One column of `Schema.toDict()`: JSON-ready, read back by `schemaFromDict`. */
export interface SchemaColumnDict {
  /** The dtype as it prints (`INT`, `Optional(STR)`, `List(INT)`, `Tuple(INT, STR)`). */
  dtype: string;
  /** Part of the primary key. */
  primary_key: boolean;
  /** The default value, when the column has one. */
  default_value?: unknown;
  /** The description, when the column has one. */
  description?: string;
  /** True when the column is append-only (absent otherwise). */
  append_only?: boolean;
}

/** A schema: ordered, typed columns; `TRow` is the inferred row type. */
export class Schema<TRow extends Record<string, unknown> = Record<string, unknown>> {
  declare readonly __row?: TRow;
  /** Columns in declaration order. */
  readonly columns: readonly SchemaColumn[];

  /** Creates a schema from resolved columns; prefer `schema({...})`. */
  constructor(
    columns: readonly SchemaColumn[],
    /** The schema-wide options it was declared with (read for its `universeProperties` when it has no columns). */
    readonly options: SchemaOptions = {},
  ) {
    this.columns = columns;
  }
  /**
   * Properties of the rows' ids (Pathway's `universe_properties`): as `idAppendOnly` says when given (a table's schema
   * gives its ids' property), else append-only when some column is, or, without columns, when the schema is.
   */
  get universeProperties(): UniverseProperties {
    const { idAppendOnly, appendOnly } = this.options;
    return {
      appendOnly:
        idAppendOnly ??
        (this.columns.length > 0 ? this.columns.some((c) => c.appendOnly === true) : appendOnly === true),
    };
  }
  /** Throws, naming the method, when a name in `names` is not a column. */
  private checkNames(names: readonly string[], method: string): void {
    const have = new Set(this.names);
    const bad = names.find((n) => !have.has(n));
    if (bad !== undefined) throw new Error(`schema.${method}: ${this.unknownColumn(bad)}`);
  }
  private unknownColumn(name: string): string {
    return `schema has no column "${name}"; columns are: ${this.names.join(', ')}`;
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
    return this.column(name).dtype;
  }
  /**
   * A new schema with some columns' dtypes replaced (Pathway's `Schema.with_types`); naming a column the schema lacks
   * is an error. `Pet.withTypes({ age: cw.FLOAT })` gives rows whose `age` is a `number` of FLOAT.
   */
  withTypes<const T extends { readonly [K in keyof TRow]?: DType<any> }>(
    types: T,
  ): Schema<{ [K in keyof TRow]: K extends keyof T ? TypeOf<T[K]> : TRow[K] }> {
    this.checkNames(Object.keys(types), 'withTypes');
    const replaced = types as Readonly<Record<string, DType>>;
    return new Schema(
      this.columns.map((c) => (c.name in replaced ? { ...c, dtype: replaced[c.name]! } : c)),
      this.options,
    );
  }
  /** A new schema without the named columns (Pathway's `Schema.without`); naming a column it lacks is an error. */
  without<const K extends keyof TRow & string>(...names: K[]): Schema<Omit<TRow, K>> {
    this.checkNames(names, 'without');
    const dropped = new Set<string>(names);
    return new Schema(
      this.columns.filter((c) => !dropped.has(c.name)),
      this.options,
    );
  }
  /**
   * This schema's columns followed by `other`'s (Pathway's `schema1 | schema2`); a column name in both is an error.
   */
  merge<R extends Record<string, unknown>>(other: Schema<R>): Schema<TRow & R> {
    const mine = new Set(this.names);
    const shared = other.names.filter((n) => mine.has(n));
    if (shared.length > 0) {
      throw new Error(
        `schema.merge: both schemas have column${shared.length > 1 ? 's' : ''} ${shared.map((n) => `"${n}"`).join(', ')}` +
          `; rename or drop ${shared.length > 1 ? 'them' : 'it'} in one of them first (schema.without(...))`,
      );
    }
    return new Schema([...this.columns, ...other.columns]);
  }
  /** The column named `name` (Pathway's `schema[name]`); an unknown name is an error listing the columns. */
  column(name: keyof TRow & string): SchemaColumn {
    const c = this.columns.find((col) => col.name === name);
    if (c === undefined) throw new Error(this.unknownColumn(name));
    return c;
  }
  /** Column names in order (Pathway's `column_names()`; the same as `names`). */
  columnNames(): string[] {
    return this.names;
  }
  /** Names of the primary-key columns, or undefined when rows get generated ids (Pathway's `primary_key_columns()`). */
  primaryKeyColumns(): string[] | undefined {
    const pk = this.primaryKey;
    return pk.length > 0 ? pk : undefined;
  }
  /** The default value of each column that has one (Pathway's `default_values()`). */
  defaultValues(): Partial<TRow> {
    const out: Record<string, unknown> = {};
    for (const c of this.columns) if (c.hasDefault) out[c.name] = c.defaultValue;
    return out as Partial<TRow>;
  }
  /** Each column's dtype by name (Pathway's `typehints()`, which gives Python types). */
  typehints(): { readonly [K in keyof TRow]: DType<TRow[K]> } {
    return Object.fromEntries(this.columns.map((c) => [c.name, c.dtype])) as {
      readonly [K in keyof TRow]: DType<TRow[K]>;
    };
  }
  /**
   * The schema as JSON-ready data that `schemaFromDict` reads back (Pathway's `to_json_serializable_dict`): each
   * column's dtype as it prints (`INT`, `Optional(STR)`, `List(INT)`), primary key, default value and description.
   */
  toDict(): { columns: Record<string, SchemaColumnDict> } {
    const columns: Record<string, SchemaColumnDict> = {};
    for (const c of this.columns) {
      columns[c.name] = {
        dtype: String(c.dtype),
        primary_key: c.primaryKey,
        ...(c.hasDefault ? { default_value: c.defaultValue } : {}),
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.appendOnly === true ? { append_only: true } : {}),
      };
    }
    return { columns };
  }
  /** Prints like `id | owner: STR | age: INT`. */
  toString(): string {
    return this.columns.map((c) => `${c.name}: ${c.dtype}${c.primaryKey ? ' (pk)' : ''}`).join(', ');
  }
}

/**
 * A column's `appendOnly` from its own option and the schema's (Pathway's column property resolution): either one
 * when only one is set, false when neither is; both set to different values is an error.
 */
function resolveAppendOnly(name: string, own: boolean | undefined, schemaWide: boolean | undefined): boolean {
  if (own === undefined) return schemaWide === true;
  if (schemaWide !== undefined && own !== schemaWide) {
    throw new Error(
      `ambiguous property; schema property \`appendOnly\` has value ${String(schemaWide)} but column \`${name}\` got ${String(own)}`,
    );
  }
  return own;
}

/**
 * Declares a schema. The row type is inferred:
 * `const Pet = schema({ owner: column(STR, { primaryKey: true }), age: INT })` gives rows `{ owner: string; age: number }`.
 * `options.appendOnly` marks every column append-only (Pathway's `class S(pw.Schema, append_only=True)`).
 */
export function schema<const TFields extends Record<string, FieldSpec>>(
  fields: TFields,
  options: SchemaOptions = {},
): Schema<RowOf<TFields>> {
  const columns: SchemaColumn[] = Object.entries(fields).map(([name, spec]) => {
    const own =
      spec instanceof ColumnDefinition ? (spec.options as ColumnOptions<unknown>).appendOnly : undefined;
    const appendOnly = resolveAppendOnly(name, own, options.appendOnly);
    if (spec instanceof ColumnDefinition) {
      const o = spec.options as ColumnOptions<unknown>;
      return {
        name,
        dtype: spec.dtype,
        primaryKey: o.primaryKey === true,
        defaultValue: o.defaultValue,
        hasDefault: 'defaultValue' in o,
        ...(o.description !== undefined ? { description: o.description } : {}),
        ...(appendOnly ? { appendOnly } : {}),
      };
    }
    if (!(spec instanceof DType)) {
      throw new TypeError(
        `schema field "${name}" must be a dtype (e.g. cw.INT) or cw.column(...), got ${String(spec)}`,
      );
    }
    return {
      name,
      dtype: spec,
      primaryKey: false,
      hasDefault: false,
      ...(appendOnly ? { appendOnly } : {}),
    };
  });
  return new Schema<RowOf<TFields>>(columns, options);
}

/** The row type of a schema value: `type Pet = SchemaRow<typeof Pet>`. */
export type SchemaRow<S> = S extends Schema<infer R> ? R : never;
