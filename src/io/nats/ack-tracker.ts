// Acknowledgements that survive a dropped connection: an ack is a fire-and-forget publish, so a batch of acks counts
// as delivered only once a flush (PING/PONG) on the same connection returned; after a reconnect every batch not yet
// confirmed is acked again (acks are idempotent), so a committed message is never left pending on the server.

import type { NatsConnection } from '@nats-io/transport-node';

/** The ack payload, encoded once. */
const ACK = new TextEncoder().encode('+ACK');

/** Tracks ack batches until the server confirmed them; re-acks the unconfirmed ones after each reconnect. */
export class AckTracker {
  private readonly unconfirmed = new Set<string[]>();
  /** Incremented on each reconnect: a flush only confirms batches acked on the connection it ran on. */
  private generation = 0;
  private closed = false;

  /** Starts watching the connection's reconnects. */
  constructor(private readonly nc: NatsConnection) {
    void (async () => {
      for await (const s of nc.status()) {
        if (this.closed) break;
        if (s.type !== 'reconnect') continue;
        this.generation++;
        const batches = [...this.unconfirmed];
        this.unconfirmed.clear();
        for (const b of batches) this.ack(b);
      }
    })().catch(() => undefined);
  }

  /**
   * Acks the messages whose ack subjects (`reply`) are `msgs` and keeps them until a flush on this connection
   * confirms them (only the subjects are kept: the messages themselves are not held until the commit).
   */
  ack(msgs: string[]): void {
    if (msgs.length === 0) return;
    this.send(msgs);
    this.unconfirmed.add(msgs);
    const gen = this.generation;
    this.nc.flush().then(
      () => {
        if (gen === this.generation) this.unconfirmed.delete(msgs);
      },
      () => undefined,
    );
  }

  /** Publishes the acks to the ack subjects (`JsMsg.ack()` sends only once: a re-ack must bypass it). */
  private send(msgs: readonly string[]): void {
    const nc = this.nc;
    for (let i = 0; i < msgs.length; i++) nc.publish(msgs[i]!, ACK);
  }

  /** Waits until every ack is confirmed (re-acking across reconnects), at most `timeoutMs`. */
  async settle(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.unconfirmed.size > 0 && Date.now() < deadline) {
      const gen = this.generation;
      // Acked again: a batch whose flush failed (written during a disconnect) may never have reached the server.
      for (const b of this.unconfirmed) this.send(b);
      const flushed = await Promise.race([
        this.nc.flush().then(
          () => true,
          () => false,
        ),
        new Promise<false>((r) => setTimeout(() => r(false), 1_000)),
      ]);
      if (flushed && gen === this.generation) {
        // Everything acked before this flush on this connection is confirmed.
        this.unconfirmed.clear();
      }
    }
    this.closed = true;
    return this.unconfirmed.size === 0;
  }
}
