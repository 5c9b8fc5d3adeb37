// Turning a `Source` into a typed table: a plan node whose lowering creates an engine input fed by a `SourceSession`.

import { InputOperator } from '../engine/input-operator.js';
import { userCallSite } from '../table/call-site.js';
import { planNode } from '../table/plan.js';
import type { Schema } from '../table/schema.js';
import { Table, type Row } from '../table/table.js';
import { markAppendOnly, markFromSchema } from '../table/append-only.js';
import type { RecordParserOptions } from './record-parser.js';
import { SourceSession } from './source-session.js';
import type { CommitOptions, Source } from './source.js';

/** Options of `readSource`: how records become epochs, and how text fields are parsed. */
export interface ReadSourceOptions extends CommitOptions {
  /** Text parsing details (CSV). */
  parser?: RecordParserOptions;
  /**
   * The source never retracts a row (Pathway's connector `append_only`: a snapshot read once, a log of events): the
   * table is append-only (`Table.isAppendOnly`), and a deletion, retraction or update of a known key the source
   * still makes is reported as a source error and skipped. Default: as the schema declares (`appendOnly`).
   */
  appendOnly?: boolean;
}

/**
 * The table of rows a source reads, typed by `schema`. Each run of the program starts a fresh reader
 * (`source` is asked to `run` once per runtime).
 */
export function readSource<TRow extends Row>(
  source: Source | (() => Source),
  schema: Schema<TRow>,
  options: ReadSourceOptions = {},
): Table<TRow> {
  const site = userCallSite();
  const node = planNode('read', [], site, (ctx) => {
    const input = ctx.add(new InputOperator<unknown[]>(`read ${options.name ?? ''}`), node);
    const s = typeof source === 'function' ? source() : source;
    ctx.addSource({ kind: 'live', input, driver: new SourceSession(s, input, schema, options) });
    return input;
  });
  const table = new Table<TRow>(
    schema.columns.map((c) => ({ name: c.name, dtype: c.dtype })),
    node,
  );
  return options.appendOnly === true ? markAppendOnly(table) : markFromSchema(table, schema);
}
