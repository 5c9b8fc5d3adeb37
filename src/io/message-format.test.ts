import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { ConnectorError } from './connector-error.js';
import {
  applyChangeEvent,
  cellText,
  messageSchema,
  PayloadDecoder,
  RecordInserter,
} from './message-format.js';
import { jsonFormatter } from './format-value.js';
import {
  byId,
  DEBEZIUM_EVENTS,
  DEBEZIUM_MALFORMED,
  DEBEZIUM_RESULT,
  MALFORMED_AT,
  PRODUCT,
  PRODUCT_NO_KEY,
} from './message-format.test-util.js';
import { readSource } from './read-source.js';
import { LiveView } from './testing/live-view.test-util.js';

afterEach(() => cw.clearGraph());

/** Runs `apply` over the events in a static source; returns the rows, the log messages and what `apply` said. */
async function applyAll(
  apply: (ctx: Parameters<typeof applyChangeEvent>[0], e: string, i: number) => boolean,
) {
  const results: boolean[] = [];
  const t = readSource(
    {
      name: 'events',
      async run(ctx) {
        DEBEZIUM_EVENTS.forEach((e, i) => results.push(apply(ctx, e, i + 1)));
        await Promise.resolve();
      },
    },
    PRODUCT,
    { mode: 'static' },
  );
  const view = new LiveView(t);
  const log = new LiveView(cw.globalErrorLog());
  await cw.build({ terminateOnError: false }).run();
  return { rows: byId(view.values()), log: log.values().map((r) => String(r.message)), results };
}

describe('applyChangeEvent', () => {
  it('applies events through ctx.insert or a RecordInserter alike, false only for the malformed one', async () => {
    const expected = DEBEZIUM_EVENTS.map((_, i) => i !== MALFORMED_AT);
    const slow = await applyAll((ctx, e, n) => applyChangeEvent(ctx, e, 'message ', n));
    cw.clearGraph();
    const inserter = new RecordInserter(PRODUCT, 'seed');
    const fast = await applyAll((ctx, e, n) =>
      applyChangeEvent(ctx, Buffer.from(e), 'message ', n, inserter),
    );
    for (const r of [slow, fast]) {
      expect(r.rows).toEqual(DEBEZIUM_RESULT);
      expect(r.results).toEqual(expected);
      expect(r.log).toHaveLength(1);
      expect(r.log[0]).toContain(`message ${MALFORMED_AT + 1}`);
      expect(r.log[0]).toMatch(DEBEZIUM_MALFORMED);
    }
  });

  it('is what PayloadDecoder does with format debezium', async () => {
    const d = new PayloadDecoder('debezium', PRODUCT, 'test', 'q');
    const r = await applyAll((ctx, e, n) => d.decode(ctx, Buffer.from(e), '#', n));
    expect(r.rows).toEqual(DEBEZIUM_RESULT);
  });
});

describe('messageSchema', () => {
  it('requires a schema with a primary key for debezium', () => {
    expect(messageSchema('test', 'q', 'debezium', PRODUCT)).toBe(PRODUCT);
    expect(() => messageSchema('test', 'q', 'debezium', PRODUCT_NO_KEY)).toThrow(ConnectorError);
    expect(() => messageSchema('test', 'q', 'debezium', undefined)).toThrow(
      /test: q: format "debezium" needs a schema with a primary key/,
    );
  });
});

describe('cellText', () => {
  it('writes cells as the readers read them back: NaN and infinities, JSON as JSON text, pointers printed', () => {
    const plain = jsonFormatter(cw.FLOAT);
    expect([NaN, Infinity, -Infinity, 1.5].map((v) => cellText(v, plain))).toEqual([
      'NaN',
      'inf',
      '-inf',
      '1.5',
    ]);
    expect(cellText(new cw.Json('123'), jsonFormatter(cw.JSON))).toBe('"123"');
    expect(cellText(new cw.Json({ a: 1 }), jsonFormatter(cw.JSON))).toBe('{"a":1}');
    const key = cw.keyFromValues([1]);
    expect(cellText(key, jsonFormatter(cw.POINTER))).toBe(cw.keyToString(key));
    expect(cellText('text', jsonFormatter(cw.STR))).toBe('text');
  });
});
