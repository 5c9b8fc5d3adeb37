// What a file added to the table, kept by the streaming file source to retract it when the file changes: the rows
// themselves, or (generated ids, line formats) the text they were parsed from, parsed again to retract them.
//
// Keeping text instead of rows keeps the long-lived heap small (a string per read instead of an array, its cells and
// a key per row): the garbage collector's work on a large, growing file stays flat.
// Invariants: `count` is the number of rows; a text segment's rows have the consecutive generated ids
// `firstId .. firstId + count - 1` and parsing `text` again (same format settings) gives them in order.

import type { Key } from '../../engine/key.js';
import type { Json } from '../../table/values/json.js';
import type { CsvHeaderState } from './formats.js';

/** The complete records of (part of) one read, as text: enough to produce its rows again. */
export interface TextSegment {
  /** The pieces of text fed to the format, in order (each ends after a complete record, unless `atEnd`). */
  readonly pieces: readonly string[];
  /** The last piece was fed as the file's unterminated last piece. */
  readonly atEnd: boolean;
  /** Generated id (counter) of the first row. */
  readonly firstId: number;
  /** Rows it gave. */
  readonly count: number;
  /** The CSV header's decisions before the segment (a copy), undefined when not yet read. */
  readonly header: CsvHeaderState | undefined;
  /** Lines before the segment. */
  readonly line: number;
  /** The `_metadata` value of its rows, when asked for. */
  readonly meta: Json | undefined;
}

/** Produces the rows of a text segment again, with their keys. */
export type SegmentReplayer = (segment: TextSegment, onRow: (key: Key, values: unknown[]) => void) => void;

/** The rows a file added, in order (see the file header). */
export class RowLog {
  /** Rows kept as they are. */
  readonly keys: Key[] = [];
  readonly rows: unknown[][] = [];
  /** Rows kept as text (in order, after `keys`/`rows`; a log uses one form or the other). */
  readonly segments: TextSegment[] = [];
  /** Number of rows. */
  count = 0;

  /** Keeps one row. */
  add(key: Key, values: unknown[]): void {
    this.keys.push(key);
    this.rows.push(values);
    this.count++;
  }

  /** Keeps a text segment. */
  addSegment(segment: TextSegment): void {
    this.segments.push(segment);
    this.count += segment.count;
  }

  /** Calls `fn` for every row from index `from` on; `from` must be a segment boundary for text segments. */
  forEach(from: number, replay: SegmentReplayer, fn: (key: Key, values: unknown[]) => void): void {
    for (let i = from; i < this.keys.length; i++) fn(this.keys[i]!, this.rows[i]!);
    let at = this.keys.length;
    for (const s of this.segments) {
      if (at >= from && s.count > 0) replay(s, fn);
      at += s.count;
    }
  }

  /** Drops the rows from index `from` on (a segment boundary for text segments). */
  truncate(from: number): void {
    if (from < this.keys.length) {
      this.keys.length = from;
      this.rows.length = from;
    }
    let at = this.keys.length;
    let n = 0;
    while (n < this.segments.length && at + this.segments[n]!.count <= from) at += this.segments[n++]!.count;
    this.segments.length = n;
    this.count = at;
  }

  /** Appends the rows of `other` (of the same form) after this log's. */
  append(other: RowLog): void {
    for (let i = 0; i < other.keys.length; i++) this.add(other.keys[i]!, other.rows[i]!);
    for (const s of other.segments) this.addSegment(s);
  }
}
