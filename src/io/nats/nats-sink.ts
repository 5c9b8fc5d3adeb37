// The NATS writer: every change of a table as a message on a subject, with `time` and `diff` headers (Pathway's
// change-stream layout) and the row as the payload (JSON, or one column as text or bytes).
// With `jetstream: true` each epoch waits for the stream's publish acks (retried with a message id the stream
// deduplicates); otherwise messages are published on core NATS and flushed at the end of each epoch.

import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DType } from '../../table/dtype.js';
import { ConnectorError } from '../connector-error.js';
import { cellText, MessageEncoder, type MessageFormat } from '../message-format.js';
import { jsonFormatter, type ValueFormatter } from '../format-value.js';
import type { EpochChanges, Sink } from '../sink.js';
import { connectNats, type NatsConnectionOptions } from './nats-connection.js';

/** Options of `nats.write`. */
export interface NatsSinkOptions extends NatsConnectionOptions {
  /** The subject messages are published on. */
  subject: string;
  /** Payload format (default json: the row with `time` and `diff`). */
  format?: MessageFormat;
  /** plaintext / raw: the column whose value is the payload (default: the only column, else `data`). */
  valueColumn?: string;
  /** Columns also sent as message headers (by column name). */
  headers?: readonly string[];
  /** Wait for JetStream publish acks each epoch (the subject must belong to a stream); default false. */
  jetstream?: boolean;
  /** JetStream: attempts per message before the run fails (default 5). */
  publishAttempts?: number;
}

/** A writer of one subject. */
export class NatsSink implements Sink {
  readonly name: string;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private encoder: MessageEncoder | undefined;
  private headerCols: { name: string; index: number; format: ValueFormatter }[] = [];
  private makeHeaders: (() => import('@nats-io/transport-node').MsgHdrs) | undefined;
  private acks: Promise<PubAck>[] = [];
  private readonly runId = Math.random().toString(36).slice(2, 10);

  /** Prepares the writer (connects on `open`). */
  constructor(private readonly options: NatsSinkOptions) {
    this.name = `nats(${options.subject})`;
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    const o = this.options;
    this.encoder = new MessageEncoder('nats', columns, dtypes, {
      format: o.format,
      valueColumn: o.valueColumn,
    });
    this.headerCols = (o.headers ?? []).map((name) => {
      const index = columns.indexOf(name);
      if (index < 0)
        throw new ConnectorError(
          'nats',
          `subject "${o.subject}"`,
          `header column "${name}" is not a column`,
          `use one of ${columns.join(', ')}`,
        );
      return { name, index, format: jsonFormatter(dtypes[index]!) };
    });
    const mod = await import('@nats-io/transport-node');
    this.makeHeaders = mod.headers;
    this.nc = await connectNats(o, `subject "${o.subject}"`);
    if (o.jetstream) this.js = (await import('@nats-io/jetstream')).jetstream(this.nc);
  }

  write({ time, rows, diffs }: EpochChanges): void {
    const nc = this.nc!;
    const enc = this.encoder!;
    const subject = this.options.subject;
    const t = String(time);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const diff = diffs[i]!;
      const h = this.makeHeaders!();
      h.set('time', t);
      h.set('diff', String(diff));
      for (const c of this.headerCols) h.set(c.name, cellText(row[c.index], c.format));
      const payload = enc.encode(row, time, diff);
      if (this.js) {
        const ack = this.publishJs(subject, payload, h, `${this.runId}-${time}-${i}`);
        ack.catch(() => undefined); // awaited (and thrown) in flush
        this.acks.push(ack);
      } else nc.publish(subject, payload, { headers: h });
    }
  }

  private async publishJs(
    subject: string,
    payload: string | Uint8Array,
    h: import('@nats-io/transport-node').MsgHdrs,
    msgID: string,
  ): Promise<PubAck> {
    const attempts = this.options.publishAttempts ?? 5;
    for (let a = 1; ; a++) {
      try {
        // The message id makes a retry idempotent: the stream drops a duplicate within its duplicate window.
        return await this.js!.publish(subject, payload, { headers: h, msgID });
      } catch (e) {
        if (a >= attempts)
          throw new ConnectorError(
            'nats',
            `subject "${subject}"`,
            `publish failed after ${a} attempts (${(e as Error).message})`,
            'check that a stream captures the subject and the server is reachable',
            { cause: e },
          );
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** a)));
      }
    }
  }

  async flush(): Promise<void> {
    if (this.js) {
      const acks = this.acks;
      this.acks = [];
      await Promise.all(acks);
    } else await this.nc?.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.nc?.drain().catch(() => undefined);
    this.nc = undefined;
  }
}
