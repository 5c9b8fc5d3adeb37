// One logical-replication (walsender) connection: creates a pgoutput slot with an exported snapshot, streams the
// slot's changes as CopyBoth frames (paused and resumed for backpressure), answers keepalives and sends standby
// status updates (the flush LSN the server may forget up to).

import type { Client } from 'pg';
import type { Duplex } from 'node:stream';
import type { ConnectionSettings } from './connection.js';
import { formatLsn, parseLsn, type Lsn } from './pgoutput.js';

/** What a started stream reports. */
export interface ReplicationHandlers {
  /** One XLogData payload (a pgoutput message). */
  onData(payload: Buffer): void;
  /** The stream ended: `error` set when it failed (connection dropped, server error). */
  onClose(error: unknown): void;
}

const PG_EPOCH_MS = 946_684_800_000n;

/** A walsender connection, used for one slot. */
export class ReplicationConnection {
  private stream: Duplex | undefined;
  private closed = false;
  /** The flush LSN reported in status updates (what the pipeline has committed). */
  flushLsn: Lsn = 0n;

  private constructor(private readonly client: Client) {}

  /** Opens a replication connection. */
  static async open(settings: ConnectionSettings): Promise<ReplicationConnection> {
    return new ReplicationConnection(await settings.connect(true));
  }

  /**
   * Creates a logical slot with the pgoutput plugin and exports its snapshot: the snapshot sees exactly the
   * transactions committed before `consistentPoint`, the slot streams exactly those committed after. The snapshot
   * stays importable until the next command on this connection.
   */
  async createSlot(slot: string): Promise<{ consistentPoint: Lsn; snapshotName: string }> {
    const res = await this.client.query<{ consistent_point: string; snapshot_name: string }>(
      `CREATE_REPLICATION_SLOT "${slot}" LOGICAL pgoutput EXPORT_SNAPSHOT`,
    );
    const row = res.rows[0]!;
    return { consistentPoint: parseLsn(row.consistent_point), snapshotName: row.snapshot_name };
  }

  /** Starts streaming `slot` from `fromLsn` (the server starts at the slot's confirmed position if later). */
  async start(slot: string, publication: string, fromLsn: Lsn, handlers: ReplicationHandlers): Promise<void> {
    const { both } = (await import('pg-copy-streams')) as unknown as {
      both(text: string, options: { alignOnCopyDataFrame: boolean; highWaterMark?: number }): Duplex;
    };
    const pub = `"${publication.replaceAll('"', '""')}"`.replaceAll("'", "''");
    const sql =
      `START_REPLICATION SLOT "${slot}" LOGICAL ${formatLsn(fromLsn)} ` +
      `(proto_version '1', publication_names '${pub}')`;
    const stream = both(sql, { alignOnCopyDataFrame: true });
    this.stream = stream;
    let done = false;
    const close = (error: unknown): void => {
      if (done) return;
      done = true;
      const requested = this.closed;
      this.closed = true;
      handlers.onClose(requested ? undefined : error);
    };
    stream.on('data', (frame: Buffer) => {
      const tag = frame[0];
      if (tag === 0x77 /* w: XLogData */) handlers.onData(frame.subarray(25));
      else if (tag === 0x6b /* k: keepalive */ && frame[17] === 1) this.sendStatus();
    });
    stream.on('error', (e) => close(e ?? new Error('replication stream failed')));
    stream.on('end', () => close(this.closed ? undefined : new Error('Connection terminated: stream ended')));
    this.client.on('error', (e) => close(e));
    this.client.on('end', () => close(new Error('Connection terminated unexpectedly')));
    this.client.query(stream as never);
  }

  /** Stops reading from the server (backpressure); keepalives wait too. */
  pause(): void {
    this.stream?.pause();
  }

  /** Reads again. */
  resume(): void {
    this.stream?.resume();
  }

  /** Sends a standby status update: received, flushed and applied up to `flushLsn`. */
  sendStatus(lsn: Lsn = this.flushLsn, requestReply = false): void {
    const s = this.stream;
    if (s === undefined || this.closed || s.writableEnded) return;
    const b = Buffer.alloc(34);
    b[0] = 0x72; // r
    b.writeBigUInt64BE(lsn, 1);
    b.writeBigUInt64BE(lsn, 9);
    b.writeBigUInt64BE(lsn, 17);
    b.writeBigUInt64BE((BigInt(Date.now()) - PG_EPOCH_MS) * 1000n, 25);
    b[33] = requestReply ? 1 : 0;
    s.write(b);
  }

  /** Sends a last status update, then closes the connection. */
  async close(): Promise<void> {
    if (!this.closed) this.sendStatus();
    this.closed = true;
    // Let the status update reach the socket before the connection terminates.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.client.end().catch(() => undefined);
  }
}
