// Zipf-distributed sampling over ranks 0..n-1 and the B1 word stream built from it; Causeway's B1
// implementation imports the same generator so every engine counts the same words.
import { Rng } from './rng.js';

/** Samples ranks 0..n-1 with P(rank r) ∝ 1 / (r + 1)^s, by binary search over the CDF. */
export class ZipfSampler {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    if (!(n >= 1) || !Number.isInteger(n)) {
      throw new Error(`ZipfSampler: n must be a positive integer, got ${n}; pass the vocabulary size.`);
    }
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) {
      total += 1 / Math.pow(r + 1, s);
      this.cdf[r] = total;
    }
    for (let r = 0; r < n; r++) this.cdf[r] = this.cdf[r]! / total;
  }

  /** Draws one rank using `rng`. */
  sample(rng: Rng): number {
    const u = rng.float();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Parameters of the B1 word stream. */
export interface WordStreamOptions {
  words: number;
  vocabulary: number;
  exponent: number;
  seed: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Builds `size` distinct lowercase words of 3..10 letters (a numeric suffix keeps them distinct). */
export function makeVocabulary(size: number, rng: Rng): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < size) {
    const length = 3 + rng.int(8);
    let w = '';
    for (let i = 0; i < length; i++) w += LETTERS[rng.int(26)];
    if (seen.has(w)) w += String(words.length);
    seen.add(w);
    words.push(w);
  }
  return words;
}

/** The B1 input: `words` Zipf-distributed words; equal words share one string instance. */
export function generateWordStream(options: WordStreamOptions): string[] {
  const rng = new Rng(options.seed);
  const vocabulary = makeVocabulary(options.vocabulary, rng);
  const sampler = new ZipfSampler(options.vocabulary, options.exponent);
  const stream = new Array<string>(options.words);
  for (let i = 0; i < options.words; i++) stream[i] = vocabulary[sampler.sample(rng)]!;
  return stream;
}
