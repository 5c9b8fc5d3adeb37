// The public testing kit: build tables from markdown or rows, run them, print and compare results.

export { tableFromMarkdown, parseMarkdown, parseCell, type MarkdownOptions, type ParsedMarkdown } from './table-from-markdown.js';
export { tableFromRows, type StaticRow, type TableFromRowsOptions } from '../table/static-source.js';
export { captureTables, tableToRows, type Captured, type CapturedUpdate } from './capture.js';
export {
  computeAndPrint,
  computeAndPrintUpdateStream,
  renderTable,
  renderUpdateStream,
  formatValue,
  type PrintOptions,
} from './compute-and-print.js';
