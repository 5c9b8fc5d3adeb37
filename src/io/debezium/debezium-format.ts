// Debezium's change-event JSON (CDC topics from Kafka, NATS, RabbitMQ, files): create/read events insert `after`,
// updates replace `before` by `after`, deletes retract `before`; tombstones (null payloads) are skipped.

import type { SourceContext } from '../source.js';

/** One decoded Debezium change event. */
export interface DebeziumChange {
  /** c = create, r = snapshot read, u = update, d = delete, t = truncate. */
  readonly op: 'c' | 'r' | 'u' | 'd' | 't';
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/**
 * Decodes a Debezium message value (JSON text, bytes or an already parsed object), with or without the
 * `schema`/`payload` envelope. Returns null for a tombstone; throws with a reason for anything else malformed.
 */
export function decodeDebezium(message: unknown): DebeziumChange | null {
  let value = message;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    value = JSON.parse(value) as unknown;
  }
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error('a Debezium event must be a JSON object');
  let payload = value as Record<string, unknown>;
  if ('payload' in payload && !('op' in payload)) {
    const inner = payload.payload;
    if (inner === null) return null;
    if (typeof inner !== 'object' || Array.isArray(inner)) throw new Error('"payload" must be an object');
    payload = inner as Record<string, unknown>;
  }
  const op = payload.op;
  if (op !== 'c' && op !== 'r' && op !== 'u' && op !== 'd' && op !== 't')
    throw new Error(`unknown Debezium operation ${JSON.stringify(op)} (expected c, r, u, d or t)`);
  const row = (x: unknown, field: string): Record<string, unknown> | null => {
    if (x === null || x === undefined) return null;
    if (typeof x !== 'object' || Array.isArray(x)) throw new Error(`"${field}" must be an object or null`);
    return x as Record<string, unknown>;
  };
  const change: DebeziumChange = {
    op,
    before: row(payload.before, 'before'),
    after: row(payload.after, 'after'),
  };
  if ((op === 'c' || op === 'r' || op === 'u') && change.after === null)
    throw new Error(`a "${op}" event needs "after"`);
  if (op === 'd' && change.before === null)
    throw new Error('a delete event needs "before" (set REPLICA IDENTITY FULL or a key)');
  return change;
}

/**
 * Applies one Debezium message to a source context (the schema's primary key identifies rows, so an update is
 * an upsert and a delete removes the row with the `before` key). A malformed message is reported, not thrown.
 */
export function applyDebezium(ctx: SourceContext, message: unknown, position: string): void {
  let change: DebeziumChange | null;
  try {
    change = decodeDebezium(message);
  } catch (e) {
    ctx.error(position, `malformed Debezium event: ${(e as Error).message}`);
    return;
  }
  if (change === null || change.op === 't') return;
  if (change.op === 'd') {
    ctx.delete(change.before!, position);
    return;
  }
  if (change.op === 'u' && change.before !== null) ctx.delete(change.before, position);
  ctx.insert(change.after!, position);
}
