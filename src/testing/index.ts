// The public testing kit (`causeway/testing`): build tables from markdown, records or batches; run them, print them
// as Pathway does, and assert on their contents and update streams.

// The table layer with every Table method installed, so a test importing only this kit can call them all.
import '../table/index.js';

export {
  tableFromMarkdown,
  tableFromParsedMarkdown,
  parseMarkdown,
  parseCell,
  type MarkdownOptions,
  type MarkdownRow,
  type ParsedMarkdown,
} from './table-from-markdown.js';
export { cellToDtype, inferDtype, NONE_TEXTS } from './markdown-cells.js';
export { tableFromRecords, type TableFromRecordsOptions } from './table-from-records.js';
export { tableFromListOfBatches, StreamGenerator, type BatchesOptions } from './stream-generator.js';
export { tableFromRows, type StaticRow, type TableFromRowsOptions } from '../table/static-source.js';
export { captureTables, tableToRows, type Captured, type CapturedUpdate } from './capture.js';
export {
  computeAndPrint,
  computeAndPrintUpdateStream,
  renderTable,
  renderUpdateStream,
  renderCaptured,
  type PrintOptions,
} from './compute-and-print.js';
export {
  formatValue,
  formatKey,
  formatTable,
  type FormatOptions,
  type FormatTableOptions,
  type PrintedRow,
} from './format-table.js';
export {
  assertTableEquality,
  assertTableEqualityWoTypes,
  assertTableEqualityWoIndex,
  assertTableEqualityWoIndexTypes,
  assertStreamEquality,
  assertStreamEqualityWoIndex,
  TableAssertionError,
  type AssertOptions,
  type Tables,
} from './assertions.js';
export { assertStreamSplitIntoGroups, assertStreamSplitIntoGroupsWoIndex } from './assert-time-groups.js';
