// The file-system source: reads the files a path names (a file, a directory, a glob) and, in streaming mode, keeps
// watching them: new files add rows, changed files replace theirs, deleted files retract theirs.
//
// Algorithm: a scan lists the files and stats each one. A new file is read whole; a file whose size grew while its
// inode and sampled content (first/last 4 KiB of the part read) stayed the same is read on from where the last
// complete record ended (appends); any other change retracts the file's rows and reads it again. Each file read is
// one atomic unit (a file of more than `maxUnitRows` rows is committed in parts). Scans run every
// `refreshIntervalMs`, sooner when a file-system event arrives.
// State (streaming): per file its stat signature, the keys and rows it added (to retract them), the byte offset and
// line number after its last complete record, how many rows came from the unterminated tail, and content samples.
// Invariants: the rows a file contributes are exactly the rows of its content as last read; a read that saw the file
// change under it (replaced, truncated, rewritten) is undone and retried.

import { watch, type FSWatcher, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { keyFromValues, KeyGenerator, type Key } from '../../engine/key.js';
import { Json } from '../../table/values/json.js';
import { ConnectorError } from '../connector-error.js';
import type { RecordParser } from '../record-parser.js';
import type { Source, SourceContext } from '../source.js';
import { readSamples, readTextChunks, readWhole } from './chunk-reader.js';
import type { CsvSettings } from './csv-parser.js';
import {
  CsvFormat,
  JsonLinesFormat,
  PlaintextFormat,
  type CsvHeaderState,
  type LineFormat,
  type RowOut,
} from './formats.js';
import { errorCode, listFiles, type PathSpec } from './glob.js';
import type { FsFormat } from './options.js';

/** A file whose modification time is this recent may still change without changing its stat: compare content. */
const RACY_MS = 1500;
/** Attempts to read a file that keeps changing under the reader. */
const MAX_ATTEMPTS = 5;

/** The resolved settings of one `fs.read`. */
export interface FsSourceConfig {
  readonly spec: PathSpec;
  readonly format: FsFormat;
  /** The schema parser (csv, jsonlines). */
  readonly parser: RecordParser | undefined;
  /** Positions of the primary-key columns (empty: generated ids). */
  readonly pk: readonly number[];
  readonly csv: CsvSettings;
  readonly withMetadata: boolean;
  readonly refreshIntervalMs: number;
  readonly watch: boolean;
  readonly maxUnitRows: number;
  readonly chunkBytes: number;
}

/** Test hooks: observe (and disturb) a read in progress. */
export interface FsSourceHooks {
  /** Called after each chunk of a file is parsed (`attempt` counts from 1). */
  afterChunk?(file: string, attempt: number): void | Promise<void>;
}

interface FileState {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  keys: Key[];
  rows: unknown[][];
  /** Rows (at the end of keys/rows) from the unterminated last record: re-read when the file grows. */
  tailCount: number;
  /** Byte offset after the last complete record. */
  offset: number;
  /** Lines before `offset`. */
  line: number;
  csv: CsvHeaderState | undefined;
  samples: Buffer;
  racy: boolean;
}

type ReadOutcome = 'ok' | 'changed' | 'failed';

/** Thrown out of a chunk loop when the file changed under the reader. */
class FileChanged extends Error {}

function sameStat(s: FileState, st: Stats): boolean {
  return s.ino === st.ino && s.size === st.size && s.mtimeMs === st.mtimeMs && s.ctimeMs === st.ctimeMs;
}

function describeError(e: unknown): string {
  const code = errorCode(e);
  if (code === 'EACCES' || code === 'EPERM')
    return `permission denied (${code}); give the process read access to it`;
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}

/** Reads files into a table (one instance per run). */
export class FsSource implements Source, RowOut {
  readonly name: string;
  private ctx!: SourceContext;
  private readonly files = new Map<string, FileState>();
  /** Stat signatures of files that could not be read, so an error is reported once per change. */
  private readonly failed = new Map<string, string>();
  private readonly ids: KeyGenerator;
  // The read in progress (hot path fields, reset per read).
  private curPath = '';
  private curKeys: Key[] = [];
  private curRows: unknown[][] = [];
  private curMeta: Json | undefined;
  private unitRows = 0;
  /** Rows of the read in progress already committed in parts (a large file). */
  private partRows = 0;
  private split = false;
  /** Streaming, reading a file's unterminated last line: it may still be being written, so errors wait. */
  private inTail = false;
  private curFh: FileHandle | undefined;
  private curStat: Stats | undefined;
  /** Streaming keeps every row's key and values to retract them later; static mode keeps nothing. */
  private keepHandles = false;
  private wake: (() => void) | undefined;
  private dirty = false;
  private watcher: FSWatcher | undefined;
  private watchedDir = '';
  /** The path names one file (not a directory or a glob), as of the last scan. */
  private baseIsFile = false;
  private baseMissing = false;

  /** Creates the reader; `name` is how errors name it. */
  constructor(
    private readonly config: FsSourceConfig,
    name: string,
    private readonly hooks: FsSourceHooks = {},
  ) {
    this.name = name;
    this.ids = new KeyGenerator(`fs:${name}`);
  }

  async run(ctx: SourceContext): Promise<void> {
    this.ctx = ctx;
    this.keepHandles = ctx.mode === 'streaming';
    if (ctx.mode === 'static') {
      await this.scan();
      return;
    }
    try {
      while (!ctx.signal.aborted) {
        this.dirty = false;
        if (await this.scan()) await ctx.commit();
        if (this.config.watch) this.startWatching();
        await this.sleep();
      }
    } finally {
      this.stopWatching();
    }
  }

  // ---- RowOut (called by the formats for every row) ------------------------------------------------------------

  row(values: unknown[]): void {
    if (this.curMeta !== undefined) values.push(this.curMeta);
    const pk = this.config.pk;
    let key: Key;
    if (pk.length === 0) key = this.ids.next();
    else if (pk.length === 1) key = keyFromValues([values[pk[0]!]]);
    else key = keyFromValues(pk.map((i) => values[i]));
    this.ctx.insertParsed(key, values);
    if (this.keepHandles) {
      this.curKeys.push(key);
      this.curRows.push(values);
    }
    this.unitRows++;
  }

  error(line: number, reason: string): void {
    // A half-written last line is read again once the file grows; only complete lines are reported.
    if (this.inTail) return;
    this.ctx.error(`${this.curPath}:${line}`, reason);
  }

  // ---- scanning ---------------------------------------------------------------------------------------------

  /** One pass over the files; true when rows changed. */
  private async scan(): Promise<boolean> {
    const ctx = this.ctx;
    const spec = this.config.spec;
    const listed = await listFiles(spec, (dir, e) => this.reportOnce(dir, undefined, e));
    if (listed === undefined && ctx.mode === 'static') {
      throw new ConnectorError(
        'fs',
        `path "${spec.original}"`,
        `does not exist (resolved to ${spec.base})`,
        'check the path (relative paths start at the working directory), or read in streaming mode to wait for it',
      );
    }
    const files = listed ?? [];
    this.baseIsFile = spec.pattern === undefined && files.length === 1 && files[0] === spec.base;
    this.baseMissing = listed === undefined;
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
    }
    return changed;
  }

  private removeFile(p: string): boolean {
    const s = this.files.get(p);
    this.files.delete(p);
    this.failed.delete(p);
    if (s === undefined || s.keys.length === 0) return false;
    this.ctx.beginUnit();
    for (let i = 0; i < s.keys.length; i++) this.ctx.retract({ key: s.keys[i]!, values: s.rows[i]! });
    this.ctx.endUnit();
    return true;
  }

  private reportOnce(p: string, st: Stats | undefined, e: unknown): void {
    const sig = st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : 'x';
    if (this.failed.get(p) === sig) return;
    this.failed.set(p, sig);
    this.ctx.error(p, `cannot read: ${describeError(e)}`);
  }

  /** Looks at one listed file; true when its rows changed. */
  private async visit(p: string): Promise<boolean> {
    let st: Stats;
    try {
      st = await stat(p);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return this.removeFile(p);
      this.reportOnce(p, undefined, e);
      return false;
    }
    const state = this.files.get(p);
    if (state === undefined) {
      const f = this.failed.get(p);
      if (f !== undefined && f === `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`) return false;
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
    const grew = st.ino === state.ino && st.size > state.size;
    if (lineBased && grew && (await this.samplesMatch(p, state)) === true)
      return this.readFile(p, state, true);
    return this.readFile(p, state);
  }

  /** Whether the sampled content of the part read is unchanged; undefined when the file cannot be read now. */
  private async samplesMatch(p: string, state: FileState): Promise<boolean | undefined> {
    let fh: FileHandle | undefined;
    try {
      fh = await open(p, 'r');
      return (await readSamples(fh, state.offset)).equals(state.samples);
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
      const outcome = await this.readOnce(p, state, append, attempt);
      if (outcome !== 'changed') return changed || outcome === 'ok';
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

  private async readOnce(
    p: string,
    state: FileState | undefined,
    append: boolean,
    attempt: number,
  ): Promise<ReadOutcome> {
    const ctx = this.ctx;
    let fh: FileHandle;
    try {
      fh = await open(p, 'r');
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return this.removeFile(p) ? 'ok' : 'failed';
      let st: Stats | undefined;
      try {
        st = await stat(p);
      } catch {
        st = undefined;
      }
      this.reportOnce(p, st, e);
      if (state !== undefined && st !== undefined)
        Object.assign(state, {
          ino: st.ino,
          size: st.size,
          mtimeMs: st.mtimeMs,
          ctimeMs: st.ctimeMs,
          racy: false,
        });
      return 'failed';
    }
    try {
      const st = await fh.stat();
      if (append && (state === undefined || st.ino !== state.ino || st.size < state.offset)) append = false;
      const keep = state === undefined ? 0 : append ? state.keys.length - state.tailCount : 0;
      ctx.beginUnit();
      if (state !== undefined) {
        for (let i = keep; i < state.keys.length; i++)
          ctx.retract({ key: state.keys[i]!, values: state.rows[i]! });
      }
      this.curPath = p;
      this.curKeys = [];
      this.curRows = [];
      this.unitRows = 0;
      this.partRows = 0;
      this.split = false;
      this.curFh = fh;
      this.curStat = st;
      this.curMeta = this.config.withMetadata
        ? new Json({
            path: p,
            size: st.size,
            created_at: Math.floor(st.birthtimeMs / 1000),
            modified_at: Math.floor(st.mtimeMs / 1000),
            seen_at: Math.floor(Date.now() / 1000),
          })
        : undefined;
      let offset = st.size;
      let line = 0;
      let tailStart = 0;
      let csvHeader: CsvHeaderState | undefined;
      let shrank = false;
      const format = this.config.format;
      if (format === 'plaintextByFile' || format === 'binary') {
        const data = await readWhole(fh, st.size);
        shrank = data.length < st.size;
        this.row([
          format === 'binary'
            ? new Uint8Array(data.buffer, data.byteOffset, data.length)
            : data.toString('utf8'),
        ]);
        tailStart = 1;
      } else {
        const from = append ? state!.offset : 0;
        const fmt = this.lineFormat(append ? state!.csv : undefined);
        if (append) fmt.line = state!.line;
        const r = await readTextChunks(
          fh,
          from,
          st.size,
          this.config.chunkBytes,
          fmt,
          () => this.afterChunk(p, attempt),
          () => {
            line = fmt.line;
            tailStart = this.curKeys.length;
            this.inTail = this.keepHandles;
          },
        );
        offset = r.completeOffset;
        shrank = r.shrank;
        if (fmt instanceof CsvFormat) csvHeader = fmt.header;
      }
      if (await this.changedUnder(fh, st, p, shrank)) return this.undoRead(p, state);
      ctx.endUnit();
      if (ctx.mode === 'streaming') {
        const keys =
          state !== undefined && keep > 0 ? state.keys.slice(0, keep).concat(this.curKeys) : this.curKeys;
        const rows =
          state !== undefined && keep > 0 ? state.rows.slice(0, keep).concat(this.curRows) : this.curRows;
        this.files.set(p, {
          ino: st.ino,
          size: st.size,
          mtimeMs: st.mtimeMs,
          ctimeMs: st.ctimeMs,
          keys,
          rows,
          tailCount: this.curKeys.length - tailStart,
          offset,
          line,
          csv: csvHeader,
          samples: await readSamples(fh, offset),
          racy: Date.now() - st.mtimeMs <= RACY_MS,
        });
        this.failed.delete(p);
      }
      return 'ok';
    } catch (e) {
      if (e instanceof FileChanged) return this.undoRead(p, state);
      ctx.abortUnit();
      if (errorCode(e) === undefined) throw e;
      this.reportOnce(p, undefined, e);
      return 'failed';
    } finally {
      this.inTail = false;
      this.curKeys = [];
      this.curRows = [];
      this.curFh = undefined;
      this.curStat = undefined;
      await fh.close();
    }
  }

  /** Whether the file changed since `st` (growing is fine: the read stops at the size seen at the start). */
  private async changedUnder(fh: FileHandle, st: Stats, p: string, shrank = false): Promise<boolean> {
    const after = await fh.stat();
    let now: Stats | undefined;
    try {
      now = await stat(p);
    } catch {
      now = undefined;
    }
    const replaced = now === undefined || now.ino !== st.ino || now.dev !== st.dev;
    return (
      replaced || shrank || after.size < st.size || (after.size === st.size && after.mtimeMs !== st.mtimeMs)
    );
  }

  /** Undoes a read that saw its file change: 'changed' (read it again), or 'failed' when that is impossible. */
  private undoRead(p: string, state: FileState | undefined): ReadOutcome {
    const ctx = this.ctx;
    if (!this.split) {
      ctx.abortUnit();
      return 'changed';
    }
    if (!this.keepHandles) {
      // Static mode keeps no rows to take back: say so rather than mix two versions silently.
      ctx.abortUnit();
      ctx.error(
        p,
        `changed while being read, after ${this.partRows} of its rows were committed in parts; the rest is not ` +
          'read (write files aside and rename them into place, or read in streaming mode)',
      );
      return 'failed';
    }
    // Parts were committed already: retract them, and the file is now empty as far as the table knows.
    for (let i = 0; i < this.curKeys.length; i++)
      ctx.retract({ key: this.curKeys[i]!, values: this.curRows[i]! });
    ctx.endUnit();
    if (state !== undefined)
      Object.assign(state, { keys: [], rows: [], tailCount: 0, offset: 0, line: 0, ctimeMs: -1 });
    return 'changed';
  }

  private lineFormat(csv: CsvHeaderState | undefined): LineFormat {
    const c = this.config;
    if (c.format === 'plaintext') return new PlaintextFormat(this);
    if (c.format === 'jsonlines') return new JsonLinesFormat(c.parser!, this);
    return new CsvFormat(c.parser!, this, c.csv, csv);
  }

  private afterChunk(p: string, attempt: number): Promise<void> | undefined {
    const hook = this.hooks.afterChunk;
    if (this.unitRows >= this.config.maxUnitRows) return this.nextPart(p, attempt);
    const wait = this.ctx.backpressure();
    if (hook === undefined) return wait;
    return (async () => {
      if (wait) await wait;
      await hook(p, attempt);
    })();
  }

  /** Commits the part read so far of a large file (if the file is still the one being read), then waits for room. */
  private async nextPart(p: string, attempt: number): Promise<void> {
    const ctx = this.ctx;
    if (await this.changedUnder(this.curFh!, this.curStat!, p))
      throw new FileChanged('changed while being read');
    ctx.endUnit();
    ctx.beginUnit();
    this.partRows += this.unitRows;
    this.unitRows = 0;
    this.split = true;
    const wait = ctx.backpressure();
    if (wait) await wait;
    await this.hooks.afterChunk?.(p, attempt);
  }

  // ---- waiting for changes ----------------------------------------------------------------------------------

  private sleep(): Promise<void> {
    const signal = this.ctx.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      // Events during the scan: look again soon (a short pause lets a burst of writes settle).
      const timer = setTimeout(done, this.dirty ? 20 : this.config.refreshIntervalMs);
      this.wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private startWatching(): void {
    const spec = this.config.spec;
    // Watch the directory holding the files, or the parent of a single file (a rewrite may replace its inode).
    const target = this.baseIsFile || this.baseMissing ? path.dirname(spec.base) : spec.base;
    if (this.watcher !== undefined && this.watchedDir === target) return;
    this.stopWatching();
    try {
      this.watcher = watch(
        target,
        { persistent: false, recursive: spec.maxDepth > 0 && target === spec.base },
        () => {
          this.dirty = true;
          if (this.wake) setTimeout(() => this.wake?.(), 20);
        },
      );
      this.watchedDir = target;
      this.watcher.on('error', () => this.stopWatching());
    } catch {
      this.stopWatching(); // not there yet (or not watchable): polling covers it
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.watchedDir = '';
  }
}
