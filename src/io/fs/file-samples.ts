// Noticing a rewrite cheaply: a digest of the first and last bytes of the part of a file that was read. An append
// leaves them unchanged; a rewrite almost always changes them (only a same-prefix, same-suffix rewrite of the middle
// of a file larger than 8 KiB goes unnoticed until its size or modification time says otherwise).

import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** Bytes sampled at each end of the part read. */
export const SAMPLE_BYTES = 4096;

/** The digest of [0, end) given its head bytes [0, min(SAMPLE_BYTES, end)) and its last bytes (ending at `end`). */
function digestOf(head: Buffer, last: Buffer, end: number): Buffer {
  const h = Math.min(SAMPLE_BYTES, end);
  const lastStart = end - last.length;
  // The tail sample starts after the head: [max(h, end - SAMPLE_BYTES), end).
  const tail = last.subarray(Math.max(0, h - lastStart, last.length - SAMPLE_BYTES));
  return createHash('sha1').update(head.subarray(0, h)).update(tail).digest();
}

/** Reads bytes [start, end) of `fh` (fewer if the file is shorter). */
async function readRange(fh: FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, end - start));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got < buf.length ? buf.subarray(0, got) : buf;
}

/** The sample digest of [0, end) of a file as it is on disk now. */
export async function sampleDigest(fh: FileHandle, end: number): Promise<Buffer> {
  const head = await readRange(fh, 0, Math.min(SAMPLE_BYTES, end));
  const last = await readRange(fh, Math.max(0, end - SAMPLE_BYTES), end);
  return digestOf(head, last, end);
}

/**
 * Builds the sample digest of the bytes a read actually parsed (not of the file as it is later, which may have
 * changed meanwhile): seeded with the part read before (an append), fed the consumed bytes in order.
 */
export class SampleKeeper {
  private head: Buffer;
  private last: Buffer;
  private end: number;

  private constructor(head: Buffer, last: Buffer, end: number) {
    this.head = head;
    this.last = last;
    this.end = end;
  }

  /** A keeper for a read from the start of the file. */
  static fromStart(): SampleKeeper {
    return new SampleKeeper(Buffer.alloc(0), Buffer.alloc(0), 0);
  }

  /**
   * A keeper for a read on from `from`, seeded with the file's current bytes before `from`; undefined when those
   * bytes no longer match `expected` (the part read before was rewritten: read the file again, whole).
   */
  static async resume(fh: FileHandle, from: number, expected: Buffer): Promise<SampleKeeper | undefined> {
    const head = await readRange(fh, 0, Math.min(SAMPLE_BYTES, from));
    const last = await readRange(fh, Math.max(0, from - SAMPLE_BYTES), from);
    if (!digestOf(head, last, from).equals(expected)) return undefined;
    return new SampleKeeper(head, last, from);
  }

  /** Takes the next consumed bytes (copied as needed). */
  add(bytes: Buffer): void {
    const n = bytes.length;
    if (n === 0) return;
    if (this.head.length < SAMPLE_BYTES)
      this.head = Buffer.concat([this.head, bytes.subarray(0, SAMPLE_BYTES - this.head.length)]);
    this.last =
      n >= SAMPLE_BYTES
        ? Buffer.from(bytes.subarray(n - SAMPLE_BYTES))
        : Buffer.concat([this.last.subarray(Math.max(0, this.last.length + n - SAMPLE_BYTES)), bytes]);
    this.end += n;
  }

  /** The digest of everything consumed so far ([0, end)). */
  digest(): Buffer {
    return digestOf(this.head, this.last, this.end);
  }
}
