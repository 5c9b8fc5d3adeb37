// Message payloads of the MQTT and RabbitMQ connectors on top of the shared `message-format`: decoding into
// `ctx` calls (a JSON message with a negative `diff` deletes by primary key; plaintext/raw fill a one-column schema
// by position) and encoding a change into a Buffer.

import type { DType } from '../../table/dtype.js';
import type { Schema } from '../../table/schema.js';
import { ConnectorError } from '../connector-error.js';
import {
  decodeMessage,
  MessageEncoder,
  MessageFormatError,
  messageSchema,
  payloadText,
  type MessageEncoderOptions,
  type MessageFormat,
} from '../message-format.js';
import type { SourceContext } from '../source.js';

/** How a message payload maps to a row: a JSON object, UTF-8 text, or bytes. */
export type PayloadFormat = MessageFormat;

/** The schema of a reader: the given one, `{ data: STR }` (plaintext), `{ data: BYTES }` (raw); json needs one. */
export function readerSchema(
  connector: string,
  object: string,
  format: PayloadFormat,
  given: Schema<any> | undefined,
): Schema<any> {
  return messageSchema(connector, object, format, given);
}

/** Decodes payloads into `ctx` calls for one schema and format. */
export class PayloadDecoder {
  private readonly deletable: boolean;

  /** Prepares decoding into rows of `schema`; `connector`/`object` name errors. */
  constructor(
    private readonly format: PayloadFormat,
    schema: Schema<any>,
    connector: string,
    object: string,
  ) {
    // A JSON message with a negative `diff` (what the writers emit for a retraction) deletes by primary key,
    // unless `diff` is a column of the schema itself.
    this.deletable = schema.primaryKey.length > 0 && !schema.names.includes('diff');
    if (format !== 'json' && schema.columns.length !== 1)
      throw new ConnectorError(
        connector,
        object,
        `format "${format}" fills a single column, the schema has ${schema.columns.length}`,
        'use a one-column schema such as cw.schema({ data: cw.STR }), or format: "json"',
      );
  }

  /** Hands one message to `ctx`; a malformed one is reported at `position` and skipped. */
  decode(ctx: SourceContext, payload: Buffer, position: string): void {
    if (this.format === 'raw') {
      ctx.insert([new Uint8Array(payload)], position);
      return;
    }
    if (this.format === 'plaintext') {
      ctx.insert([payloadText(payload)], position);
      return;
    }
    let value: object;
    try {
      value = decodeMessage(payload, 'json');
    } catch (e) {
      if (!(e instanceof MessageFormatError)) throw e;
      ctx.error(position, e.message);
      return;
    }
    const diff = (value as { diff?: unknown }).diff;
    if (this.deletable && typeof diff === 'number' && diff < 0) ctx.delete(value, position);
    else ctx.insert(value, position);
  }
}

/** How changes are written: `format` json (default: the row with `time` and `diff`), plaintext or raw. */
export type PayloadEncoding = MessageEncoderOptions;

/** Turns one change (row values, time, diff) into a message payload. */
export type PayloadEncoder = (row: readonly unknown[], time: number, diff: number) => Buffer;

/** The encoder of a table's changes; throws a ConnectorError when `valueColumn` names no column. */
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
