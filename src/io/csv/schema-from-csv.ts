// A schema inferred from a CSV file (Pathway's `pw.schema_from_csv`): column names from the header, each column INT
// when every value reads as an integer, else FLOAT when every value reads as a number, else STR (ANY with no rows).
// Values are read as `cw.io.csv.read` reads them (the same coercions), so a file read with the schema it gave reads;
// each column's guess narrows value by value, and no record is kept.

import { ANY, FLOAT, INT, STR, type DType } from '../../table/dtype.js';
import { Schema } from '../../table/schema.js';
import type { CsvSettings } from '../fs/csv-parser.js';
import { csvFileRecords } from '../fs/csv-file-records.js';
import { coercerOf } from '../record-parser.js';

/** Options of `schemaFromCsv`: how the file is split, and how many rows are read to infer the types. */
export interface SchemaFromCsvOptions extends Omit<CsvSettings, 'header'> {
  /** Rows read to infer the types (default: every row); 0 reads only the header (every column is then ANY). */
  numParsedRows?: number;
}

/** What the values of one column seen so far allow: integers, numbers, anything (STR); `seen` counts them. */
interface ColumnGuess {
  seen: number;
  int: boolean;
  float: boolean;
}

const readsInt = coercerOf(INT);
const readsFloat = coercerOf(FLOAT);

/** True when `coerce` reads `value`. */
function reads(coerce: (raw: unknown) => unknown, value: string): boolean {
  try {
    coerce(value);
    return true;
  } catch {
    return false;
  }
}

/** Narrows a column's guess by one value (a column that is already STR checks nothing more). */
function observe(g: ColumnGuess, value: string): void {
  g.seen++;
  if (g.int && !reads(readsInt, value)) g.int = false;
  if (!g.int && g.float && !reads(readsFloat, value)) g.float = false;
}

/** The dtype a column's guess settles on (see `schemaFromCsv`). */
function dtypeOf(g: ColumnGuess): DType {
  if (g.seen === 0) return ANY;
  return g.int ? INT : g.float ? FLOAT : STR;
}

/**
 * The header's fields and a guess per column from up to `limit` records of the CSV file at `path`, reading no more of
 * it than needed and keeping no record.
 */
function readGuesses(
  path: string,
  settings: CsvSettings,
  limit: number,
): [string[] | undefined, ColumnGuess[]] {
  let guesses: ColumnGuess[] = [];
  let header: string[] | undefined;
  let rows = 0;
  const fail = (line: number | undefined, reason: string): never => {
    throw new Error(`schemaFromCsv: ${path}, line ${line ?? '?'}: ${reason}`);
  };
  for (const [fields] of csvFileRecords(path, settings, fail)) {
    if (header === undefined) {
      header = fields;
      guesses = fields.map(() => ({ seen: 0, int: true, float: true }));
      continue;
    }
    if (rows >= limit) break;
    rows++;
    // A short row lacks the last fields: they say nothing about those columns.
    const n = Math.min(fields.length, guesses.length);
    for (let i = 0; i < n; i++) observe(guesses[i]!, fields[i]!);
  }
  return [header, guesses];
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
  const [header, guesses] = readGuesses(path, settings, numParsedRows ?? Infinity);
  if (header === undefined)
    throw new Error(`schemaFromCsv: ${path} is empty; a schema needs its header line`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`schemaFromCsv: ${path} names column "${name}" twice in its header`);
    seen.add(name);
  }
  return new Schema(
    header.map((name, i) => ({ name, dtype: dtypeOf(guesses[i]!), primaryKey: false, hasDefault: false })),
  );
}
