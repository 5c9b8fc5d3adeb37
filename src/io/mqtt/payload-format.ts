// Message payloads of the MQTT and RabbitMQ connectors: decoding json/plaintext/raw payloads into records, and
// encoding a row with its time and diff (JSON) or one chosen column (plaintext/raw) into a payload.
// Private to the two connectors until the shared src/io/message-format.ts replaces it.

import type { DType } from '../../table/dtype.js';
import * as dt from '../../table/dtype.js';
import { schema as makeSchema, type Schema } from '../../table/schema.js';
import { ConnectorError } from '../connector-error.js';
import { jsonFormatter } from '../format-value.js';
import type { SourceContext } from '../source.js';

/** How a message payload maps to a row: a JSON object, UTF-8 text, or bytes. */
export type PayloadFormat = 'json' | 'plaintext' | 'raw';

/** The schema of plaintext (`{ data: STR }`) and raw (`{ data: BYTES }`) messages when none is given. */
export function defaultPayloadSchema(format: 'plaintext' | 'raw'): Schema<any> {
  return makeSchema({ data: format === 'raw' ? dt.BYTES : dt.STR });
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
    const names = schema.names;
    // A JSON message with a negative `diff` (what the writers emit for a retraction) deletes by primary key,
    // unless `diff` is a column of the schema itself.
    this.deletable = schema.primaryKey.length > 0 && !names.includes('diff');
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
    const text = payload.toString('utf8');
    if (this.format === 'plaintext') {
      ctx.insert([text], position);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      ctx.error(position, `not valid JSON (${(e as Error).message})`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.error(
        position,
        `expected a JSON object, got ${text.length > 40 ? text.slice(0, 37) + '...' : text}`,
      );
      return;
    }
    const diff = (value as { diff?: unknown }).diff;
    if (this.deletable && typeof diff === 'number' && diff < 0) ctx.delete(value, position);
    else ctx.insert(value, position);
  }
}

/** Options of the payload encoder. */
export interface PayloadEncoding {
  /** `json` (default): the row with `time` and `diff`; `plaintext`/`raw`: the `value` column only. */
  format?: PayloadFormat;
  /** The column written as the payload in plaintext/raw format (default: the only column). */
  value?: string;
}

/** Turns one change (row values, time, diff) into a message payload. */
export type PayloadEncoder = (row: readonly unknown[], time: number, diff: number) => Buffer;

/** The encoder of a table's changes; throws a ConnectorError when `value` names no column. */
export function payloadEncoder(
  encoding: PayloadEncoding,
  columns: readonly string[],
  dtypes: readonly DType[],
  connector: string,
  object: string,
): PayloadEncoder {
  const format = encoding.format ?? 'json';
  if (format === 'json') {
    const fmt = dtypes.map((d) => jsonFormatter(d));
    const n = columns.length;
    return (row, time, diff) => {
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) obj[columns[i]!] = fmt[i]!(row[i]);
      obj.time = time;
      obj.diff = diff;
      return Buffer.from(JSON.stringify(obj));
    };
  }
  const name = encoding.value ?? (columns.length === 1 ? columns[0] : undefined);
  const at = name === undefined ? -1 : columns.indexOf(name);
  if (at < 0)
    throw new ConnectorError(
      connector,
      object,
      name === undefined
        ? `format "${format}" writes one column, the table has ${columns.length}`
        : `no column "${name}" to write (columns: ${columns.join(', ')})`,
      'set value: "<column>"',
    );
  const fmt = jsonFormatter(dtypes[at]!);
  return (row) => {
    const v = row[at];
    if (v instanceof Uint8Array) return Buffer.from(v);
    if (typeof v === 'string') return Buffer.from(v);
    const p = fmt(v);
    return Buffer.from(p === null ? '' : typeof p === 'string' ? p : JSON.stringify(p));
  };
}
