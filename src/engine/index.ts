// Public surface of the engine: Z-set batches, the circuit, operators, keys. Knows nothing about tables.

export { Batch, EMPTY_BATCH } from './batch.js';
export { Circuit, DEFAULT_PART_ROWS, EngineError, SNAPSHOT_FORMAT, type CircuitSnapshot } from './circuit.js';
export { Operator, inForgettingPass } from './operator.js';
export { ForgettingFilterOperator } from './forgetting-filter.js';
export {
  InputOperator,
  OutputOperator,
  type ColumnChunk,
  type OutputOptions,
  type StagedUpdates,
} from './input-operator.js';
export {
  MapOperator,
  FilterOperator,
  FlatMapOperator,
  NegateOperator,
  ConcatOperator,
} from './linear-operators.js';
export { ConsolidateOperator, consolidateBatch } from './consolidate.js';
export {
  Arrangement,
  applyToGroup,
  applyToFlatGroup,
  type ArrangementGroup,
  type ArrangementOptions,
  type FlatGroup,
  type IndexKey,
} from './arrangement.js';
export { ROW_SLOT, rowAt, strideOf } from './flat-group.js';
export { JoinOperator, type JoinEmit, type JoinOptions } from './join.js';
export { ReduceOperator, type ReduceSpec } from './reduce.js';
export { DistinctOperator } from './distinct.js';
export {
  IterateOperator,
  IterateProjection,
  IterationLimitError,
  type IterateBody,
  type IterateOptions,
} from './iterate.js';
export { Collection } from './collection.js';
export { partitionBatch, shardOf } from './exchange.js';
export { valuesEqual, rowsEqual, valueHash32 } from './row-equality.js';
export { Hasher128, type Hashable } from './hasher.js';
export {
  type Key,
  keyFromValues,
  keyFromValue,
  combineKeys,
  keyWithIndex,
  keyToString,
  keyFromString,
  keyShard,
} from './key.js';
export { SortOperator, type SortSpec, type Neighbours } from './sort-operator.js';
export { DeduplicateOperator, type DeduplicateSpec } from './deduplicate-operator.js';
export { KeyGenerator } from './key.js';
export { UniqueKeyOperator } from './unique-key.js';
export { ExactlyOnceJoinOperator, type ExactlyOnceJoinOptions } from './exactly-once-join.js';
