// Reading one file of the file-system source: opens it, hands its content to the format (whole, or on from the last
// complete record for an append) inside an atomic unit, and checks that the file did not change under the read.
//
// Algorithm: stat the open file, retract the rows being replaced, parse chunk by chunk (a file of more than
// `maxUnitRows` rows is committed in parts, each after checking the file is unchanged so far), then compare the
// file's stat and inode with those seen at the start. A change undoes the read: the unit is aborted, or (parts
// committed, streaming) the rows read are retracted; static mode keeps no rows, so it reports the file instead.

import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { keyFromValues, KeyGenerator, type Key } from '../../engine/key.js';
import { Json } from '../../table/values/json.js';
import type { SourceContext } from '../source.js';
import { readTextChunks, readWhole } from './chunk-reader.js';
import { sampleDigest, SampleKeeper } from './file-samples.js';
import { RowLog, type TextSegment } from './row-log.js';
import {
  CsvFormat,
  JsonLinesFormat,
  PlaintextFormat,
  type CsvHeaderState,
  type LineFormat,
  type RowOut,
} from './formats.js';
import { errorCode } from './glob.js';

import {
  RACY_MS,
  type FileState,
  type FsSourceConfig,
  type FsSourceHooks,
  type ReadResult,
} from './file-state.js';

/** Thrown out of a chunk loop when the file changed under the reader. */
class FileChanged extends Error {}

/** Reads files for one source run; `files` receives the state of each file read in streaming mode. */
export class FileReader implements RowOut {
  private readonly ids: KeyGenerator;
  /** Streaming keeps every row's key and values to retract them later; static mode keeps nothing. */
  private readonly keepHandles: boolean;
  // The read in progress (hot path fields, reset per read).
  private curPath = '';
  /** The rows of the read in progress (streaming). */
  private cur = new RowLog();
  /** Streaming with generated ids and a line format: rows are kept as the text they came from (`RowLog`). */
  private readonly replayable: boolean;
  /** The read in progress keeps text: pieces fed since the segment began, its first id, its rows so far. */
  private replay = false;
  private pieces: string[] = [];
  private segFirstId = 0;
  private segRows = 0;
  private segHeader: CsvHeaderState | undefined;
  private segLine = 0;
  private curMeta: Json | undefined;
  private unitRows = 0;
  /** Rows of the read in progress already committed in parts (a large file). */
  private partRows = 0;
  private split = false;
  /** Streaming, reading a file's unterminated last line: it may still be being written, so errors wait. */
  private inTail = false;
  private curFh: FileHandle | undefined;
  private curStat: Stats | undefined;

  /** A reader feeding `ctx`; `name` seeds generated ids. */
  constructor(
    private readonly ctx: SourceContext,
    private readonly config: FsSourceConfig,
    name: string,
    private readonly files: Map<string, FileState>,
    private readonly hooks: FsSourceHooks,
  ) {
    this.ids = new KeyGenerator(`fs:${name}`);
    this.keepHandles = ctx.mode === 'streaming';
    const f = config.format;
    this.replayable =
      this.keepHandles &&
      config.pk.length === 0 &&
      (f === 'csv' || f === 'jsonlines' || f === 'json' || f === 'plaintext');
  }

  /** Calls `fn` for each row of `log` from index `from` on (a segment boundary). */
  forEachRow(log: RowLog, from: number, fn: (key: Key, values: unknown[]) => void): void {
    log.forEach(from, this.replaySegment, fn);
  }

  /** Parses a text segment again: the rows it gave, with their ids (errors were reported the first time). */
  private readonly replaySegment = (seg: TextSegment, onRow: (key: Key, values: unknown[]) => void): void => {
    let id = seg.firstId;
    const ids = this.ids;
    const out: RowOut = {
      row: (values) => {
        if (seg.meta !== undefined) values.push(seg.meta);
        onRow(ids.keyAt(id++), values);
      },
      error: () => undefined,
    };
    const fmt = this.lineFormat(seg.header && { ...seg.header }, out);
    fmt.line = seg.line;
    const n = seg.pieces.length;
    for (let i = 0; i < n; i++) fmt.feed(seg.pieces[i]!, seg.atEnd && i === n - 1);
  };

  /** Ends the text segment in progress (its pieces become one segment of `cur`); the next one starts here. */
  private closeSegment(header: CsvHeaderState | undefined, line: number, atEnd = false): void {
    if (this.pieces.length > 0 || this.segRows > 0) {
      this.cur.addSegment({
        pieces: this.pieces,
        atEnd,
        firstId: this.segFirstId,
        count: this.segRows,
        header: this.segHeader,
        line: this.segLine,
        meta: this.curMeta,
      });
    }
    this.pieces = [];
    this.segFirstId = this.ids.position;
    this.segRows = 0;
    this.segHeader = header && { ...header };
    this.segLine = line;
  }

  // ---- RowOut (called by the formats for every row) ------------------------------------------------------------

  row(values: unknown[]): void {
    if (this.curMeta !== undefined) values.push(this.curMeta);
    const pk = this.config.pk;
    let key: Key;
    if (pk.length === 0) {
      key = this.ids.next();
      this.ctx.insertParsed(key, values, true);
    } else {
      key = pk.length === 1 ? keyFromValues([values[pk[0]!]]) : keyFromValues(pk.map((i) => values[i]));
      this.ctx.insertParsed(key, values);
    }
    if (this.replay) this.segRows++;
    else if (this.keepHandles) this.cur.add(key, values);
    this.unitRows++;
  }

  error(line: number, reason: string): void {
    // A half-written last line is read again once the file grows; only complete lines are reported.
    if (this.inTail) return;
    this.ctx.error(`${this.curPath}:${line}`, reason);
  }

  /**
   * Reads `p` (whole, or on from its last complete record when `append`) in one atomic unit, replacing the rows of
   * `state`. In streaming mode the file's new state goes to `files`.
   */
  async read(p: string, state: FileState | undefined, append: boolean, attempt: number): Promise<ReadResult> {
    const ctx = this.ctx;
    let fh: FileHandle;
    try {
      fh = await open(p, 'r');
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return { outcome: 'gone' };
      let st: Stats | undefined;
      try {
        st = await stat(p);
      } catch {
        st = undefined;
      }
      return { outcome: 'failed', error: e, stat: st };
    }
    try {
      const st = await fh.stat();
      if (append && (state === undefined || st.ino !== state.ino || st.size < state.offset)) append = false;
      // Streaming: samples of the bytes this read parses; an append first checks the part read before is intact.
      let keeper: SampleKeeper | undefined;
      if (this.keepHandles) {
        if (append) keeper = await SampleKeeper.resume(fh, state!.offset, state!.samples);
        if (keeper === undefined) {
          append = false;
          keeper = SampleKeeper.fromStart();
        }
      }
      const keep = state === undefined ? 0 : append ? state.log.count - state.tailCount : 0;
      ctx.beginUnit();
      if (state !== undefined)
        this.forEachRow(state.log, keep, (key, values) => ctx.retract({ key, values }));
      this.curPath = p;
      this.cur = new RowLog();
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
        keeper?.add(data);
        // Binary: the bytes as they are; plaintextByFile: the text trimmed (Pathway's `prepare_plaintext_str`).
        this.row([
          format === 'binary'
            ? new Uint8Array(data.buffer, data.byteOffset, data.length)
            : data.toString('utf8').trim(),
        ]);
        tailStart = 1;
      } else {
        const from = append ? state!.offset : 0;
        // A copy of the header's decisions: an undone read must leave the state as it was.
        const fmt = this.lineFormat(append && state!.csv ? { ...state!.csv } : undefined, this);
        if (append) fmt.line = state!.line;
        const header = (): CsvHeaderState | undefined => (fmt instanceof CsvFormat ? fmt.header : undefined);
        this.replay = this.replayable;
        if (this.replay) this.closeSegment(header(), fmt.line);
        const r = await readTextChunks(
          fh,
          from,
          st.size,
          this.config.chunkBytes,
          this.replay ? this.recording(fmt) : fmt,
          () => this.afterChunk(p, attempt),
          () => {
            line = fmt.line;
            if (this.replay) this.closeSegment(header(), fmt.line);
            tailStart = this.cur.count;
            this.inTail = this.keepHandles;
            // A header read from the unterminated last line may be incomplete: it is decided again later.
            if (fmt instanceof CsvFormat && fmt.header.index !== undefined) csvHeader = fmt.header;
          },
          keeper && ((bytes) => keeper.add(bytes)),
        );
        if (this.replay) this.closeSegment(undefined, 0, true);
        offset = r.completeOffset;
        shrank = r.shrank;
      }
      const parsed = offset;
      const intact = keeper && (async () => (await sampleDigest(fh, parsed)).equals(keeper.digest()));
      if (await this.changedUnder(fh, st, p, shrank, intact)) return this.undoRead(p, state);
      ctx.endUnit();
      if (ctx.mode === 'streaming') {
        const cur = this.cur;
        const tailCount = cur.count - tailStart;
        let log = cur;
        if (state !== undefined && keep > 0) {
          // An append: the log grows in place (copying it per append would be quadratic in the file's rows).
          log = state.log;
          log.truncate(keep);
          log.append(cur);
        }
        this.files.set(p, {
          ino: st.ino,
          size: st.size,
          mtimeMs: st.mtimeMs,
          ctimeMs: st.ctimeMs,
          log,
          tailCount,
          offset,
          line,
          csv: csvHeader,
          samples: keeper!.digest(),
          racy: Date.now() - st.mtimeMs <= RACY_MS,
        });
      }
      return { outcome: 'ok' };
    } catch (e) {
      if (e instanceof FileChanged) return this.undoRead(p, state);
      ctx.abortUnit();
      if (errorCode(e) === undefined) throw e;
      return { outcome: 'failed', error: e };
    } finally {
      this.inTail = false;
      this.replay = false;
      this.pieces = [];
      this.cur = new RowLog();
      this.curFh = undefined;
      this.curStat = undefined;
      await fh.close();
    }
  }

  /** Whether the file changed since `st` (growing is fine: the read stops at the size seen at the start). */
  private async changedUnder(
    fh: FileHandle,
    st: Stats,
    p: string,
    shrank = false,
    intact?: () => Promise<boolean>,
  ): Promise<boolean> {
    const after = await fh.stat();
    let now: Stats | undefined;
    try {
      now = await stat(p);
    } catch {
      now = undefined;
    }
    const replaced = now === undefined || now.ino !== st.ino || now.dev !== st.dev;
    if (replaced || shrank || after.size < st.size) return true;
    if (after.size !== st.size || after.mtimeMs === st.mtimeMs) return false;
    // Same size, new mtime: a rewrite, or an append in progress (a write moves the mtime before the size). The
    // samples of the part parsed tell them apart, when kept (streaming).
    return intact === undefined || !(await intact());
  }

  /** Undoes a read that saw its file change: 'changed' (read it again), or 'failed' when that is impossible. */
  private undoRead(p: string, state: FileState | undefined): ReadResult {
    const ctx = this.ctx;
    if (!this.split) {
      ctx.abortUnit();
      return { outcome: 'changed' };
    }
    if (!this.keepHandles) {
      // Static mode keeps no rows to take back: say so rather than mix two versions silently.
      ctx.abortUnit();
      ctx.error(
        p,
        `changed while being read, after ${this.partRows} of its rows were committed in parts; the rest is not ` +
          'read (write files aside and rename them into place, or read in streaming mode)',
      );
      return { outcome: 'reported' };
    }
    // Parts were committed already: retract them, and the file is now empty as far as the table knows.
    if (this.replay) this.closeSegment(undefined, 0);
    this.forEachRow(this.cur, 0, (key, values) => ctx.retract({ key, values }));
    ctx.endUnit();
    if (state !== undefined)
      Object.assign(state, { log: new RowLog(), tailCount: 0, offset: 0, line: 0, ctimeMs: -1 });
    return { outcome: 'changed' };
  }

  private lineFormat(csv: CsvHeaderState | undefined, out: RowOut): LineFormat {
    const c = this.config;
    if (c.format === 'plaintext') return new PlaintextFormat(out);
    if (c.format === 'jsonlines' || c.format === 'json') return new JsonLinesFormat(c.parser!, out);
    return new CsvFormat(c.parser!, out, c.csv, csv);
  }

  /** `fmt`, recording the text it consumes into the segment in progress. */
  private recording(fmt: LineFormat): LineFormat {
    const pieces = (): string[] => this.pieces;
    return {
      get line() {
        return fmt.line;
      },
      set line(n: number) {
        fmt.line = n;
      },
      feed(text: string, atEnd: boolean): number {
        const used = fmt.feed(text, atEnd);
        if (used > 0) pieces().push(used >= text.length ? text : text.slice(0, used));
        return used;
      },
    };
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
}
