// Message payloads shared by the message connectors (NATS, Redis Streams, MQTT, ...): decoding a payload in format
// `json` | `plaintext` | `raw` into a record for `ctx.insert`, and encoding a row with its time and diff.

import { BYTES, STR, type DType } from '../table/dtype.js';
import { schema, type Schema } from '../table/schema.js';
import { ConnectorError } from './connector-error.js';
import { jsonFormatter, type ValueFormatter } from './format-value.js';

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
 * Decodes a payload into a record for `ctx.insert`: json → the parsed object (column by name); plaintext →
 * `{ data: text }`; raw → `{ data: bytes }`. Throws `MessageFormatError` for JSON that does not parse or is not an
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

/** The schema of a reader: the given one, else the default of a plaintext/raw format; json needs one. */
export function messageSchema<S extends Schema<any>>(
  connector: string,
  object: string,
  format: MessageFormat,
  given: S | undefined,
): S {
  if (given !== undefined) return given;
  if (format === 'json')
    throw new ConnectorError(
      connector,
      object,
      'format "json" needs a schema',
      'pass schema: cw.schema({...})',
    );
  return defaultMessageSchema(format) as unknown as S;
}

/** Options of a `MessageEncoder`. */
export interface MessageEncoderOptions {
  /** Payload format (default json). */
  format?: MessageFormat;
  /** plaintext / raw: the column whose value is the payload (default: the only column, else `data`). */
  valueColumn?: string;
}

/**
 * Encodes rows as message payloads: json → `{ ...columns, time, diff }` (values formatted like every JSON writer);
 * plaintext → the value column's text; raw → its bytes (text is UTF-8 encoded).
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

/** A cell as message text: strings as they are, other values as their JSON text. */
export function cellText(v: unknown, format: ValueFormatter): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  const p = format(v);
  return typeof p === 'string' ? p : JSON.stringify(p);
}
