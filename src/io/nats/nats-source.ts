// The NATS reader: a JetStream stream through a durable pull consumer (acknowledged after commit, resumed on
// restart), or a core subject (no persistence: at-most-once).
//
// Algorithm (JetStream): pull messages with `consume()`; each message is decoded and inserted (a `diff: -1` header
// deletes by primary key), and remembered in `pending`. Acks follow commits in two phases: at each committed epoch
// the messages remembered at the previous commit callback are acked (every one of them was in the `ready` batch when
// that callback ran, so the commit just finished included it), and the current end of `pending` becomes the next
// boundary. On stop the reader commits once more and acks everything it inserted, then flushes the acks.
// State: `pending` (inserted, not yet acked), `seen` (stream sequences inserted by this reader: a redelivery after a
// lost ack or a dropped connection is skipped, and acked again when its first delivery is already acked).
// Invariants: a message is acked only after the epoch holding its row committed, so a crash or a dropped connection
// loses nothing (the server redelivers unacked messages after `ackWait`); malformed messages are reported to the
// error log with stream + sequence and acked at once, so they are never redelivered in a loop.

import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ConnectorError } from '../connector-error.js';
import { decodeMessage, MessageFormatError, type MessageFormat } from '../message-format.js';
import type { Source, SourceContext } from '../source.js';
import { AckTracker } from './ack-tracker.js';
import { connectNats, type NatsConnectionOptions } from './nats-connection.js';

/** What the reader reads (see `nats.read`). */
export interface NatsSourceOptions extends NatsConnectionOptions {
  /** JetStream stream to read with a durable consumer; without it `subject` is read as a core subject. */
  stream?: string;
  /** Core: the subject (wildcards allowed). JetStream: an optional filter subject for a created consumer. */
  subject?: string;
  /** JetStream: the durable consumer's name (default `causeway-<stream>`). */
  durableName?: string;
  /** JetStream: create the durable consumer when missing (default true); false makes a missing one an error. */
  createConsumer?: boolean;
  /** JetStream: redelivery delay of unacked messages, for a created consumer (default 30,000 ms). */
  ackWaitMs?: number;
  /** JetStream: messages pulled per request (default 1,000). */
  batchSize?: number;
  /** Core: a queue group (readers of one group share the messages). */
  queue?: string;
  /** Payload format (default json). */
  format?: MessageFormat;
}

const DIFF_HEADER = 'diff';

/** A reader of one stream (or subject). */
export class NatsSource implements Source {
  readonly name: string;
  private readonly format: MessageFormat;

  /** Prepares the reader (connects on `run`). */
  constructor(private readonly options: NatsSourceOptions) {
    this.format = options.format ?? 'json';
    this.name =
      options.stream !== undefined ? `nats(stream ${options.stream})` : `nats(${options.subject ?? '?'})`;
  }

  async run(ctx: SourceContext): Promise<void> {
    const o = this.options;
    if (o.stream === undefined && o.subject === undefined)
      throw new ConnectorError(
        'nats',
        'read',
        'neither stream nor subject is set',
        'set stream (JetStream) or subject (core NATS)',
      );
    if (o.stream === undefined && ctx.mode === 'static')
      throw new ConnectorError(
        'nats',
        `subject "${o.subject}"`,
        'a core subject keeps no messages to read in static mode',
        'read a JetStream stream (stream option) or use streaming mode',
      );
    const nc = await connectNats(
      o,
      o.stream !== undefined ? `stream "${o.stream}"` : `subject "${o.subject}"`,
    );
    try {
      if (o.stream !== undefined) await this.readStream(ctx, nc, o.stream);
      else await this.readSubject(ctx, nc, o.subject!);
    } finally {
      await nc.drain().catch(() => nc.close());
    }
  }

  /** Inserts (or, with a `diff: -1` header, deletes) one message; false when it was malformed. */
  private apply(ctx: SourceContext, data: Uint8Array, diff: string | undefined, position: string): boolean {
    let record: object;
    try {
      record = decodeMessage(data, this.format);
    } catch (e) {
      if (!(e instanceof MessageFormatError)) throw e;
      ctx.error(position, e.message);
      return false;
    }
    if (diff === '-1') ctx.delete(record, position);
    else if (ctx.insert(record, position) === undefined) return false;
    return true;
  }

  private async readSubject(ctx: SourceContext, nc: NatsConnection, subject: string): Promise<void> {
    const sub = nc.subscribe(subject, this.options.queue !== undefined ? { queue: this.options.queue } : {});
    const stop = () => sub.unsubscribe();
    ctx.signal.addEventListener('abort', stop, { once: true });
    let n = 0;
    try {
      for await (const m of sub) {
        n++;
        this.apply(
          ctx,
          m.data,
          m.headers?.get(DIFF_HEADER) || undefined,
          `subject "${m.subject}" message ${n}`,
        );
        const wait = ctx.backpressure();
        if (wait) await wait;
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }
  }

  private async readStream(ctx: SourceContext, nc: NatsConnection, stream: string): Promise<void> {
    const o = this.options;
    const js = await import('@nats-io/jetstream');
    const jsm = await js.jetstreamManager(nc);
    const durable = o.durableName ?? `causeway-${stream}`;
    try {
      await jsm.streams.info(stream);
    } catch (e) {
      if (e instanceof js.JetStreamApiError && e.code === js.JetStreamApiCodes.StreamNotFound)
        throw new ConnectorError(
          'nats',
          `stream "${stream}"`,
          'does not exist',
          'create it (nats stream add) or fix the stream option',
        );
      throw e;
    }
    let info;
    try {
      info = await jsm.consumers.info(stream, durable);
    } catch (e) {
      if (!(e instanceof js.JetStreamApiError && e.code === js.JetStreamApiCodes.ConsumerNotFound)) throw e;
      if (o.createConsumer === false)
        throw new ConnectorError(
          'nats',
          `consumer "${durable}" of stream "${stream}"`,
          'does not exist',
          'create it, or leave createConsumer on',
        );
      info = await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: js.AckPolicy.Explicit,
        deliver_policy: js.DeliverPolicy.All,
        ack_wait: (o.ackWaitMs ?? 30_000) * 1e6,
        max_ack_pending: -1,
        ...(o.subject !== undefined ? { filter_subject: o.subject } : {}),
      });
    }
    if (info.config.ack_policy !== js.AckPolicy.Explicit)
      throw new ConnectorError(
        'nats',
        `consumer "${durable}" of stream "${stream}"`,
        `has ack policy "${info.config.ack_policy}"; committed reading needs "explicit"`,
        'recreate the consumer with ack_policy explicit, or use another durableName',
      );
    if (ctx.mode === 'static' && info.num_pending === 0) return;

    const consumer = await js.jetstream(nc).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: o.batchSize ?? 1_000 });
    const pending: JsMsg[] = [];
    let boundary = 0;
    const seen = new Set<number>();
    const acked = new Set<number>();
    const acks = new AckTracker(nc);
    const ackUpTo = (n: number) => {
      if (n === 0) return;
      const batch = pending.splice(0, n);
      for (const m of batch) acked.add(m.seq);
      acks.ack(batch);
    };
    ctx.onCommitted(() => {
      ackUpTo(boundary);
      boundary = pending.length;
      // Bound memory: sequences acked long ago are no longer expected as redeliveries.
      if (acked.size > 500_000) {
        for (const s of acked) {
          seen.delete(s);
          acked.delete(s);
          if (acked.size <= 250_000) break;
        }
      }
    });
    const stop = () => void messages.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const m of messages) {
        if (ctx.signal.aborted) {
          // Prefetched but not read: hand it back for immediate redelivery to the next reader.
          m.nak();
          continue;
        }
        const seq = m.seq;
        if (seen.has(seq)) {
          // A redelivery of a message this reader already holds (a lost ack, a dropped connection).
          if (acked.has(seq)) acks.ack([m]);
          continue;
        }
        seen.add(seq);
        const ok = this.apply(
          ctx,
          m.data,
          m.headers?.get(DIFF_HEADER) || undefined,
          `stream "${stream}" sequence ${seq}`,
        );
        if (ok) pending.push(m);
        else {
          // Malformed: reported; acked now so that it is not redelivered forever.
          acks.ack([m]);
          acked.add(seq);
        }
        if (ctx.mode === 'static' && m.info.pending === 0) break;
        const wait = ctx.backpressure();
        if (wait) await wait;
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      await messages.close().catch(() => undefined);
    }
    // Commit what was read and ack all of it before the connection closes.
    await ctx.commit();
    ackUpTo(pending.length);
    await acks.settle();
  }
}
