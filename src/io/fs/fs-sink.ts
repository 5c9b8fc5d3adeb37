// The file writer behind `fs.write`, `csv.write` and `jsonlines.write`: the table's change stream, one line per
// change with `time` and `diff` columns (Pathway's layout), each epoch written together and flushed at its end.

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { DType } from '../../table/dtype.js';
import { csvField, csvFormatter, floatText, jsonFormatter, type ValueFormatter } from '../format-value.js';
import type { EpochChanges, Sink } from '../sink.js';
import type { FsWriteFormat } from './options.js';

/** Buffered output is written out once it holds this many characters, even mid-epoch. */
const HIGH_WATER = 1 << 20;

/** Writes a change stream to a file as CSV (with a header) or JSON lines. */
export class FileSink implements Sink {
  /** Lines are appended as they come and flushed at the epoch's end, so an epoch may arrive in parts. */
  readonly acceptsParts = true;
  readonly name: string;
  private fh: FileHandle | undefined;
  private parts: string[] = [];
  private pending = 0;
  private formatters: ValueFormatter[] = [];
  /** JSON lines: `{"col":` openers, one per column. */
  private openers: string[] = [];
  /** JSON lines: numbers and booleans of the column print as themselves (every dtype but POINTER). */
  private scalar: boolean[] = [];
  /** FLOAT columns (an integral value is written with its `.0`). */
  private float: boolean[] = [];

  /** A writer of `file` in `format`; `delimiter` separates CSV fields. */
  constructor(
    private readonly file: string,
    private readonly format: FsWriteFormat,
    private readonly delimiter = ',',
    name?: string,
  ) {
    this.name = name ?? `${format}(${file})`;
  }

  async open(columns: readonly string[], dtypes: readonly DType[]): Promise<void> {
    await mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
    this.fh = await open(this.file, 'w');
    this.formatters = dtypes.map((d) => (this.format === 'csv' ? csvFormatter(d) : jsonFormatter(d)));
    this.scalar = dtypes.map((d) => d.unoptional().name !== 'POINTER');
    this.float = dtypes.map((d) => d.unoptional().name === 'FLOAT');
    if (this.format === 'csv') {
      const d = this.delimiter;
      this.push([...columns, 'time', 'diff'].map((c) => csvField(c, d)).join(d) + '\n');
    } else {
      this.openers = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);
    }
  }

  private push(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
  }

  write(changes: EpochChanges): Promise<void> | undefined {
    const { time, rows, diffs } = changes;
    const f = this.formatters;
    const n = f.length;
    if (this.format === 'csv') {
      const d = this.delimiter;
      const suffix = `${d}${time}${d}`;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        let line = '';
        for (let i = 0; i < n; i++) line += (i === 0 ? '' : d) + csvField(f[i]!(row[i]), d);
        this.push(`${line}${suffix}${diffs[r]}\n`);
      }
    } else {
      const o = this.openers;
      const suffix = `${n === 0 ? '{' : ','}"time":${time},"diff":`;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        let line = '';
        for (let i = 0; i < n; i++) line += o[i]! + jsonCell(f[i]!, row[i], this.scalar[i]!, this.float[i]!);
        this.push(`${line}${suffix}${diffs[r]}}\n`);
      }
    }
    return this.pending >= HIGH_WATER ? this.drain() : undefined;
  }

  private async drain(): Promise<void> {
    if (this.parts.length === 0 || this.fh === undefined) return;
    const text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    await this.fh.write(text);
  }

  async flush(): Promise<void> {
    await this.drain();
  }

  async close(): Promise<void> {
    await this.drain();
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
  }
}

/** One cell as JSON text: numbers and booleans directly (as JSON.stringify prints them), the rest formatted. */
function jsonCell(format: ValueFormatter, v: unknown, scalar: boolean, float: boolean): string {
  if (scalar) {
    if (typeof v === 'number') return Number.isFinite(v) ? (float ? floatText(v) : String(v)) : 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return JSON.stringify(v);
  }
  return JSON.stringify(format(v)) ?? 'null';
}
