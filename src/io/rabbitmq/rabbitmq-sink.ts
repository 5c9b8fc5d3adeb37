// The RabbitMQ writer: publishes each change of a table to an exchange as a persistent message and waits for the
// broker's publisher confirms at the end of every epoch; an epoch cut by a dropped connection is published again.
//
// State: the open connection and confirm channel, and the epoch's messages not confirmed yet (`pending`).
// Invariants: `flush(time)` returns only when every message of the epoch is confirmed (at-least-once: a message
// confirmed but reported lost by a dropping connection is sent twice; its messageId `<time>-<n>` lets readers
// spot the copy); an unroutable message (no queue bound) fails the run instead of vanishing.

import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import type { DType } from '../../table/dtype.js';
import { ConnectorError } from '../connector-error.js';
import { payloadEncoder, type PayloadEncoder, type PayloadEncoding } from '../message-format.js';
import { backoffDelay, delay, type ReconnectOptions } from '../reconnect.js';
import type { EpochChanges, Sink } from '../sink.js';
import { closeQuietly, connectWithRetry, isNotFound } from './connect.js';

/** Settings of one RabbitMQ writer (see `write` for the user-facing options). */
export interface RabbitmqSinkSettings extends PayloadEncoding {
  uri: string;
  exchange: string;
  routingKey: string;
  persistent: boolean;
  mandatory: boolean;
  reconnect: ReconnectOptions;
}

interface Pending {
  payload: Buffer;
  options: Options.Publish;
}

/** Publishes a table's changes to an exchange. */
export class RabbitmqSink implements Sink {
  readonly name: string;
  private conn: ChannelModel | undefined;
  private ch: ConfirmChannel | undefined;
  private encode: PayloadEncoder | undefined;
  private pending: Pending[] = [];
  private unroutable: string | undefined;
  /** The channel closed (dropped connection): the epoch's messages must be published again. */
  private broken = false;
  private readonly contentType: string;

  /** Prepares a writer to `settings.exchange`. */
  constructor(private readonly s: RabbitmqSinkSettings) {
    this.name = `rabbitmq(${s.exchange === '' ? `queue ${s.routingKey}` : `exchange ${s.exchange}`})`;
    const format = s.format ?? 'json';
    this.contentType =
      format === 'json'
        ? 'application/json'
        : format === 'plaintext'
          ? 'text/plain'
          : 'application/octet-stream';
  }

  private get target(): string {
    return this.s.exchange === '' ? `default exchange` : `exchange "${this.s.exchange}"`;
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    this.encode = payloadEncoder(this.s, columns, dtypes, 'rabbitmq');
    await this.connect();
  }

  private async connect(): Promise<ConfirmChannel> {
    const conn = await connectWithRetry(this.s.uri, this.s.reconnect, undefined);
    if (conn === undefined) throw new ConnectorError('rabbitmq', this.target, 'connection aborted');
    const ch = await conn.createConfirmChannel();
    ch.on('error', () => undefined);
    ch.on('close', () => {
      if (this.ch === ch) this.broken = true;
    });
    ch.on('return', (msg: { fields: { routingKey: string } }) => {
      this.unroutable ??= msg.fields.routingKey;
    });
    if (this.s.exchange !== '') {
      try {
        await ch.checkExchange(this.s.exchange);
      } catch (e) {
        await closeQuietly(conn);
        if (isNotFound(e))
          throw new ConnectorError('rabbitmq', this.target, 'does not exist', 'declare the exchange first');
        throw e;
      }
    }
    this.conn = conn;
    this.ch = ch;
    this.broken = false;
    return ch;
  }

  write(changes: EpochChanges): Promise<void> | void {
    const { time, rows, diffs } = changes;
    const encode = this.encode!;
    const base = this.pending.length;
    for (let i = 0; i < rows.length; i++) {
      this.pending.push({
        payload: encode(rows[i]!, time, diffs[i]!),
        options: {
          persistent: this.s.persistent,
          mandatory: this.s.mandatory,
          contentType: this.contentType,
          messageId: `${time}-${base + i}`,
          timestamp: Math.floor(time / 1000),
        },
      });
    }
    return this.publish(base);
  }

  /** Publishes pending messages from `from` on, waiting for the channel to drain when its buffer is full. */
  private async publish(from: number): Promise<void> {
    const ch = this.ch;
    if (ch === undefined) return;
    for (let i = from; i < this.pending.length; i++) {
      const m = this.pending[i]!;
      try {
        if (!ch.publish(this.s.exchange, this.s.routingKey, m.payload, m.options))
          await new Promise<void>((resolve) => {
            ch.once('drain', resolve);
            ch.once('close', resolve);
          });
      } catch {
        return; // the channel is closed: flush() reconnects and publishes the epoch again
      }
    }
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.broken) {
          await closeQuietly(this.conn);
          await delay(backoffDelay(attempt - 1, this.s.reconnect));
          await this.connect();
          await this.publish(0);
        }
        await this.ch!.waitForConfirms();
        if (!this.broken) break;
      } catch (e) {
        if (e instanceof ConnectorError) throw e;
        if (attempt >= (this.s.reconnect.maxAttempts ?? 20))
          throw new ConnectorError('rabbitmq', this.target, 'publishing failed', undefined, { cause: e });
        this.broken = true;
      }
    }
    this.pending = [];
    if (this.unroutable !== undefined)
      throw new ConnectorError(
        'rabbitmq',
        this.target,
        `no queue is bound for routing key "${this.unroutable}", the message was returned`,
        'bind a queue to the exchange, or set mandatory: false to let such messages be dropped',
      );
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await closeQuietly(this.conn);
      this.conn = undefined;
      this.ch = undefined;
    }
  }
}
