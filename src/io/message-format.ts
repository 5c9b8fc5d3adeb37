// Message payloads shared by the message connectors (NATS, Redis Streams, MQTT, RabbitMQ, Kafka): decoding a payload
// in format `json` | `plaintext` | `raw` into a record, Debezium change events (`debezium`), parsing and keying
// records on the fast path (`RecordInserter`), the MQTT/RabbitMQ `PayloadDecoder`, and encoding a row with its time
// and diff.

import { keyFromValues, KeyGenerator, type Key } from '../engine/key.js';
import { BYTES, STR, type DType } from '../table/dtype.js';
import { schema, type Schema } from '../table/schema.js';
import { ConnectorError } from './connector-error.js';
import { decodeDebezium, type DebeziumChange } from './debezium/debezium-format.js';
import { jsonFormatter, type ValueFormatter } from './format-value.js';
import { Json } from '../table/values/json.js';
import { RecordParser, type RecordParserOptions } from './record-parser.js';
import type { SourceContext } from './source.js';

/** How a message payload maps to a row: a JSON object by column name, a text `data` column, or a bytes `data` column. */
export type MessageFormat = 'json' | 'plaintext' | 'raw';

/** A payload that cannot be decoded (the caller reports it with the message's position). */
export class MessageFormatError extends Error {}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** Text of a payload (UTF-8). */
export function payloadText(payload: Uint8Array | string): string {
  return typeof payload === 'string' ? payload : utf8.decode(payload);
}

/**
 * Decodes a payload into a record for `ctx.insert`: json -> the parsed object (column by name); plaintext ->
 * `{ data: text }`; raw -> `{ data: bytes }`. Throws `MessageFormatError` for JSON that does not parse or is not an
 * object.
 */
export function decodeMessage(payload: Uint8Array | string, format: MessageFormat): object {
  if (format === 'json') {
    const text = payloadText(payload);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new MessageFormatError(`malformed JSON (${(e as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new MessageFormatError(
        `expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      );
    return value;
  }
  if (format === 'plaintext') return { data: payloadText(payload) };
  return { data: typeof payload === 'string' ? encoder.encode(payload) : payload };
}

/** The schema a `plaintext` (`data: STR`) or `raw` (`data: BYTES`) reader gets when none is given. */
export function defaultMessageSchema(format: 'plaintext' | 'raw'): Schema<{ data: string | Uint8Array }> {
  return format === 'plaintext' ? schema({ data: STR }) : schema({ data: BYTES });
}

/** What a reader makes of a payload: a message format, or a Debezium change event (`debezium`). */
export type MessageReadFormat = MessageFormat | 'debezium';

/**
 * The schema of a reader: the given one, else the default of a plaintext/raw format; json needs one, debezium one
 * with a primary key (updates and deletes find their row by it).
 */
export function messageSchema<S extends Schema<any>>(
  connector: string,
  object: string,
  format: MessageReadFormat,
  given: S | undefined,
): S {
  if (format === 'debezium' && (given === undefined || given.primaryKey.length === 0))
    throw new ConnectorError(
      connector,
      object,
      `format "debezium" needs a schema with a primary key${given === undefined ? '' : ' (this one has none)'}`,
      'pass schema: cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), ... })',
    );
  if (given !== undefined) return given;
  if (format === 'json' || format === 'debezium')
    throw new ConnectorError(
      connector,
      object,
      'format "json" needs a schema',
      'pass schema: cw.schema({...})',
    );
  return defaultMessageSchema(format) as unknown as S;
}

/**
 * Parses records to a schema and inserts them keyed by its primary key (`ctx.insertParsed`, the fast path); rows
 * without a primary key get keys from a generator seeded by `seed`. A position is built only for an error.
 */
export class RecordInserter {
  private readonly parser: RecordParser;
  private readonly pk: number[];
  private ids: KeyGenerator | undefined;

  /** Prepares parsing into rows of `schema`. */
  constructor(
    schema: Schema<any>,
    private readonly seed: string,
    options?: RecordParserOptions,
  ) {
    this.parser = new RecordParser(schema, options);
    const names = schema.names;
    this.pk = schema.primaryKey.map((n) => names.indexOf(n));
  }

  /** The parser (for callers that parse other layouts, e.g. flat field arrays). */
  get recordParser(): RecordParser {
    return this.parser;
  }

  /** Parses and inserts `record`; false when it does not fit the schema (reported at `where + at`). */
  insert(ctx: SourceContext, record: object, where: string, at: string | number): boolean {
    const values = this.parser.parseObject(record);
    return this.insertValues(ctx, values, where, at);
  }

  /** Inserts values parsed by `recordParser` (undefined: reported at `where + at` with the parser's reason). */
  insertValues(
    ctx: SourceContext,
    values: unknown[] | undefined,
    where: string,
    at: string | number,
  ): boolean {
    if (values === undefined) {
      ctx.error(where + at, this.parser.lastError);
      return false;
    }
    ctx.insertParsed(this.keyOf(values), values);
    return true;
  }

  private keyOf(values: readonly unknown[]): Key {
    const pk = this.pk;
    if (pk.length === 0) return (this.ids ??= new KeyGenerator(this.seed)).next();
    if (pk.length === 1) return keyFromValues([values[pk[0]!]]);
    const parts = new Array<unknown>(pk.length);
    for (let i = 0; i < pk.length; i++) parts[i] = values[pk[i]!];
    return keyFromValues(parts);
  }
}

/**
 * Applies one Debezium change event (see src/io/debezium): create/read inserts `after`, update replaces `before` by
 * `after`, delete removes `before` by primary key; tombstones and truncates are skipped. False when the event is
 * malformed (reported at `where + at`, nothing applied): the caller acknowledges it like other malformed messages.
 */
export function applyChangeEvent(
  ctx: SourceContext,
  payload: Uint8Array | string,
  where: string,
  at: string | number,
  inserter?: RecordInserter,
): boolean {
  let change: DebeziumChange | null;
  try {
    change = decodeDebezium(payload);
  } catch (e) {
    ctx.error(where + at, `malformed Debezium event: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
  if (change === null || change.op === 't') return true;
  if (change.op === 'd') {
    ctx.delete(change.before!, where + at);
    return true;
  }
  const replaced = change.op === 'u' && change.before !== null;
  if (replaced) ctx.delete(change.before!, where + at);
  const ok =
    inserter !== undefined
      ? inserter.insert(ctx, change.after!, where, at)
      : ctx.insert(change.after!, where + at) !== undefined;
  // An update whose `before` was applied changed the table: it is acknowledged with its epoch.
  return ok || replaced;
}

/**
 * Decodes payloads into `ctx` calls for one schema and format (MQTT, RabbitMQ): a JSON message with a negative
 * `diff` deletes by primary key; plaintext/raw fill a one-column schema by position; debezium applies change events.
 */
export class PayloadDecoder {
  private readonly deletable: boolean;

  /** Prepares decoding into rows of `schema`; `connector`/`object` name errors. */
  constructor(
    private readonly format: MessageReadFormat,
    schema: Schema<any>,
    connector: string,
    object: string,
  ) {
    // A JSON message with a negative `diff` (what the writers emit for a retraction) deletes by primary key,
    // unless `diff` is a column of the schema itself.
    this.deletable = schema.primaryKey.length > 0 && !schema.names.includes('diff');
    if ((format === 'plaintext' || format === 'raw') && schema.columns.length !== 1)
      throw new ConnectorError(
        connector,
        object,
        `format "${format}" fills a single column, the schema has ${schema.columns.length}`,
        'use a one-column schema such as cw.schema({ data: cw.STR }), or format: "json"',
      );
  }

  /** Hands one message to `ctx`; a malformed one is reported at `where + at` and skipped (false). */
  decode(ctx: SourceContext, payload: Uint8Array, where: string, at: string | number = ''): boolean {
    switch (this.format) {
      case 'raw':
        return ctx.insert([new Uint8Array(payload)], where + at) !== undefined;
      case 'plaintext':
        return ctx.insert([payloadText(payload)], where + at) !== undefined;
      case 'debezium':
        return applyChangeEvent(ctx, payload, where, at);
    }
    let value: object;
    try {
      value = decodeMessage(payload, 'json');
    } catch (e) {
      if (!(e instanceof MessageFormatError)) throw e;
      ctx.error(where + at, e.message);
      return false;
    }
    const diff = (value as { diff?: unknown }).diff;
    if (this.deletable && typeof diff === 'number' && diff < 0) {
      ctx.delete(value, where + at);
      return true;
    }
    return ctx.insert(value, where + at) !== undefined;
  }
}

/** Options of a `MessageEncoder`. */
export interface MessageEncoderOptions {
  /** Payload format (default json). */
  format?: MessageFormat;
  /** plaintext / raw: the column whose value is the payload (default: the only column, else `data`). */
  valueColumn?: string;
}

/**
 * Encodes rows as message payloads: json -> `{ ...columns, time, diff }` (values formatted like every JSON writer);
 * plaintext -> the value column's text; raw -> its bytes (text is UTF-8 encoded).
 */
export class MessageEncoder {
  private readonly format: MessageFormat;
  private readonly formatters: ValueFormatter[];
  private readonly valueIndex: number;

  /** Prepares the encoder of a table's columns; throws a ConnectorError naming `connector` for a bad value column. */
  constructor(
    connector: string,
    private readonly columns: readonly string[],
    dtypes: readonly DType[],
    options: MessageEncoderOptions = {},
  ) {
    this.format = options.format ?? 'json';
    this.formatters = dtypes.map((d) => jsonFormatter(d));
    const name = options.valueColumn ?? (columns.length === 1 ? columns[0]! : 'data');
    this.valueIndex = this.format === 'json' ? -1 : columns.indexOf(name);
    if (this.format !== 'json' && this.valueIndex < 0)
      throw new ConnectorError(
        connector,
        `column "${name}"`,
        `format "${this.format}" writes one column and the table has no such column`,
        `set valueColumn to one of ${columns.join(', ')}`,
      );
  }

  /** The row as a plain object of JSON-ready values (with `time` and `diff` when given). */
  object(row: readonly unknown[], time?: number, diff?: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const cols = this.columns;
    for (let i = 0; i < cols.length; i++) out[cols[i]!] = this.formatters[i]!(row[i]);
    if (time !== undefined) out.time = time;
    if (diff !== undefined) out.diff = diff;
    return out;
  }

  /** The payload of a row: JSON text, the value column's text, or its bytes. */
  encode(row: readonly unknown[], time?: number, diff?: number): string | Uint8Array {
    if (this.format === 'json') return JSON.stringify(this.object(row, time, diff));
    const v = row[this.valueIndex];
    if (this.format === 'raw') {
      if (v instanceof Uint8Array) return v;
      return encoder.encode(cellText(v, this.formatters[this.valueIndex]!));
    }
    return cellText(v, this.formatters[this.valueIndex]!);
  }
}

/** How changes are written: `format` json (default: the row with `time` and `diff`), plaintext or raw. */
export type PayloadEncoding = MessageEncoderOptions;

/** Turns one change (row values, time, diff) into a message payload. */
export type PayloadEncoder = (row: readonly unknown[], time: number, diff: number) => Buffer;

/** The encoder of a table's changes as Buffers; throws a ConnectorError when `valueColumn` names no column. */
export function payloadEncoder(
  encoding: PayloadEncoding,
  columns: readonly string[],
  dtypes: readonly DType[],
  connector: string,
): PayloadEncoder {
  const enc = new MessageEncoder(connector, columns, dtypes, encoding);
  return (row, time, diff) => {
    const p = enc.encode(row, time, diff);
    return typeof p === 'string' ? Buffer.from(p) : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  };
}

/** A cell as message text: strings as they are, other values as their JSON text. */
export function cellText(v: unknown, format: ValueFormatter): string {
  if (v === null || v === undefined) return '';
  // NaN and the infinities as the readers parse them (JSON would make them null); a JSON cell as its JSON text.
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : v < 0 ? '-inf' : 'NaN';
  if (v instanceof Json) return JSON.stringify(v.toJSON());
  const p = format(v);
  return typeof p === 'string' ? p : JSON.stringify(p);
}
