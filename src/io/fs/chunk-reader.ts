// Reads a byte range of an open file in chunks and hands a format text pieces that end at line breaks, so memory
// stays bounded by the chunk size (plus one record) whatever the file's size.

import type { FileHandle } from 'node:fs/promises';
import type { LineFormat } from './formats.js';

/** What `readTextChunks` read. */
export interface ChunkReadResult {
  /** Byte offset just after the last complete record (a line break); the rest is the unterminated tail. */
  completeOffset: number;
  /** The file ended before `to` (it was truncated while being read). */
  shrank: boolean;
}

/**
 * Feeds bytes [from, to) of `fh` to `format`, in pieces cut after a line break (UTF-8 safe: a line break byte is
 * never inside a multi-byte character). A record the format cannot finish is carried to the next piece.
 * `afterChunk` runs between pieces (backpressure); `beforeTail` runs before the last, unterminated piece;
 * `consumed` sees the bytes of the complete records, in file order (they are valid during the call only).
 */
export async function readTextChunks(
  fh: FileHandle,
  from: number,
  to: number,
  chunkBytes: number,
  format: LineFormat,
  afterChunk: () => Promise<void> | undefined,
  beforeTail: () => void,
  consumed?: (bytes: Buffer) => void,
): Promise<ChunkReadResult> {
  const chunk = Math.max(1024, Math.min(chunkBytes, to - from + 1));
  // Double buffering: the next chunk is read into `spare` while the current one is parsed in `buf`.
  let buf = Buffer.allocUnsafe(chunk * 2);
  const spare = Buffer.allocUnsafe(chunk);
  let carry = 0;
  let pos = from;
  let shrank = false;
  let bomPending = from === 0;
  let pending: Promise<{ bytesRead: number }> | undefined =
    pos < to ? fh.read(spare, 0, Math.min(chunk, to - pos), pos) : undefined;
  try {
    while (pending !== undefined) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) {
        shrank = true;
        break;
      }
      if (buf.length < carry + bytesRead) {
        // A record longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, carry + bytesRead));
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      spare.copy(buf, carry, 0, bytesRead);
      pos += bytesRead;
      if (pos < to) pending = fh.read(spare, 0, Math.min(chunk, to - pos), pos);
      const len = carry + bytesRead;
      const nl = buf.lastIndexOf(10, len - 1);
      if (nl < 0) {
        carry = len;
        continue;
      }
      let text = buf.toString('utf8', 0, nl + 1);
      if (bomPending) {
        bomPending = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const used = format.feed(text, false);
      const leftBytes = used >= text.length ? 0 : Buffer.byteLength(text.slice(used));
      const keepFrom = nl + 1 - leftBytes;
      consumed?.(buf.subarray(0, keepFrom));
      carry = len - keepFrom;
      if (carry > 0) buf.copy(buf, 0, keepFrom, len);
      const wait = afterChunk();
      if (wait) await wait;
    }
  } finally {
    // Never leave a read in flight on a handle the caller is about to close.
    if (pending !== undefined) await pending.catch(() => undefined);
  }
  const completeOffset = pos - carry;
  beforeTail();
  let tail = carry > 0 ? buf.toString('utf8', 0, carry) : '';
  if (bomPending && tail.charCodeAt(0) === 0xfeff) tail = tail.slice(1);
  if (tail !== '') format.feed(tail, true);
  return { completeOffset, shrank };
}

/** Reads bytes [0, size) of `fh` whole (per-file formats: plaintextByFile, binary). */
export async function readWhole(fh: FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  while (pos < size) {
    const { bytesRead } = await fh.read(buf, pos, size - pos, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
  }
  return pos < size ? buf.subarray(0, pos) : buf;
}
