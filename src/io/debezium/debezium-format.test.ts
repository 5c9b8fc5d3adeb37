import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { readSource } from '../read-source.js';
import { LiveView } from '../testing/live-view.test-util.js';
import { applyDebezium, decodeDebezium } from './debezium-format.js';

afterEach(() => cw.clearGraph());

const Product = cw.schema({ id: cw.column(cw.INT, { primaryKey: true }), name: cw.STR, price: cw.FLOAT });

describe('decodeDebezium', () => {
  it('reads events with and without the schema/payload envelope, and skips tombstones', () => {
    const ev = { op: 'c', before: null, after: { id: 1, name: 'a', price: 2 } };
    expect(decodeDebezium(JSON.stringify(ev))).toEqual(ev);
    expect(decodeDebezium({ schema: {}, payload: ev })).toEqual(ev);
    expect(decodeDebezium(Buffer.from(JSON.stringify({ payload: ev })))).toEqual(ev);
    expect(decodeDebezium(null)).toBeNull();
    expect(decodeDebezium('')).toBeNull();
  });

  it('rejects unknown operations and events missing their row', () => {
    expect(() => decodeDebezium({ op: 'x' })).toThrow(/unknown Debezium operation "x"/);
    expect(() => decodeDebezium({ op: 'd', before: null })).toThrow(/needs "before"/);
    expect(() => decodeDebezium('{')).toThrow();
  });
});

describe('applyDebezium', () => {
  it('turns creates, updates and deletes into a table, logging malformed events', async () => {
    const events: unknown[] = [
      { op: 'r', before: null, after: { id: 1, name: 'pen', price: 1.5 } },
      { op: 'c', before: null, after: { id: 2, name: 'ink', price: 3 } },
      { op: 'u', before: { id: 1, name: 'pen', price: 1.5 }, after: { id: 1, name: 'pen', price: 2 } },
      '{not json',
      { op: 'd', before: { id: 2, name: 'ink', price: 3 }, after: null },
      { op: 'u', before: { id: 1, name: 'pen', price: 2 }, after: { id: 3, name: 'pen', price: 2 } },
    ];
    const t = readSource(
      {
        name: 'debezium-test',
        async run(ctx) {
          events.forEach((e, i) => applyDebezium(ctx, e, `offset ${i}`));
          await Promise.resolve();
        },
      },
      Product,
      { mode: 'static' },
    );
    const view = new LiveView(t);
    const log = new LiveView(cw.globalErrorLog());
    await cw.build({ terminateOnError: false }).run();
    expect(view.values()).toEqual([{ id: 3, name: 'pen', price: 2 }]);
    expect(log.values().map((r) => r.message)).toEqual([
      expect.stringMatching(/^malformed record at offset 3: malformed Debezium event/),
    ]);
  });
});
