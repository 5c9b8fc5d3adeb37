// Tables from JavaScript records, like Pathway's `table_from_pandas` and `StreamGenerator.table_from_list_of_batches`.

import { keyFromValue, keyFromValues, type Key } from '../engine/key.js';
import type { ColumnInfo } from '../table/columns.js';
import type { Schema } from '../table/schema.js';
import type { Row, Table } from '../table/table.js';
import { inferDtypeOfValues, valueToDtype } from './markdown-cells.js';
import { checkTimeAndDiff, resolveUpdates, type PendingUpdate } from '../table/static-source.js';
import { testTable } from './test-table.js';

/** Options of `tableFromRecords`. */
export interface TableFromRecordsOptions<TRow = Row> {
  /** Column types and primary key; values given as text for date-time, duration and JSON columns are parsed. */
  schema?: Schema<TRow & Row>;
  /** Columns whose values make each row's id; overrides the schema's primary key. */
  idFrom?: readonly string[];
  /** A name for debugging output. */
  name?: string;
}

// Pathway's PANDAS_PSEUDOCOLUMNS (`__shard__` included: it only places rows on workers) and the id.
const SPECIAL = new Set(['__time__', '__diff__', '__shard__', 'id']);

function columnsOf(
  context: string,
  records: readonly Record<string, unknown>[],
  schema: Schema | undefined,
): ColumnInfo[] {
  if (schema !== undefined) return schema.columns.map((c) => ({ name: c.name, dtype: c.dtype }));
  const names: string[] = [];
  for (const r of records)
    for (const n of Object.keys(r)) if (!SPECIAL.has(n) && !names.includes(n)) names.push(n);
  if (names.length === 0 && records.length > 0)
    throw new Error(`${context}: the records have no columns; give each record at least one field`);
  return names.map((name) => ({ name, dtype: inferDtypeOfValues(records.map((r) => r[name] ?? null)) }));
}

/** Converts a record to a row of `columns` (schema defaults for missing fields, None for optional ones). */
export function recordToRow(
  context: string,
  where: string,
  record: Record<string, unknown>,
  columns: readonly ColumnInfo[],
  schema: Schema | undefined,
): unknown[] {
  if (schema !== undefined) {
    for (const n of Object.keys(record)) {
      if (!SPECIAL.has(n) && !schema.names.includes(n)) {
        throw new Error(
          `${context}: ${where} has field "${n}", which is not in the schema (${schema.names.join(', ')})`,
        );
      }
    }
  }
  return columns.map((c) => {
    const v = record[c.name];
    if (v === undefined) {
      const sc = schema?.columns.find((x) => x.name === c.name);
      if (sc?.hasDefault) return sc.defaultValue;
      if (schema === undefined || c.dtype.isOptional) return null;
      throw new Error(
        `${context}: ${where} has no field "${c.name}" and the schema gives no default; add the field or a defaultValue`,
      );
    }
    try {
      return valueToDtype(v, c.dtype);
    } catch (e) {
      throw new Error(`${context}: ${where}, field "${c.name}": ${(e as Error).message}`);
    }
  });
}

/**
 * A table from records: `tableFromRecords([{ pet: 'dog', age: 3 }])`. Records may carry `__time__` and `__diff__`
 * (an update stream), `__shard__` (ignored) and `id` (hashed like `pointerFrom(id)`). Ids come from `idFrom` / the
 * schema's primary key (over `id`), else `id`, else the record's position (`pointerFrom(0)`, ...). Without a
 * schema, types are inferred.
 */
export function tableFromRecords<TRow extends Row = Row>(
  records: readonly Record<string, unknown>[],
  options: TableFromRecordsOptions<TRow> = {},
): Table<TRow> {
  const context = 'tableFromRecords';
  const schema = options.schema as Schema | undefined;
  const columns = columnsOf(context, records, schema);
  const names = columns.map((c) => c.name);
  const idFrom = options.idFrom ?? schema?.primaryKey ?? [];
  for (const n of idFrom) {
    if (!names.includes(n))
      throw new Error(
        `${context}: idFrom names column "${n}", which the records lack; columns are: ${names.join(', ')}`,
      );
  }
  const idIdx = idFrom.map((n) => names.indexOf(n));
  const pending: PendingUpdate[] = records.map((r, i) => {
    const where = `record ${i}`;
    const row = recordToRow(context, where, r, columns, schema);
    const time = (r['__time__'] as number | undefined) ?? 0;
    const diff = (r['__diff__'] as number | undefined) ?? 1;
    checkTimeAndDiff(context, where, time, diff);
    const shard = r['__shard__'];
    if (shard !== undefined && !Number.isInteger(shard)) {
      throw new Error(`${context}: ${where} has __shard__ ${String(shard)}; it must be an integer`);
    }
    let key: Key | undefined;
    // idFrom (or the schema's primary key) wins over an `id` field, as in Pathway's ids_from_pandas.
    if (idIdx.length > 0) key = keyFromValues(idIdx.map((j) => row[j]));
    else if (r['id'] !== undefined && !names.includes('id')) key = keyFromValue(r['id']);
    else if (diff === 1) key = keyFromValue(i);
    return { key, row, time, diff, where };
  });
  return testTable<TRow>(columns, resolveUpdates(context, pending), options.name);
}
