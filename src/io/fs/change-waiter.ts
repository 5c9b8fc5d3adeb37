// Waiting between scans of the file-system source: a timer (`refreshIntervalMs`), cut short by file-system events
// (`fs.watch` on the directory holding the files, a hint only: polling alone is correct) and by the run stopping.

import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { PathSpec } from './glob.js';

/**
 * Pause after a file event before scanning: lets a burst of writes land together, short enough not to count in
 * the latency (an append read early is only read on from where the last complete record ended).
 */
const SETTLE_MS = 2;

/** Sleeps until the next scan is due or a watched directory reports a change. */
export class ChangeWaiter {
  private wake: (() => void) | undefined;
  private dirty = false;
  private watcher: FSWatcher | undefined;
  private watchedDir = '';

  /** A waiter for the files of `spec`; `useEvents: false` polls only. */
  constructor(
    private readonly spec: PathSpec,
    private readonly refreshIntervalMs: number,
    private readonly useEvents: boolean,
  ) {}

  /** Call before a scan: events from now on make the next `sleep` short. */
  beginScan(): void {
    this.dirty = false;
  }

  /**
   * Waits for the next scan. `baseIsFile` / `baseMissing` (from the last scan) choose the directory to watch: the
   * path's own directory, or its parent when it names a single file (a rewrite may replace its inode) or is missing.
   */
  sleep(signal: AbortSignal, baseIsFile: boolean, baseMissing: boolean): Promise<void> {
    if (this.useEvents) this.watch(baseIsFile || baseMissing ? path.dirname(this.spec.base) : this.spec.base);
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      // Events during the scan: look again soon (a short pause lets a burst of writes settle).
      const timer = setTimeout(
        done,
        this.dirty ? Math.min(SETTLE_MS, this.refreshIntervalMs) : this.refreshIntervalMs,
      );
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private watch(target: string): void {
    if (this.watcher !== undefined && this.watchedDir === target) return;
    this.close();
    try {
      const recursive = this.spec.maxDepth > 0 && target === this.spec.base;
      this.watcher = watch(target, { persistent: false, recursive }, () => {
        this.dirty = true;
        if (this.wake) setTimeout(() => this.wake?.(), SETTLE_MS);
      });
      this.watchedDir = target;
      this.watcher.on('error', () => this.close());
    } catch {
      this.close(); // not there yet (or not watchable): polling covers it
    }
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.watchedDir = '';
  }
}
