// The NATS reader: a JetStream stream through a durable pull consumer (acknowledged after commit, resumed on
// restart), or a core subject (no persistence: at-most-once).
//
// Algorithm (JetStream): pull messages with `consume()`; each message is decoded, parsed and inserted (a `diff: -1`
// header deletes by primary key), and remembered in `pending`; the position is the number of messages inserted. When
// an epoch commits, its callback acks the messages up to the position the commit started at. On stop the reader
// commits once more (acking everything it inserted), then waits until the acks are confirmed.
// State: `pending` (inserted, not yet acked), `held` (stream sequences of this reader: pending or acked; a
// redelivery after a lost ack or a dropped connection is skipped, and acked again when its first delivery is acked).
// Delivery count, sequence and pending count come from the ack subject, parsed without splitting it.
// Invariants: a message is acked only after the epoch holding its row committed, so a crash or a dropped connection
// loses nothing (the server redelivers unacked messages after `ackWait`); only a redelivery (delivery count > 1) can
// repeat a held message; malformed messages are reported to the error log with stream + sequence and acked at once,
// so they are never redelivered in a loop.

import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Schema } from '../../table/schema.js';
import { ConnectorError } from '../connector-error.js';
import {
  applyChangeEvent,
  decodeMessage,
  MessageFormatError,
  RecordInserter,
  type MessageReadFormat,
} from '../message-format.js';
import type { Source, SourceContext } from '../source.js';
import { AckTracker } from './ack-tracker.js';
import { deliveryInfo, type DeliveryInfo } from './delivery-info.js';
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
  /**
   * Payload format (default json). `debezium`: Debezium change events (JSON, with or without the `schema`/`payload`
   * envelope) applied by the schema's primary key (required); tombstones (empty payloads) are skipped and the
   * `diff` header is ignored.
   */
  format?: MessageReadFormat;
}

const DIFF_HEADER = 'diff';

/** A reader of one stream (or subject). */
export class NatsSource implements Source {
  readonly name: string;
  private readonly format: MessageReadFormat;
  private readonly inserter: RecordInserter | undefined;

  /** Prepares the reader (connects on `run`); with the schema, payloads are parsed and keyed here (fast path). */
  constructor(
    private readonly options: NatsSourceOptions,
    schema?: Schema<any>,
  ) {
    this.format = options.format ?? 'json';
    this.name =
      options.stream !== undefined ? `nats(stream ${options.stream})` : `nats(${options.subject ?? '?'})`;
    // A JSON message is a JSON document (a string in a JSON column stays a string); Debezium carries JSON as text.
    if (schema !== undefined)
      this.inserter = new RecordInserter(schema, `source:${this.name}:reader`, {
        jsonDocuments: this.format === 'json',
      });
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

  /**
   * Inserts (or, with a `diff: -1` header, deletes) one message; false when it was malformed (reported with the
   * position `where` + `n`, built only then).
   */
  private apply(
    ctx: SourceContext,
    data: Uint8Array,
    diff: string | undefined,
    where: string,
    n: number,
  ): boolean {
    if (this.format === 'debezium') return applyChangeEvent(ctx, data, where, n, this.inserter);
    let record: object;
    try {
      record = decodeMessage(data, this.format);
    } catch (e) {
      if (!(e instanceof MessageFormatError)) throw e;
      ctx.error(where + n, e.message);
      return false;
    }
    if (diff === '-1') {
      ctx.delete(record, where + n);
      return true;
    }
    const inserter = this.inserter;
    if (inserter === undefined) return ctx.insert(record, where + n) !== undefined;
    return inserter.insert(ctx, record, where, n);
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
          `subject "${m.subject}" message `,
          n,
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
    // Inserted messages not yet acked (and their stream sequences); `pending[0]` is the `ackedUpTo`-th inserted one
    // (the position counts inserted messages).
    const pending: string[] = [];
    const pendingSeqs: number[] = [];
    let ackedUpTo = 0;
    let inserted = 0;
    // Stream sequences this reader holds: false while pending, true once acked (a redelivery is acked again).
    const held = new Map<number, boolean>();
    const acks = new AckTracker(nc);
    const ackUpTo = (position: number) => {
      const n = position - ackedUpTo;
      ackedUpTo = position;
      if (n <= 0) return;
      const batch = pending.splice(0, n);
      for (const seq of pendingSeqs.splice(0, n)) held.set(seq, true);
      acks.ack(batch);
    };
    ctx.onCommitted((position) => {
      // Every message inserted before the commit started (its position) is in the committed epoch.
      ackUpTo(position as number);
      // Bound memory: sequences acked long ago are no longer expected as redeliveries.
      if (held.size > 500_000) {
        for (const [seq, done] of held) {
          if (done) held.delete(seq);
          if (held.size <= 250_000) break;
        }
      }
    });
    const di: DeliveryInfo = { deliveryCount: 0, seq: 0, pending: 0 };
    const where = `stream "${stream}" sequence `;
    const ackPrefix = `$JS.ACK.${stream}.${durable}.`;
    const stop = () => void messages.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const m of messages) {
        if (ctx.signal.aborted) {
          // Prefetched but not read: hand it back for immediate redelivery to the next reader.
          m.nak();
          continue;
        }
        // The client's message object holds its ack subject (`reply`), not part of the public JsMsg type.
        const reply = (m as JsMsg & { reply?: string }).reply ?? '';
        deliveryInfo(m, reply, ackPrefix, di);
        const seq = di.seq;
        // Only a redelivery can be a message this reader already holds (a lost ack, a dropped connection).
        const state = di.deliveryCount > 1 ? held.get(seq) : undefined;
        if (state !== undefined) {
          if (state) acks.ack([reply]);
          continue;
        }
        if (this.apply(ctx, m.data, m.headers?.get(DIFF_HEADER) || undefined, where, seq)) {
          held.set(seq, false);
          pending.push(reply);
          pendingSeqs.push(seq);
          ctx.setPosition(++inserted);
        } else {
          // Malformed: reported; acked now so that it is not redelivered forever.
          acks.ack([reply]);
          held.set(seq, true);
        }
        if (ctx.mode === 'static' && di.pending === 0) break;
        const wait = ctx.backpressure();
        if (wait) await wait;
      }
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      await messages.close().catch(() => undefined);
    }
    // Commit what was read (its callback acks all of it), and wait for the acks before the connection closes.
    await ctx.commit();
    await acks.settle();
  }
}
