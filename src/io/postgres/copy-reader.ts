// Reading a table's current rows with `COPY (SELECT ...) TO STDOUT` (text format): chunks are parsed as they
// arrive and handed to the source context, which may pause the copy (backpressure); nothing is loaded whole.

import type { Client } from 'pg';
import type { Readable } from 'node:stream';
import { keyFromValues, type Key } from '../../engine/key.js';
import type { Schema } from '../../table/schema.js';
import type { SourceContext } from '../source.js';
import { quoteName } from './connection.js';
import { CopyTextParser, RowDecoder } from './pg-text.js';

/** Decodes rows of text values (schema column order) and hands them to a source context. */
export class RowSink {
  /** Rows handed so far. */
  rows = 0;
  readonly decoder: RowDecoder;
  private readonly pk: number[];

  /** Prepares decoding for `schema`; `where` names the object in error positions (`table public.x`). */
  constructor(
    private readonly ctx: SourceContext,
    schema: Schema<any>,
    readonly where: string,
  ) {
    this.decoder = new RowDecoder(schema);
    const names = schema.names;
    this.pk = schema.primaryKey.map((n) => names.indexOf(n));
  }

  /** The row id of decoded `values` (only with a primary key): as the source session computes it. */
  key(values: readonly unknown[]): Key {
    const pk = this.pk;
    if (pk.length === 1) return keyFromValues([values[pk[0]!]]);
    return keyFromValues(pk.map((i) => values[i]));
  }

  /** Whether the schema has a primary key. */
  get hasKey(): boolean {
    return this.pk.length > 0;
  }

  /** Column indexes of the primary key. */
  get keyColumns(): readonly number[] {
    return this.pk;
  }

  /** Decodes `fields[index[i]]` for each column; undefined (reported at `position`) when a value does not fit. */
  decode(fields: readonly (string | null | undefined)[], index: readonly number[], position: string) {
    const d = this.decoder;
    const n = index.length;
    const values = new Array<unknown>(n);
    try {
      for (let i = 0; i < n; i++) {
        const f = fields[index[i]!];
        if (f === undefined)
          throw new Error(
            `field "${d.names[i]}" was not sent (an unchanged TOASTed value: set REPLICA IDENTITY FULL on the table)`,
          );
        values[i] = d.cell(i, f);
      }
    } catch (e) {
      this.ctx.error(position, (e as Error).message);
      return undefined;
    }
    return values;
  }

  /** Inserts decoded values (an upsert under a primary key). */
  insert(values: unknown[], position: string): void {
    if (this.pk.length > 0) this.ctx.insertParsed(this.key(values), values);
    else this.ctx.insert(values, position);
  }
}

/** `COPY (SELECT "a", "b" FROM <table or (query) q>) TO STDOUT`: the rows of `schema`'s columns. */
export function copySql(schema: Schema<any>, from: { table?: string; query?: string }): string {
  const cols = schema.names.map((n) => `"${n.replaceAll('"', '""')}"`).join(', ');
  const source = from.query !== undefined ? `(${from.query}) AS q` : quoteName(from.table!);
  return `COPY (SELECT ${cols} FROM ${source}) TO STDOUT`;
}

/**
 * Streams the COPY `sql` on `client` into `sink`, waiting on the context's backpressure between chunks.
 * Returns when the copy is complete (or the run was stopped).
 */
export async function copyInto(
  client: Client,
  sql: string,
  sink: RowSink,
  ctx: SourceContext,
): Promise<void> {
  const { to } = (await import('pg-copy-streams')) as unknown as {
    to(text: string): Readable;
  };
  const index = sink.decoder.names.map((_, i) => i);
  const where = sink.where;
  const parser = new CopyTextParser((fields) => {
    const position = `${where} row ${++sink.rows}`;
    const values = sink.decode(fields, index, position);
    if (values !== undefined) sink.insert(values, position);
  });
  const stream = client.query(to(sql) as never) as unknown as Readable;
  try {
    for await (const chunk of stream) {
      parser.push(chunk as Buffer);
      const wait = ctx.backpressure();
      if (wait) await wait;
      if (ctx.signal.aborted) break;
    }
  } finally {
    if (!stream.readableEnded) stream.destroy();
  }
}
