// Schemas from plain data (Pathway's `schema_from_dict`): column definitions that can come from a JSON file, with
// dtypes named as they print (`INT`, `Optional(STR)`, `List(INT)`) or as Python names them (`int`, `list[int]`).

import {
  ANY,
  BOOL,
  BYTES,
  DATE_TIME_NAIVE,
  DATE_TIME_UTC,
  DURATION,
  DType,
  FLOAT,
  INT,
  JSON as JSON_DTYPE,
  NONE,
  POINTER,
  STR,
  list,
  tuple,
} from './dtype.js';
import { Schema, type SchemaColumn } from './schema.js';

/** The simple dtypes by lower-cased name: as they print, and as Python (Pathway's `locate`) names them. */
const SIMPLE: ReadonlyMap<string, DType> = new Map<string, DType>([
  ['int', INT],
  ['float', FLOAT],
  ['str', STR],
  ['bool', BOOL],
  ['any', ANY],
  ['typing.any', ANY],
  ['pointer', POINTER],
  ['pathway.pointer', POINTER],
  ['bytes', BYTES],
  ['json', JSON_DTYPE],
  ['pathway.json', JSON_DTYPE],
  ['date_time_naive', DATE_TIME_NAIVE],
  ['pathway.datetimenaive', DATE_TIME_NAIVE],
  ['date_time_utc', DATE_TIME_UTC],
  ['pathway.datetimeutc', DATE_TIME_UTC],
  ['duration', DURATION],
  ['pathway.duration', DURATION],
  ['none', NONE],
]);

/**
 * The dtype a name stands for: `INT`, `Optional(STR)`, `List(INT)`, `Tuple(INT, STR)` (as dtypes print), or Python's
 * spelling (`int`, `str | None`, `Optional[str]`, `list[int]`, `tuple[int, str]`); heads are case-insensitive. An
 * unknown name is a TypeError listing the simple names.
 */
export function parseDtype(name: string): DType {
  const text = name.trim();
  const union = splitTopLevel(text, '|');
  if (union.length > 1) {
    const parts = union.filter((p) => p.toLowerCase() !== 'none');
    if (parts.length !== 1 || union.length !== 2) throw badDtype(name, 'only `T | None` unions are dtypes');
    return parseDtype(parts[0]!).optional();
  }
  const open = text.search(/[([]/);
  if (open < 0) {
    const d = SIMPLE.get(text.toLowerCase());
    if (d === undefined) throw badDtype(name);
    return d;
  }
  const close = text[open] === '(' ? ')' : ']';
  if (!text.endsWith(close)) throw badDtype(name, `'${text[open]!}' is not closed by '${close}' at the end`);
  const head = text
    .slice(0, open)
    .trim()
    .toLowerCase()
    .replace(/^typing\./, '');
  const args = splitTopLevel(text.slice(open + 1, -1), ',')
    .filter((a) => a !== '')
    .map(parseDtype);
  switch (head) {
    case 'optional':
      if (args.length !== 1) throw badDtype(name, 'Optional takes one dtype');
      return args[0]!.optional();
    case 'list':
      if (args.length !== 1) throw badDtype(name, 'List takes one dtype');
      return list(args[0]!);
    case 'tuple':
      return tuple(...args);
    default:
      throw badDtype(
        name,
        `unknown type constructor '${text.slice(0, open).trim()}' (Optional, List, Tuple)`,
      );
  }
}

/** Splits at a separator character outside brackets. */
function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out;
}

function badDtype(name: string, why?: string): TypeError {
  const simple = [...new Set([...SIMPLE.values()].map(String))].join(', ');
  return new TypeError(
    `unknown dtype ${globalThis.JSON.stringify(name)}${why !== undefined ? `: ${why}` : ''}; dtypes are ${simple}, ` +
      'and Optional(T), List(T), Tuple(T, ...) of them',
  );
}

/** One column of `schemaFromDict`: a dtype (or its name), or its definition as plain data. */
export type ColumnDict =
  | DType<any>
  | string
  | {
      /** The dtype, or its name (`parseDtype`); default ANY. */
      readonly dtype?: DType<any> | string;
      /** Part of the primary key (Pathway's spelling; `primaryKey` is also read). */
      readonly primary_key?: boolean;
      /** Part of the primary key. */
      readonly primaryKey?: boolean;
      /** The default value (Pathway's spelling; `defaultValue` is also read). */
      readonly default_value?: unknown;
      /** The default value. */
      readonly defaultValue?: unknown;
      /** A description (docs, OpenAPI). */
      readonly description?: string;
      /** The column only grows (Pathway's spelling; `appendOnly` is also read). */
      readonly append_only?: boolean;
      /** The column only grows. */
      readonly appendOnly?: boolean;
    };

const COLUMN_KEYS = new Set([
  'dtype',
  'primary_key',
  'primaryKey',
  'default_value',
  'defaultValue',
  'description',
  'append_only',
  'appendOnly',
]);

/** One resolved column from its plain-data definition. */
function columnOf(name: string, entry: ColumnDict): SchemaColumn {
  if (entry instanceof DType) return { name, dtype: entry, primaryKey: false, hasDefault: false };
  if (typeof entry === 'string')
    return { name, dtype: parseDtype(entry), primaryKey: false, hasDefault: false };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new TypeError(
      `schemaFromDict: column "${name}" must be a dtype, a dtype name or { dtype, primary_key, default_value }, ` +
        `got ${String(entry)}`,
    );
  }
  const unknown = Object.keys(entry).filter((k) => !COLUMN_KEYS.has(k));
  if (unknown.length > 0) {
    throw new TypeError(
      `schemaFromDict: column "${name}" has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ` +
        `a column takes ${[...COLUMN_KEYS].join(', ')}`,
    );
  }
  const d = entry.dtype ?? ANY;
  const hasDefault = 'default_value' in entry || 'defaultValue' in entry;
  return {
    name,
    dtype: typeof d === 'string' ? parseDtype(d) : d,
    primaryKey: (entry.primary_key ?? entry.primaryKey) === true,
    hasDefault,
    ...(hasDefault
      ? { defaultValue: 'default_value' in entry ? entry.default_value : entry.defaultValue }
      : {}),
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    ...((entry.append_only ?? entry.appendOnly) === true ? { appendOnly: true } : {}),
  };
}

/**
 * A schema from plain data, e.g. read from a JSON file (Pathway's `pw.schema_from_dict`): each column is a dtype, a
 * dtype name (`'int'`, `'INT'`, `'Optional(STR)'`, `'list[int]'`) or `{ dtype, primary_key, default_value }`. Also
 * takes what `schema.toDict()` gives (`{ columns: {...} }`). The row type is not known to the compiler: rows are
 * `Record<string, unknown>`.
 *
 * @example
 * const Pet = cw.schemaFromDict({ key: { dtype: 'int', primary_key: true }, data: { dtype: 'int', default_value: 0 } });
 */
export function schemaFromDict(
  columns: Readonly<Record<string, ColumnDict>> | { readonly columns: Readonly<Record<string, ColumnDict>> },
): Schema<Record<string, unknown>> {
  const defs = isWrapped(columns) ? columns.columns : columns;
  if (typeof defs !== 'object' || defs === null) {
    throw new TypeError(`schemaFromDict: expected an object of column definitions, got ${String(defs)}`);
  }
  return new Schema(Object.entries(defs).map(([name, entry]) => columnOf(name, entry)));
}

/** True for `{ columns: {...} }` as `schema.toDict()` gives it (a column named "columns" is a dtype, not an object). */
function isWrapped(
  x: Readonly<Record<string, ColumnDict>> | { readonly columns: Readonly<Record<string, ColumnDict>> },
): x is { readonly columns: Readonly<Record<string, ColumnDict>> } {
  const keys = Object.keys(x);
  const inner = (x as { columns?: unknown }).columns;
  return (
    keys.length === 1 &&
    keys[0] === 'columns' &&
    typeof inner === 'object' &&
    inner !== null &&
    !(inner instanceof DType) &&
    !Object.keys(inner).some((k) => COLUMN_KEYS.has(k))
  );
}
