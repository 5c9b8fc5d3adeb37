// The file-system source: reads the files a path names (a file, a directory, a glob) and, in streaming mode, keeps
// watching them: new files add rows, changed files replace theirs, deleted files retract theirs.
//
// Algorithm: a scan lists the files and stats each one. A new file is read whole; a file whose size grew while its
// inode and sampled content (first/last 4 KiB of the part read) stayed the same is read on from where the last
// complete record ended (appends); any other change retracts the file's rows and reads it again (`FileReader`).
// A file modified within the last moments is also compared by content when its stat looks unchanged (a rewrite
// within the file system's timestamp granularity). Scans run every `refreshIntervalMs`, sooner on file events.
// State (streaming): per file, `FileState` (stat signature, rows added, offset of the last complete record, samples);
// the stat signatures of files that could not be read (an error is reported once per change of the file).
// Invariants: the rows a file contributes are exactly the rows of its content as last read; a read that saw the file
// change under it is undone and retried.

import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Source, SourceContext } from '../source.js';
import { sampleDigest } from './file-samples.js';
import { FileReader } from './file-reader.js';
import { RACY_MS, type FileState, type FsSourceConfig, type FsSourceHooks } from './file-state.js';
import { errorCode } from './glob.js';
import { listPath, runScans, type Listing } from './scan-loop.js';

export type { FsSourceConfig, FsSourceHooks } from './file-state.js';

/** How long a file whose mtime moved but not its size is given to show an append in progress. */
const APPEND_SETTLE_MS = 5;

/** Attempts to read a file that keeps changing under the reader. */
const MAX_ATTEMPTS = 5;

function sameStat(s: FileState, st: Stats): boolean {
  return s.ino === st.ino && s.size === st.size && s.mtimeMs === st.mtimeMs && s.ctimeMs === st.ctimeMs;
}

function signature(st: Stats | undefined): string {
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : 'x';
}

function describeError(e: unknown): string {
  const code = errorCode(e);
  if (code === 'EACCES' || code === 'EPERM')
    return `permission denied (${code}); give the process read access to it`;
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}

/** Reads files into a table (one instance per run). */
export class FsSource implements Source {
  readonly name: string;
  private ctx!: SourceContext;
  private reader!: FileReader;
  private readonly files = new Map<string, FileState>();
  /** Stat signatures of files that could not be read, so an error is reported once per change. */
  private readonly failed = new Map<string, string>();
  /** The path names one file (not a directory or a glob), as of the last scan. */

  /** Creates the reader; `name` is how errors name it. */
  constructor(
    private readonly config: FsSourceConfig,
    name: string,
    private readonly hooks: FsSourceHooks = {},
  ) {
    this.name = name;
  }

  async run(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.reader = new FileReader(ctx, this.config, this.name, this.files, this.hooks);
    const { spec, refreshIntervalMs, watch } = this.config;
    await runScans(ctx, spec, refreshIntervalMs, watch, () => this.scan());
  }

  // ---- scanning ---------------------------------------------------------------------------------------------

  /** One pass over the files: whether rows changed, and the listing. */
  private async scan(): Promise<{ changed: boolean; listing: Listing }> {
    const ctx = this.ctx;
    const listing = await listPath(this.config.spec, ctx.mode, (dir, e) =>
      this.reportOnce(dir, undefined, e),
    );
    const { files } = listing;
    let changed = false;
    if (this.files.size > 0) {
      const present = new Set(files);
      for (const p of [...this.files.keys()]) {
        if (!present.has(p)) changed = this.removeFile(p) || changed;
      }
    }
    for (const p of files) {
      if (ctx.signal.aborted) break;
      changed = (await this.visit(p)) || changed;
      // Backpressure between files too: a file read whole (binary, plaintextByFile) has no chunks to wait between.
      const wait = ctx.backpressure();
      if (wait) await wait;
    }
    return { changed, listing };
  }

  private removeFile(p: string): boolean {
    const s = this.files.get(p);
    this.files.delete(p);
    this.failed.delete(p);
    if (s === undefined || s.log.count === 0) return false;
    this.ctx.beginUnit();
    this.reader.forEachRow(s.log, 0, (key, values) => this.ctx.retract({ key, values }));
    this.ctx.endUnit();
    return true;
  }

  private reportOnce(p: string, st: Stats | undefined, e: unknown): void {
    const sig = signature(st);
    if (this.failed.get(p) === sig) return;
    this.failed.set(p, sig);
    this.ctx.error(p, `cannot read: ${describeError(e)}`);
  }

  /**
   * The file's stats, or -- when it cannot be stat'ed -- what `visit` returns: whether its rows changed (a vanished
   * file is removed; another error is reported once and changes nothing).
   */
  private async statOrGone(p: string): Promise<Stats | boolean> {
    try {
      return await stat(p);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return this.removeFile(p);
      this.reportOnce(p, undefined, e);
      return false;
    }
  }

  /** Looks at one listed file; true when its rows changed. */
  private async visit(p: string): Promise<boolean> {
    let st = await this.statOrGone(p);
    if (typeof st === 'boolean') return st;
    const state = this.files.get(p);
    if (state === undefined) {
      const f = this.failed.get(p);
      if (f !== undefined && f === signature(st)) return false;
      return this.readFile(p, undefined);
    }
    if (sameStat(state, st)) {
      if (!state.racy) return false;
      const same = await this.samplesMatch(p, state);
      if (same === undefined) return false;
      if (same) {
        if (Date.now() - st.mtimeMs > RACY_MS) state.racy = false;
        return false;
      }
      return this.readFile(p, state);
    }
    const lineBased = this.config.format !== 'plaintextByFile' && this.config.format !== 'binary';
    if (lineBased && st.ino === state.ino && st.size === state.size) {
      // A write moves the mtime before the size: for a moment an append looks like a same-size rewrite. Look again
      // once it has landed, rather than read the whole file again for nothing.
      await new Promise((r) => setTimeout(r, APPEND_SETTLE_MS));
      st = await this.statOrGone(p);
      if (typeof st === 'boolean') return st;
    }
    const grew = st.ino === state.ino && st.size > state.size;
    // The read checks the samples of the part read before (and reads the file whole when they changed).
    if (lineBased && grew) return this.readFile(p, state, true);
    return this.readFile(p, state);
  }

  /** Whether the sampled content of the part read is unchanged; undefined when the file cannot be read now. */
  private async samplesMatch(p: string, state: FileState): Promise<boolean | undefined> {
    let fh: FileHandle | undefined;
    try {
      fh = await open(p, 'r');
      return (await sampleDigest(fh, state.offset)).equals(state.samples);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return false;
      this.reportOnce(p, undefined, e);
      return undefined;
    } finally {
      await fh?.close();
    }
  }

  /** Reads a file (whole, or on from its last complete record when `append`), retrying while it changes. */
  private async readFile(p: string, state: FileState | undefined, append = false): Promise<boolean> {
    let changed = false;
    for (let attempt = 1; ; attempt++) {
      const r = await this.reader.read(p, state, append, attempt);
      if (r.outcome === 'ok') {
        this.failed.delete(p);
        return true;
      }
      if (r.outcome === 'gone') return this.removeFile(p) || changed;
      if (r.outcome === 'reported') return true;
      if (r.outcome === 'failed') {
        this.reportOnce(p, r.stat, r.error);
        // Not read again until the file changes (a chmod changes its ctime).
        if (state !== undefined && r.stat !== undefined)
          Object.assign(state, {
            ino: r.stat.ino,
            size: r.stat.size,
            mtimeMs: r.stat.mtimeMs,
            ctimeMs: r.stat.ctimeMs,
            racy: false,
          });
        return changed;
      }
      changed = true;
      // The file changed while being read: what was read is undone (or retracted); read it again, whole.
      state = this.files.get(p);
      append = false;
      if (attempt >= MAX_ATTEMPTS) {
        this.ctx.error(
          p,
          `kept changing while being read (${MAX_ATTEMPTS} attempts); it is read again when it settles`,
        );
        if (state !== undefined) state.ctimeMs = -1; // forces a new read at the next scan
        return true;
      }
      await new Promise((r) => setTimeout(r, 10 * attempt));
    }
  }
}
