// A schema inferred from a CSV file (Pathway's `pw.schema_from_csv`): column names from the header, each column INT
// when every value reads as an integer, else FLOAT when every value reads as a number, else STR (ANY with no rows).
// Values are read as `cw.io.csv.read` reads them (the same coercions), so a file read with the schema it gave reads.

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ANY, FLOAT, INT, STR, type DType } from '../../table/dtype.js';
import { Schema } from '../../table/schema.js';
import { CsvSplitter, type CsvSettings } from '../fs/csv-parser.js';
import { coercerOf } from '../record-parser.js';

/** Options of `schemaFromCsv`: how the file is split, and how many rows are read to infer the types. */
export interface SchemaFromCsvOptions extends Omit<CsvSettings, 'header'> {
  /** Rows read to infer the types (default: every row); 0 reads only the header (every column is then ANY). */
  numParsedRows?: number;
}

const CHUNK = 1 << 16;

/** The header's fields and up to `limit` records of the CSV file at `path`, reading no more of it than needed. */
function readRecords(path: string, settings: CsvSettings, limit: number): [string[] | undefined, string[][]] {
  const splitter = new CsvSplitter(settings);
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(CHUNK);
  const records: string[][] = [];
  let header: string[] | undefined;
  const onRecord = (fields: string[]): void => {
    if (header === undefined) header = fields;
    else if (records.length < limit) records.push(fields);
  };
  const fd = openSync(path, 'r');
  try {
    let text = '';
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      const atEnd = n === 0;
      text += atEnd ? decoder.end() : decoder.write(buf.subarray(0, n));
      // A byte order mark is not part of the first column's name (the readers drop it too).
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // Whole lines only, until the end: a record cut by the chunk's end is split with the next chunk.
      const cut = atEnd ? text.length : text.lastIndexOf('\n') + 1;
      const split = splitter.split(text.slice(0, cut), atEnd, onRecord);
      if (split.error !== undefined) {
        throw new Error(`schemaFromCsv: ${path}, line ${split.errorLine ?? '?'}: ${split.error}`);
      }
      text = text.slice(split.consumed);
      if (atEnd || (header !== undefined && records.length >= limit)) break;
    }
  } finally {
    closeSync(fd);
  }
  return [header, records];
}

/** True when every value is read as a cell of `dtype`. */
function allRead(values: readonly string[], dtype: DType): boolean {
  const coerce = coercerOf(dtype);
  for (const v of values) {
    try {
      coerce(v);
    } catch {
      return false;
    }
  }
  return true;
}

/** The dtype of a column from its values (see the header). */
function columnDtype(values: readonly string[]): DType {
  if (values.length === 0) return ANY;
  if (allRead(values, INT)) return INT;
  if (allRead(values, FLOAT)) return FLOAT;
  return STR;
}

/**
 * A schema for the CSV file at `path` (Pathway's `pw.schema_from_csv`): the header names the columns; a column is INT
 * when every value is an integer, else FLOAT when every value is a number, else STR (an empty field is text, as in
 * Pathway), and ANY when the file has no rows. `numParsedRows` reads only that many rows. The row type is not known
 * to the compiler: rows are `Record<string, unknown>`.
 *
 * @example
 * const Orders = cw.schemaFromCsv('data/orders.csv');
 * const orders = cw.io.csv.read('data/orders.csv', { schema: Orders, mode: 'static' });
 */
export function schemaFromCsv(
  path: string,
  options: SchemaFromCsvOptions = {},
): Schema<Record<string, unknown>> {
  const { numParsedRows, ...settings } = options;
  if (numParsedRows !== undefined && !(Number.isInteger(numParsedRows) && numParsedRows >= 0)) {
    throw new RangeError(`schemaFromCsv: numParsedRows must be a whole number >= 0, got ${numParsedRows}`);
  }
  const [header, records] = readRecords(path, settings, numParsedRows ?? Infinity);
  if (header === undefined)
    throw new Error(`schemaFromCsv: ${path} is empty; a schema needs its header line`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`schemaFromCsv: ${path} names column "${name}" twice in its header`);
    seen.add(name);
  }
  return new Schema(
    header.map((name, i) => {
      // A short row lacks the field: it says nothing about the column's type.
      const values = records.flatMap((r) => (i < r.length ? [r[i]!] : []));
      return { name, dtype: columnDtype(values), primaryKey: false, hasDefault: false };
    }),
  );
}
