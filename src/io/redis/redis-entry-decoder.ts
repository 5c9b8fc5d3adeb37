// Turning Redis Stream entries into rows: the `fields` layout (one field per column) parsed straight from the reply's
// flat [name, value, ...] array, or a json / plaintext / raw / debezium payload in one field; a `diff` field of `-1`
// deletes (except for debezium, whose events say what they do).
//
// Algorithm (fields): entries of a stream almost always share one field layout, so the column -> value position map
// is kept for the last layout seen and rebuilt only when an entry's field names differ; the row is parsed with
// `RecordParser.parseFields` on the reply array itself and handed over keyed with `ctx.insertParsed` (no object, no
// position string per entry: the position is built only for an error).
// Invariants: the same rows and the same errors as `ctx.insert(record)` with the entry as an object (empty fields are
// parsed as text, never turned into None); the last of duplicated field names wins, as in an object.

import type { Schema } from '../../table/schema.js';
import {
  applyChangeEvent,
  decodeMessage,
  MessageFormatError,
  RecordInserter,
  type MessageReadFormat,
} from '../message-format.js';
import type { SourceContext } from '../source.js';

/**
 * Entry layout: one field per column (`fields`), or the payload in one field as json / plaintext / raw, or a
 * Debezium change event (`debezium`).
 */
export type RedisStreamFormat = 'fields' | MessageReadFormat;

/** Decodes entries of one stream and hands them to a source context. */
export class RedisEntryDecoder {
  private readonly inserter: RecordInserter | undefined;
  private readonly where: string;
  /** Field names of the last layout seen (fields format). */
  private layoutNames: string[] = [];
  /** Per column: the position of its value in the entry's flat field array (-1: missing). */
  private layoutIndex: number[] = [];
  /** Position of the `diff` value in the flat array (-1: none). */
  private diffAt = -1;

  /** Prepares the decoder; without a schema every entry goes through `ctx.insert` as an object. */
  constructor(
    private readonly stream: string,
    private readonly format: RedisStreamFormat,
    private readonly field: string,
    schema: Schema<any> | undefined,
    seed: string,
  ) {
    // A JSON payload is a JSON document; field maps and plaintext are text, and Debezium carries JSON as text.
    if (schema !== undefined)
      this.inserter = new RecordInserter(schema, seed, {
        emptyIsNull: false,
        jsonDocuments: format === 'json',
      });
    this.where = `stream "${this.stream}" entry `;
  }

  /** The position of an entry in error messages. */
  private position(id: string): string {
    return this.where + id;
  }

  /** Inserts (or, with `diff` = -1, deletes) one entry; false when it was malformed (already reported). */
  apply(ctx: SourceContext, fields: (string | Buffer)[], id: string): boolean {
    if (this.format === 'fields' && this.inserter !== undefined)
      return this.applyFields(ctx, fields as string[], id);
    if (this.format === 'debezium') return this.applyChange(ctx, fields, id);
    let diff: string | undefined;
    let payload: string | Buffer | undefined;
    let record: Record<string, unknown> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const k = fields[i]!.toString();
      const v = fields[i + 1]!;
      if (k === 'diff') diff = v.toString();
      if (this.format === 'fields') record[k] = typeof v === 'string' ? v : v.toString();
      else if (k === this.field) payload = v;
    }
    if (this.format !== 'fields') {
      if (payload === undefined) {
        ctx.error(this.position(id), `no field "${this.field}" in the entry`);
        return false;
      }
      try {
        record = decodeMessage(
          typeof payload === 'string' ? payload : new Uint8Array(payload),
          this.format,
        ) as Record<string, unknown>;
      } catch (e) {
        if (!(e instanceof MessageFormatError)) throw e;
        ctx.error(this.position(id), e.message);
        return false;
      }
    }
    if (diff === '-1') {
      ctx.delete(record, this.position(id));
      return true;
    }
    const inserter = this.inserter;
    if (inserter === undefined) return ctx.insert(record, this.position(id)) !== undefined;
    return inserter.insert(ctx, record, this.where, id);
  }

  /**
   * A Debezium change event in the payload field (default `value`, as in Debezium Server's extended layout with
   * fields `key` and `value`), or in the only field of the entry (its compact layout: the field is named by the key).
   */
  private applyChange(ctx: SourceContext, fields: (string | Buffer)[], id: string): boolean {
    let payload: string | Buffer | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2)
      if (fields[i]!.toString() === this.field) payload = fields[i + 1]!;
    if (payload === undefined && fields.length === 2) payload = fields[1]!;
    if (payload === undefined) {
      ctx.error(this.position(id), `no field "${this.field}" in the entry`);
      return false;
    }
    const data = typeof payload === 'string' ? payload : new Uint8Array(payload);
    return applyChangeEvent(ctx, data, this.where, id, this.inserter);
  }

  /** The fields fast path: the row parsed from the flat reply array. */
  private applyFields(ctx: SourceContext, fields: string[], id: string): boolean {
    this.useLayout(fields);
    if (this.diffAt >= 0 && fields[this.diffAt] === '-1') {
      const record: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
      ctx.delete(record, this.position(id));
      return true;
    }
    const inserter = this.inserter!;
    const values = inserter.recordParser.parseFields(fields, this.layoutIndex);
    return inserter.insertValues(ctx, values, this.where, id);
  }

  /** Makes the layout maps fit the entry's field names (rebuilt only when they differ from the last entry's). */
  private useLayout(fields: string[]): void {
    const names = this.layoutNames;
    const n = fields.length >> 1;
    if (n === names.length) {
      let same = true;
      for (let j = 0; j < n; j++)
        if (fields[2 * j] !== names[j]) {
          same = false;
          break;
        }
      if (same) return;
    }
    const columns = this.inserter!.recordParser.columnNames;
    const byName = new Map<string, number>();
    const layout: string[] = [];
    for (let j = 0; j < n; j++) {
      layout.push(fields[2 * j]!);
      byName.set(fields[2 * j]!, 2 * j + 1); // the last duplicate wins
    }
    this.layoutNames = layout;
    this.layoutIndex = columns.map((c) => byName.get(c) ?? -1);
    this.diffAt = byName.get('diff') ?? -1;
  }
}
