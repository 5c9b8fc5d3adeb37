// The shipped source holds only Latin-1 characters. V8 keeps a script whose characters all fit in one byte as a
// one-byte string; a single character above U+00FF (an arrow in a comment) makes the whole module two bytes per
// character, and a program bundling Causeway then pays about 1.6 MB more resident memory to load it (bench/README.md,
// eighth session). Tests are not shipped and may use any character.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** The shipped source files under `dir` (tests and test utilities left out). */
function shippedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return shippedFiles(p);
    return e.name.endsWith('.ts') && !/\.test(-d|-util)?\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('shipped source', () => {
  it('holds only Latin-1 characters, so V8 stores every module one byte per character', () => {
    const offending: string[] = [];
    for (const file of shippedFiles(SRC)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const wide = [...line].find((ch) => ch.codePointAt(0)! > 0xff);
          if (wide !== undefined) offending.push(`${path.relative(SRC, file)}:${i + 1}: '${wide}'`);
        });
    }
    expect(offending).toEqual([]);
  });
});
