// `cw.demo` (Pathway's `pw.demo`): streams made up for demos and tests: rows from generator functions, a range of
// numbers, a noisy line, and a CSV file replayed at a rate or at the pace of its own time column. Each is a live source
// (rows arrive over time, committed every `autocommitDurationMs`) that ends after its last row.

import { column, schema as makeSchema, type Schema } from '../../table/schema.js';
import { FLOAT, INT } from '../../table/dtype.js';
import type { Row, Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { csvFileRecords } from '../fs/csv-file-records.js';
import { sleep } from '../http/http-request.js';
import { readSource } from '../read-source.js';
import type { SourceContext } from '../source.js';
import { PythonRandom } from './python-random.js';

/** Options of `generateCustomStream`. */
export interface CustomStreamOptions<TRow extends Row> {
  /** The rows' schema; each record is parsed by it (a primary key makes a repeated key an update). */
  schema: Schema<TRow>;
  /** Rows in all (default: no end). */
  nbRows?: number;
  /** Commit an epoch at least this often, in ms (default 1,000). */
  autocommitDurationMs?: number;
  /** Rows per second (default 1; `Infinity`: no pause). */
  inputRate?: number;
  /** Name in error messages. */
  name?: string;
}

/** Makes the value of one column for row `i` (0, 1, 2, ...). */
export type ValueGenerator = (i: number) => unknown;

function checkRate(what: string, inputRate: number): void {
  if (!(inputRate > 0))
    throw new ConnectorError(
      'demo',
      what,
      `inputRate must be a positive number, got ${inputRate}`,
      'e.g. 10',
    );
}

function checkRows(what: string, nbRows: number | undefined): void {
  if (nbRows !== undefined && !(Number.isInteger(nbRows) && nbRows >= 0))
    throw new ConnectorError(
      'demo',
      what,
      `nbRows must be a non-negative integer, got ${nbRows}`,
      'leave it out for a stream without end',
    );
}

/** A live table fed by `produce` (which ends the source when it returns), committed every `autocommitDurationMs`. */
function demoSource<TRow extends Row>(
  name: string,
  schema: Schema<TRow>,
  autocommitDurationMs: number,
  produce: (ctx: SourceContext) => Promise<void>,
): Table<TRow> {
  return readSource(() => ({ name, run: produce }), schema, {
    name,
    mode: 'streaming',
    autocommitDurationMs,
  });
}

/**
 * A live table of the rows `rowMaker()` makes for indices 0, 1, 2, ... (a fresh maker each run), one every
 * `1 / inputRate` seconds, `nbRows` in all or without end.
 */
function pacedRows<TRow extends Row>(
  name: string,
  options: CustomStreamOptions<TRow>,
  rowMaker: () => (i: number) => Record<string, unknown>,
): Table<TRow> {
  const { nbRows, inputRate = 1 } = options;
  checkRows(name, nbRows);
  checkRate(name, inputRate);
  const pause = 1000 / inputRate;
  return demoSource(name, options.schema, options.autocommitDurationMs ?? 1000, async (ctx) => {
    const rowAt = rowMaker();
    for (let i = 0; nbRows === undefined || i < nbRows; i++) {
      if (ctx.signal.aborted) return;
      ctx.insert(rowAt(i), `row ${i}`);
      if (pause > 0) await sleep(pause, ctx.signal);
      const wait = ctx.backpressure();
      if (wait) await wait;
    }
  });
}

/**
 * A stream of rows made by `valueGenerators` (column name to a function of the row index), one every `1 / inputRate`
 * seconds, `nbRows` in all or without end (Pathway's `pw.demo.generate_custom_stream`).
 *
 * @example
 * const people = cw.demo.generateCustomStream(
 *   { name: (i) => `Person ${i}`, age: (i) => 20 + i },
 *   { schema: cw.schema({ name: cw.STR, age: cw.INT }), nbRows: 10, inputRate: 5 },
 * );
 */
export function generateCustomStream<TRow extends Row>(
  valueGenerators: Readonly<Record<string, ValueGenerator>>,
  options: CustomStreamOptions<TRow>,
): Table<TRow> {
  const entries = Object.entries(valueGenerators);
  return pacedRows(options.name ?? 'demo.generateCustomStream', options, () => (i) => {
    const record: Record<string, unknown> = {};
    for (const [column, generate] of entries) record[column] = generate(i);
    return record;
  });
}

/** The schema of `rangeStream`. */
const RangeSchema = makeSchema({ value: FLOAT });
/** The schema of `noisyLinearStream`. */
const NoisyLinearSchema = makeSchema({ x: column(FLOAT, { primaryKey: true }), y: FLOAT });

/**
 * `nbRows` rows `{ value }` holding `offset`, `offset + 1`, ... as floats, `inputRate` per second (Pathway's
 * `pw.demo.range_stream`).
 */
export function rangeStream(
  options: { nbRows?: number; offset?: number; inputRate?: number; autocommitDurationMs?: number } = {},
): Table<{ value: number }> {
  const { nbRows = 30, offset = 0 } = options;
  return generateCustomStream(
    { value: (i) => i + offset },
    {
      schema: RangeSchema,
      nbRows,
      inputRate: options.inputRate ?? 1,
      autocommitDurationMs: options.autocommitDurationMs ?? 1000,
      name: 'demo.rangeStream',
    },
  );
}

/**
 * `nbRows` points `{ x, y }` with x = 0, 1, 2, ... (the primary key) and y = x plus noise in (-0.1, 0.1), `inputRate`
 * per second: the same numbers as Pathway's `pw.demo.noisy_linear_stream` (Python's `random` seeded with 0).
 */
export function noisyLinearStream(
  options: { nbRows?: number; inputRate?: number } = {},
): Table<{ x: number; y: number }> {
  const stream = {
    schema: NoisyLinearSchema,
    nbRows: options.nbRows ?? 10,
    inputRate: options.inputRate ?? 1,
  };
  return pacedRows('demo.noisyLinearStream', stream, () => {
    // Each run replays the same stream.
    const random = new PythonRandom(0);
    return (i) => ({ x: i, y: i + (2 * random.random() - 1) / 10 });
  });
}

/**
 * Calls `onRecord` with each record of the CSV file at `path` as an object keyed by its header (the source parses the
 * schema's columns from it and ignores the others), until it returns false.
 */
async function forEachCsvRecord(
  path: string,
  what: string,
  onRecord: (record: Record<string, string>, line: number) => Promise<boolean>,
): Promise<void> {
  const fail = (line: number | undefined, reason: string): never => {
    throw new ConnectorError('demo', what, `line ${line ?? '?'}: ${reason}`, 'fix the file');
  };
  let header: string[] | undefined;
  for (const [fields, line] of csvFileRecords(path, {}, fail)) {
    if (header === undefined) header = fields;
    else if (!(await onRecord(Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])), line))) return;
  }
}

/**
 * The rows of a CSV file (header first, `,`-separated, `"`-quoted) as a stream of `inputRate` rows per second, each
 * parsed by `schema` (Pathway's `pw.demo.replay_csv`).
 */
export function replayCsv<TRow extends Row>(
  path: string,
  options: { schema: Schema<TRow>; inputRate?: number },
): Table<TRow> {
  const what = `replayCsv(${path})`;
  const inputRate = options.inputRate ?? 1;
  checkRate(what, inputRate);
  const pause = 1000 / inputRate;
  return demoSource(what, options.schema, Math.max(1, Math.trunc(pause)), (ctx) =>
    forEachCsvRecord(path, what, async (record, line) => {
      if (ctx.signal.aborted) return false;
      ctx.insert(record, `${path}:${line}`);
      if (pause > 0) await sleep(pause, ctx.signal);
      return true;
    }),
  );
}

const UNIT_PER_SECOND = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 } as const;

/**
 * The rows of a CSV file replayed at the pace of its time column (ordered numbers in `unit`: 's', 'ms', 'us' or 'ns'),
 * `speedup` times faster (Pathway's `pw.demo.replay_csv_with_time`): a row comes when as much time has passed since
 * the first row as its time says.
 */
export function replayCsvWithTime<TRow extends Row>(
  path: string,
  options: {
    schema: Schema<TRow>;
    timeColumn: string;
    unit?: 's' | 'ms' | 'us' | 'ns';
    autocommitMs?: number;
    speedup?: number;
  },
): Table<TRow> {
  const what = `replayCsvWithTime(${path})`;
  const { timeColumn, unit = 's', speedup = 1 } = options;
  const dtype = options.schema.names.includes(timeColumn)
    ? options.schema.column(timeColumn).dtype
    : undefined;
  if (dtype !== INT && dtype !== FLOAT)
    throw new ConnectorError(
      'demo',
      what,
      `the time column ${JSON.stringify(timeColumn)} must be a column of the schema typed INT or FLOAT`,
      'give it cw.INT or cw.FLOAT',
    );
  const perSecond = (UNIT_PER_SECOND as Record<string, number>)[unit];
  if (perSecond === undefined)
    throw new ConnectorError(
      'demo',
      what,
      `unit must be 's', 'ms', 'us' or 'ns', got ${JSON.stringify(unit)}`,
      "e.g. 'ms'",
    );
  if (!(speedup > 0))
    throw new ConnectorError('demo', what, `speedup must be positive, got ${speedup}`, 'e.g. 10');
  return demoSource(what, options.schema, options.autocommitMs ?? 100, (ctx) => {
    let first: number | undefined;
    let start = 0;
    return forEachCsvRecord(path, what, async (record, line) => {
      if (ctx.signal.aborted) return false;
      const t = Number(record[timeColumn]);
      if (first === undefined) {
        first = t;
        start = performance.now();
      } else if (Number.isFinite(t)) {
        const due = ((t - first) / (speedup * perSecond)) * 1000 - (performance.now() - start);
        if (due > 0) await sleep(due, ctx.signal);
      }
      ctx.insert(record, `${path}:${line}`);
      return true;
    });
  });
}
