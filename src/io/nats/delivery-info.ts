// The delivery details of a JetStream message (delivery count, stream sequence, messages pending) read from its ack
// subject in one pass, without the client's split into a new object per message.

import type { JsMsg } from '@nats-io/jetstream';

/** What the reader needs of a delivery (filled in place, one object reused for every message). */
export interface DeliveryInfo {
  /** 1 for a first delivery, more for a redelivery. */
  deliveryCount: number;
  /** The message's stream sequence. */
  seq: number;
  /** Messages left for the consumer after this one. */
  pending: number;
}

/**
 * Reads the delivery count, stream sequence and pending count of a message from its ack subject `reply` into `out`:
 * `<prefix><delivered>.<sseq>.<dseq>.<ts>.<pending>` where `prefix` is `$JS.ACK.<stream>.<consumer>.`, or the newer
 * `$JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>...`; other subjects go to the client's own parser.
 */
export function deliveryInfo(m: JsMsg, reply: string, prefix: string, out: DeliveryInfo): void {
  let at = -1;
  if (reply.startsWith(prefix)) at = prefix.length;
  else if (reply.startsWith('$JS.ACK.')) {
    // Newer layout: skip domain and account hash, then check the stream and consumer.
    const third = reply.indexOf('.', reply.indexOf('.', 8) + 1) + 1;
    if (third > 0 && reply.startsWith(prefix.slice(8), third)) at = third + prefix.length - 8;
  }
  if (at < 0) {
    const di = m.info;
    out.deliveryCount = di.deliveryCount;
    out.seq = di.streamSequence;
    out.pending = di.pending;
    return;
  }
  // One pass over `<delivered>.<sseq>.<dseq>.<ts>.<pending>`: tokens 0, 1 and 4 are kept.
  let token = 0;
  let v = 0;
  for (let i = at; i <= reply.length; i++) {
    const c = i < reply.length ? reply.charCodeAt(i) : 46;
    if (c !== 46) {
      if (token !== 2 && token !== 3) v = v * 10 + (c - 48);
      continue;
    }
    if (token === 0) out.deliveryCount = v;
    else if (token === 1) out.seq = v;
    else if (token === 4) {
      out.pending = v;
      return;
    }
    token++;
    v = 0;
  }
}
