import { open, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TempFiles } from './fs-test-files.test-util.js';
import { sampleDigest, SampleKeeper } from './file-samples.js';

let files: TempFiles | undefined;
afterEach(async () => {
  await files?.cleanup();
  files = undefined;
});

describe('SampleKeeper', () => {
  it('gives the digest of the file for any split into pieces, from the start or resumed', async () => {
    files = await TempFiles.create();
    const p = files.data('f');
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 12_000 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        async (bytes, cuts, resumeAt) => {
          const data = Buffer.from(bytes);
          await writeFile(p, data);
          const fh = await open(p, 'r');
          try {
            const whole = await sampleDigest(fh, data.length);
            const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
            const k = SampleKeeper.fromStart();
            let from = 0;
            for (const q of [...points, data.length]) {
              k.add(data.subarray(from, q));
              from = q;
            }
            expect(k.digest().equals(whole)).toBe(true);
            const at = resumeAt % (data.length + 1);
            const r = await SampleKeeper.resume(fh, at, await sampleDigest(fh, at));
            r!.add(data.subarray(at));
            expect(r!.digest().equals(whole)).toBe(true);
            if (at > 0) {
              const wrong = Buffer.from(data.subarray(0, at));
              wrong[0] = wrong[0]! ^ 1;
              const other = SampleKeeper.fromStart();
              other.add(wrong);
              expect(await SampleKeeper.resume(fh, at, other.digest())).toBeUndefined();
            }
          } finally {
            await fh.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
