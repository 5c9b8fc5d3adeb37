// What the live sources fed by the program itself share (async transformers, fully async UDFs): calls counted while
// they run, their outcomes queued, and one pump pushing the queue into the engine input and committing it, an epoch
// per round, in order. Such a source is a follower (`LiveDriver.follower`): idle when no call runs and nothing waits.

import type { LiveDriver, LiveFollower, LiveSourceIo } from './plan.js';

/** A follower live source pushing queued changes of type `C` (see the header). */
export abstract class FollowerSource<C> implements LiveDriver {
  readonly follower: LiveFollower = { idle: () => this.idle(), end: () => void this.end() };
  /** The runtime's side, once the run started the source. */
  protected io: LiveSourceIo | undefined;
  /** Calls running. */
  protected running = 0;
  /** Changes waiting to be pushed, in order. */
  protected ready: C[] = [];
  private pumping = false;
  private finished = false;

  /** Pushes one change into the engine input (`io.push`, any number of times). */
  protected abstract pushChange(change: C, io: LiveSourceIo): void;

  /** Called once when the run starts the source, before anything is pushed (a transformer's `open`). */
  protected opening(): Promise<void> {
    return Promise.resolve();
  }

  /** Called once when the source ends, before it says so (a transformer's `close`). */
  protected closing(): Promise<void> {
    return Promise.resolve();
  }

  async start(io: LiveSourceIo): Promise<void> {
    await this.opening();
    this.io = io;
    void this.pump();
  }

  stop(): void {
    void this.end();
  }

  /** Queues a change and pushes what is queued when the pump is free. */
  protected enqueue(change: C): void {
    this.ready.push(change);
    void this.pump();
  }

  /** Tells the runtime when the source may have become idle. */
  protected notifyIdle(): void {
    if (this.idle()) this.io?.idle();
  }

  private idle(): boolean {
    return this.running === 0 && this.ready.length === 0 && !this.pumping;
  }

  private async end(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.closing();
    } finally {
      this.io?.finish();
    }
  }

  /** Pushes the queued changes and commits them, one epoch per round, until none is left. */
  protected async pump(): Promise<void> {
    const io = this.io;
    if (this.pumping || io === undefined || this.finished) return;
    this.pumping = true;
    try {
      while (this.ready.length > 0 && !this.finished) {
        const changes = this.ready;
        this.ready = [];
        for (const c of changes) this.pushChange(c, io);
        if (!(await io.commit())) return;
      }
    } finally {
      this.pumping = false;
    }
    this.notifyIdle();
  }
}
