// Debezium change events for the message connectors' tests (`format: 'debezium'`): a create, an update, a delete,
// a tombstone, a malformed event and a snapshot read, with the table they leave.

import * as cw from '../index.js';
import { LiveView, runInBackground } from './testing/live-view.test-util.js';

/** The rows' schema: keyed by `id` (a Debezium reader needs a primary key). */
export const PRODUCT = cw.schema({
  id: cw.column(cw.INT, { primaryKey: true }),
  name: cw.STR,
  price: cw.FLOAT,
});

/** The same columns without a primary key (refused by a Debezium reader). */
export const PRODUCT_NO_KEY = cw.schema({ id: cw.INT, name: cw.STR, price: cw.FLOAT });

/** Six payloads in order; the fourth (index 3) is malformed, the fifth (index 4) a tombstone (empty). */
export const DEBEZIUM_EVENTS: readonly string[] = [
  // With the schema/payload envelope of the JSON converter.
  JSON.stringify({
    schema: { type: 'struct' },
    payload: { op: 'c', before: null, after: { id: 1, name: 'pen', price: 1.5 }, source: { table: 'p' } },
  }),
  JSON.stringify({ op: 'c', before: null, after: { id: 2, name: 'ink', price: 3 } }),
  JSON.stringify({
    op: 'u',
    before: { id: 1, name: 'pen', price: 1.5 },
    after: { id: 1, name: 'pen', price: 2 },
  }),
  JSON.stringify({ op: 'x', after: { id: 9, name: 'bad', price: 0 } }),
  '',
  JSON.stringify({ op: 'd', before: { id: 2, name: 'ink', price: 3 }, after: null }),
  JSON.stringify({ op: 'r', before: null, after: { id: 3, name: 'cap', price: 4 } }),
];

/** Index of the malformed event in `DEBEZIUM_EVENTS`. */
export const MALFORMED_AT = 3;

/** The table the events leave (sorted by id). */
export const DEBEZIUM_RESULT = [
  { id: 1, name: 'pen', price: 2 },
  { id: 3, name: 'cap', price: 4 },
];

/** The error-log reason of the malformed event. */
export const DEBEZIUM_MALFORMED = /malformed Debezium event: unknown Debezium operation "x"/;

/** Rows sorted by id, to compare with `DEBEZIUM_RESULT`. */
export function byId<T extends { id: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => a.id - b.id);
}

/** Waits until `view` holds `DEBEZIUM_RESULT` and `log` (the error log) the malformed event; returns its message. */
export async function debeziumApplied(
  view: LiveView<{ id: number; name: string; price: number }>,
  log: LiveView<{ message: unknown }>,
  timeoutMs = 20_000,
): Promise<string> {
  const want = JSON.stringify(DEBEZIUM_RESULT);
  await view.waitFor((v) => JSON.stringify(byId(v.values())) === want, timeoutMs, 'the final rows');
  await log.waitFor((l) => l.rows.size === 1, timeoutMs, 'the malformed event logged');
  const message = String(log.values()[0]!.message);
  return message;
}

/**
 * Runs the program in the background until `table` holds `DEBEZIUM_RESULT` and the error log the malformed event,
 * then stops it; returns the logged message.
 */
export async function streamDebezium(
  table: cw.Table<{ id: number; name: string; price: number }>,
  timeoutMs = 20_000,
): Promise<string> {
  const view = new LiveView(table);
  const log = new LiveView(cw.globalErrorLog());
  const run = runInBackground({ terminateOnError: false });
  try {
    return await debeziumApplied(view, log, timeoutMs);
  } finally {
    await run.stop();
  }
}
