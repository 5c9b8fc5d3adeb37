// The RabbitMQ reader: consumes a queue (acknowledged after the pipeline committed) or a stream queue (from an
// offset), reconnecting with backoff when the connection drops.
//
// Algorithm: deliveries of one channel go into an atomic unit. Every `autocommitDurationMs`, or once half the
// prefetch window is unacknowledged, the unit is sealed: ended, committed (`await ctx.commit()` returns once
// everything sealed is through the pipeline), then acknowledged up to its last delivery tag, and the ack is
// confirmed by a cheap synchronous request on the same channel (the broker handles a channel's frames in order).
// State: the open unit, the last sealed delivery (ack target), the next stream offset, and `uncertain`: payloads
// committed whose ack may not have reached the broker before the connection dropped.
// Invariants: nothing is acknowledged before it is committed (no loss); a connection loss aborts the open unit
// (its messages come back, redelivered, and are read once); a redelivered message equal to an uncertain one is
// skipped (no duplicate of committed data). Streams resume at the offset after the last sealed message.

import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { ConnectorError } from '../connector-error.js';
import type { Source, SourceContext } from '../source.js';
import type { PayloadDecoder } from '../message-format.js';
import type { ReconnectOptions } from '../reconnect.js';
import { closeQuietly, connectWithRetry, isNotFound } from './connect.js';

/** Where a stream consumer starts: the first retained message, the last chunk, new messages only, an offset or a time. */
export type StreamOffset = 'first' | 'last' | 'next' | number | Date;

/** Settings of one RabbitMQ reader (see `read` for the user-facing options). */
export interface RabbitmqSourceSettings {
  uri: string;
  queue: string;
  /** Set for a stream queue: where to start. */
  streamOffset?: StreamOffset;
  prefetch: number;
  createQueue: boolean;
  commitEveryMs: number;
  sealRows: number;
  reconnect: ReconnectOptions;
  decoder: PayloadDecoder;
}

type Outcome = 'done' | 'lost';

function offsetArgument(offset: StreamOffset): unknown {
  if (offset instanceof Date) return { '!': 'timestamp', value: Math.floor(offset.getTime() / 1000) };
  return offset;
}

/** Reads one queue or stream queue; one instance per run. */
export class RabbitmqSource implements Source {
  readonly name: string;
  private readonly uncertain: Buffer[] = [];
  private nextOffset: StreamOffset | undefined;
  /** Static mode: messages still to read (the queue's length when the run started). */
  private remaining: number | undefined;
  private seq = 0;

  /** Prepares a reader of `settings.queue`. */
  constructor(private readonly s: RabbitmqSourceSettings) {
    this.name = `rabbitmq(${s.queue})`;
    this.nextOffset = s.streamOffset;
  }

  async run(ctx: SourceContext): Promise<void> {
    if (ctx.mode === 'static' && this.s.streamOffset !== undefined)
      throw new ConnectorError(
        'rabbitmq',
        `stream "${this.s.queue}"`,
        'a stream has no end to read up to',
        'read streams in streaming mode',
      );
    while (!ctx.signal.aborted) {
      const conn = await connectWithRetry(this.s.uri, this.s.reconnect, ctx.signal);
      if (conn === undefined) return;
      let outcome: Outcome;
      try {
        outcome = await this.consume(conn, ctx);
      } finally {
        await closeQuietly(conn);
      }
      if (outcome === 'done') return;
    }
  }

  /** One connection's life: declare or check the queue, consume, seal units; resolves when done or lost. */
  private async consume(conn: ChannelModel, ctx: SourceContext): Promise<Outcome> {
    const s = this.s;
    const stream = s.streamOffset !== undefined;
    let alive = true;
    let settle: (o: Outcome) => void = () => undefined;
    const ended = new Promise<Outcome>((resolve) => (settle = resolve));
    const onLost = (): void => {
      alive = false;
      settle('lost');
    };
    conn.on('close', onLost);
    let ch: Channel;
    try {
      ch = await conn.createChannel();
      ch.on('error', () => undefined);
      ch.on('close', onLost);
      const q = s.createQueue
        ? await ch.assertQueue(s.queue, {
            durable: true,
            arguments: stream ? { 'x-queue-type': 'stream' } : undefined,
          })
        : await ch.checkQueue(s.queue);
      if (ctx.mode === 'static' && this.remaining === undefined) this.remaining = q.messageCount;
      await ch.prefetch(s.prefetch);
    } catch (e) {
      if (isNotFound(e))
        throw new ConnectorError(
          'rabbitmq',
          `queue "${s.queue}"`,
          'does not exist',
          'declare it first, or set createQueue: true',
        );
      if (!alive) return 'lost';
      throw e;
    }
    if (this.remaining === 0) return 'done';

    let unitPayloads: Buffer[] = [];
    let unitCount = 0;
    let unitOffset: number | undefined;
    let last: ConsumeMessage | undefined;
    let sealed: ConsumeMessage | undefined;
    let sealing: Promise<void> = Promise.resolve();
    let failure: Error | undefined;

    const seal = async (): Promise<void> => {
      // After a loss the open unit is aborted, not sealed: its messages come back and are read again.
      if (!alive || last === undefined || last === sealed) return;
      const upTo = (sealed = last);
      const payloads = unitPayloads;
      const offset = unitOffset;
      unitPayloads = [];
      unitCount = 0;
      ctx.endUnit();
      ctx.beginUnit();
      if (offset !== undefined) this.nextOffset = offset + 1;
      await ctx.commit();
      if (!alive) {
        if (!stream) this.rememberUncertain(payloads);
        return;
      }
      try {
        ch.ack(upTo, true);
        // A synchronous request after the ack: its reply proves the broker has handled the ack.
        if (!stream) await ch.checkQueue(s.queue);
      } catch {
        if (!stream) this.rememberUncertain(payloads);
      }
    };
    const queueSeal = (): void => {
      sealing = sealing.then(seal).catch((e: unknown) => {
        failure ??= e instanceof Error ? e : new Error(String(e));
        settle('done');
      });
    };

    const onMessage = (msg: ConsumeMessage | null): void => {
      if (msg === null) {
        failure ??= new ConnectorError(
          'rabbitmq',
          `queue "${s.queue}"`,
          'was deleted while being read',
          'recreate it and restart',
        );
        settle('done');
        return;
      }
      // After a stop, a lost connection or (static mode) the last message, deliveries go back to the queue.
      if (ctx.signal.aborted || !alive || (this.remaining !== undefined && this.remaining <= 0)) return;
      last = msg;
      unitCount++;
      if (this.skipIfCommitted(msg)) return;
      const headerOffset = msg.properties.headers?.['x-stream-offset'] as unknown;
      let position: string;
      if (stream && typeof headerOffset === 'number') {
        unitOffset = headerOffset;
        position = `offset ${headerOffset}`;
      } else {
        const id = msg.properties.messageId as unknown;
        // Every delivery is counted, so a message without an id is named by its place among all of them.
        const n = ++this.seq;
        position = typeof id === 'string' && id !== '' ? `message ${id}` : `delivery #${n}`;
        unitPayloads.push(msg.content);
      }
      s.decoder.decode(ctx, msg.content, position);
      if (this.remaining !== undefined && --this.remaining <= 0) {
        queueSeal();
        void sealing.then(() => settle('done'));
      } else if (unitCount >= s.sealRows) queueSeal();
    };

    ctx.beginUnit();
    const timer = setInterval(queueSeal, s.commitEveryMs);
    const onAbort = (): void => {
      // A graceful stop commits and acknowledges what was read; later deliveries go back to the queue.
      queueSeal();
      void sealing.then(() => settle('done'));
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
    try {
      await ch.consume(s.queue, onMessage, {
        noAck: false,
        arguments:
          stream && this.nextOffset !== undefined
            ? { 'x-stream-offset': offsetArgument(this.nextOffset) }
            : undefined,
      });
    } catch (e) {
      if (alive) {
        clearInterval(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        throw e;
      }
    }
    const outcome = await ended;
    clearInterval(timer);
    ctx.signal.removeEventListener('abort', onAbort);
    conn.removeListener('close', onLost);
    if (outcome === 'lost') {
      // The open unit's messages were never acknowledged: the broker delivers them again.
      ctx.abortUnit();
      if (this.remaining !== undefined) this.remaining += unitCount;
      await sealing;
    }
    if (failure !== undefined) throw failure;
    return outcome;
  }

  /** A redelivered copy of a message committed before the connection dropped is skipped (read once). */
  private skipIfCommitted(msg: ConsumeMessage): boolean {
    const u = this.uncertain;
    // Only redelivered messages can be copies. Entries stay until matched (the broker may requeue after the new
    // consumer started) or pushed out by newer ones (an ack that did arrive leaves an entry that never matches).
    if (u.length === 0 || !msg.fields.redelivered) return false;
    const i = u.findIndex((b) => b.equals(msg.content));
    if (i < 0) return false;
    u.splice(i, 1);
    return true;
  }

  /** Remembers committed payloads whose ack may be lost, keeping at most a few prefetch windows. */
  private rememberUncertain(payloads: readonly Buffer[]): void {
    const u = this.uncertain;
    u.push(...payloads);
    const cap = 4 * this.s.prefetch;
    if (u.length > cap) u.splice(0, u.length - cap);
  }
}
