// Parsing a JetStream ack subject: the old and the new layout, and the client's parser for anything else.

import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { deliveryInfo, type DeliveryInfo } from './delivery-info.js';

const PREFIX = '$JS.ACK.ORDERS.totals.';
const noInfo = {} as JsMsg;

function read(reply: string, m: JsMsg = noInfo): DeliveryInfo {
  const out: DeliveryInfo = { deliveryCount: 0, seq: 0, pending: 0 };
  deliveryInfo(m, reply, PREFIX, out);
  return out;
}

describe('deliveryInfo', () => {
  it('reads delivery count, stream sequence and pending from the stream.consumer layout', () => {
    expect(read('$JS.ACK.ORDERS.totals.1.5.5.1795571580592982908.0')).toEqual({
      deliveryCount: 1,
      seq: 5,
      pending: 0,
    });
    expect(read('$JS.ACK.ORDERS.totals.12.987654321.44.1795571580591931870.123456')).toEqual({
      deliveryCount: 12,
      seq: 987654321,
      pending: 123456,
    });
  });

  it('reads the layout with domain, account hash and a trailing token', () => {
    expect(read('$JS.ACK._.ACCHASH.ORDERS.totals.2.77.80.1795571580591931870.9.r4nd0m')).toEqual({
      deliveryCount: 2,
      seq: 77,
      pending: 9,
    });
  });

  it("falls back to the client's parser for a subject of another stream or consumer", () => {
    const m = { info: { deliveryCount: 3, streamSequence: 8, pending: 1 } } as unknown as JsMsg;
    expect(read('$JS.ACK.OTHER.totals.1.5.5.1795571580592982908.0', m)).toEqual({
      deliveryCount: 3,
      seq: 8,
      pending: 1,
    });
  });
});
