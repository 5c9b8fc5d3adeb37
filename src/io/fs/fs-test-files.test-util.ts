// Test helpers for the file-system connector: a temporary directory, atomic file writes, reading CSV back.

import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CsvSplitter } from './csv-parser.js';

/** A temporary directory with a `data` folder to read and a `stage` folder for atomic writes. */
export class TempFiles {
  private n = 0;
  private constructor(
    /** The root of the temporary directory. */
    readonly root: string,
  ) {}

  /** Creates the directory tree. */
  static async create(): Promise<TempFiles> {
    const root = await mkdtemp(path.join(tmpdir(), 'cw-fs-'));
    await mkdir(path.join(root, 'data'));
    await mkdir(path.join(root, 'stage'));
    return new TempFiles(root);
  }

  /** The data folder (or a path inside it). */
  data(...parts: string[]): string {
    return path.join(this.root, 'data', ...parts);
  }

  /** Writes `content` to data/`name` atomically (written aside, then renamed into place). */
  async put(name: string, content: string | Uint8Array): Promise<string> {
    const staged = path.join(this.root, 'stage', `${this.n++}.tmp`);
    await writeFile(staged, content);
    const target = this.data(name);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(staged, target);
    return target;
  }

  /** Removes everything. */
  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Parses CSV text with a header into objects (string values). */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  new CsvSplitter().split(text, true, (fields) => records.push(fields));
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
