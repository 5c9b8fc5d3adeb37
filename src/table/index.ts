// The Table API: schemas, expressions, tables, reducers, UDFs, running programs.

export * from './dtype.js';
export {
  schema,
  column,
  Schema,
  ColumnDefinition,
  type SchemaRow,
  type ColumnOptions,
  type FieldSpec,
  type RowOf,
  type SchemaColumn,
  type SchemaColumnDict,
  type SchemaOptions,
  type UniverseProperties,
} from './schema.js';
export { schemaFromDict, parseDtype, type ColumnDict } from './schema-from-dict.js';
export {
  Expr,
  ColumnRef,
  lit,
  ifElse,
  coalesce,
  require,
  unwrap,
  fillError,
  makeTuple,
  cast,
  declareType,
  apply,
  applyWithType,
  type ExprLike,
  type ValueOf,
} from './expression.js';
export {
  placeholder,
  type ColumnsOf,
  type ColumnInfo,
  type AnyColumns,
  type Placeholder,
} from './columns.js';
export { ColumnSlice, type RowOfSlices } from './column-slice.js';
export { slice } from './table-slice.js';
export { Table, type Row, type RowWithId, type JoinArg, type Nullable } from './table.js';
export { assertTableHasSchema, type AssertSchemaOptions } from './assert-table-has-schema.js';
export { GroupedTable, type GroupByOptions } from './group-by.js';
export { JoinResult, type JoinMode, type JoinOptions } from './join.js';
export { reducers } from './reducer-exprs.js';
export { udf, applyAsync, type Udf, type UdfDefinitionOptions } from './udf.js';
export { InputTable, inputTable, rawRow } from './input-table.js';
export { tableFromRows, type StaticRow } from './static-source.js';
export { globalErrorLog, localErrorLog, type ErrorLogRow } from './error-log.js';
export { run, subscribe, build, clearGraph, type SubscribeOptions } from './run.js';
export { Runtime, type RunOptions } from './runtime.js';
export { CausewayError, GraphBuildError, DataError } from './errors.js';
export { ErrorValue, isError } from './values/error-value.js';
export { DateTimeNaive, DateTimeUtc, Duration, Json, type JsonValue } from './values/index.js';
export { Pending, PENDING, isPending } from './values/pending.js';
export type { AwaitedRow } from './await-futures.js';
export { Universe, promiseDisjoint } from './universe.js';
export {
  ExponentialBackoffRetryStrategy,
  FixedDelayRetryStrategy,
  NoRetryStrategy,
  InMemoryCache,
  DiskCache,
  type CacheStrategy,
} from './udf/index.js';
export { iterate, type IterateTableOptions } from './iterate.js';
export { sql, SqlError } from './sql/index.js';
export {
  AsyncTransformer,
  asyncTransformer,
  ASYNC_STATUS_COLUMN,
  type AsyncCallOptions,
  type AsyncStatusRow,
  type AsyncTransformerOptions,
} from './async-transformer.js';
/** Event-time windows, behaviors and temporal joins (Pathway's `pw.temporal`). */
export * as temporal from './temporal/index.js';
/** Graph algorithms built from table methods (Pathway's `pw.stdlib.graphs`): `cw.graphs.pagerank(edges)`. */
export * as graphs from './graphs/index.js';
/** Utilities built from table methods (Pathway's `pw.utils`): `cw.utils.col.unpackCol(...)`, `cw.utils.filtering.argmaxRows(...)`. */
export * as utils from './utils/index.js';
import './methods.js';
export {
  promiseUniverseIsSubsetOf,
  promiseUniverseIsEqualTo,
  promiseUniversesAreDisjoint,
} from './universe-ops.js';
export type { FlattenOptions } from './flatten.js';
export type { IxOptions, IxRefOptions } from './ix.js';
export type { PointerFromOptions } from './pointer-from.js';
export type { SortOptions, SortedRow } from './sort.js';
export type { DeduplicateOptions } from './deduplicate.js';
export type { StreamRow } from './update-streams.js';
export type { FromColumnsRow } from './from-columns.js';
export type { TypeMap } from './type-ops.js';
export { join, joinInner, joinLeft, joinRight, joinOuter } from './join-functions.js';
