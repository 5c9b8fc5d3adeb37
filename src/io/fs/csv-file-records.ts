// The records of one CSV file read synchronously a chunk at a time (schema inference, demo replays): the file is
// never held whole, and a caller that stops iterating stops the reading (the file is closed).

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { CsvSplitter, type CsvSettings } from './csv-parser.js';

const CHUNK = 1 << 16;

/**
 * Each record of the CSV file at `path` as `[fields, line]` (1-based line where it starts; the header is the first
 * record), split by `settings`. A byte order mark is dropped; an unterminated quote calls `fail(line, reason)`.
 */
export function* csvFileRecords(
  path: string,
  settings: CsvSettings,
  fail: (line: number | undefined, reason: string) => never,
): Generator<[string[], number]> {
  const splitter = new CsvSplitter(settings);
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(CHUNK);
  const ready: [string[], number][] = [];
  const fd = openSync(path, 'r');
  try {
    let text = '';
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      const atEnd = n === 0;
      text += atEnd ? decoder.end() : decoder.write(buf.subarray(0, n));
      // A byte order mark is not part of the first column's name (the readers drop it too).
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // Whole lines only, until the end: a record cut by the chunk's end is split with the next chunk.
      const cut = atEnd ? text.length : text.lastIndexOf('\n') + 1;
      const split = splitter.split(text.slice(0, cut), atEnd, (fields, line) => ready.push([fields, line]));
      if (split.error !== undefined) fail(split.errorLine, split.error);
      text = text.slice(split.consumed);
      for (const record of ready) yield record;
      ready.length = 0;
      if (atEnd) return;
    }
  } finally {
    closeSync(fd);
  }
}
