// Polls a file or a directory for files by extension: which appeared, changed (size or mtime) or disappeared.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file's identity between polls. */
interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The changes since the previous poll. */
export interface PollResult {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

/** Remembers the files seen under a path and reports differences at each `poll()`. */
export class DirPoller {
  private seen = new Map<string, FileStamp>();

  /** Watches `path` (a file, or a directory whose files ending in `extension` are read). */
  constructor(
    readonly path: string,
    readonly extension: string,
  ) {}

  private async list(): Promise<Map<string, FileStamp>> {
    const out = new Map<string, FileStamp>();
    let st;
    try {
      st = await stat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw e;
    }
    const files = st.isDirectory()
      ? (await readdir(this.path)).filter((f) => f.endsWith(this.extension)).map((f) => join(this.path, f))
      : [this.path];
    for (const f of files.sort()) {
      try {
        const s = await stat(f);
        if (s.isFile()) out.set(f, { size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // Gone between the listing and the stat: it is reported as removed (or never seen).
      }
    }
    return out;
  }

  /** Compares the current files with the previous poll. */
  async poll(): Promise<PollResult> {
    const now = await this.list();
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [f, s] of now) {
      const old = this.seen.get(f);
      if (old === undefined) added.push(f);
      else if (old.size !== s.size || old.mtimeMs !== s.mtimeMs) changed.push(f);
    }
    for (const f of this.seen.keys()) if (!now.has(f)) removed.push(f);
    this.seen = now;
    return { added, changed, removed };
  }
}
