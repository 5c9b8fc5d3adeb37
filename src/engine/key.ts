// Row keys: 128-bit deterministic hashes stored compactly as 8-unit strings, printed as Pathway-style pointers.

import { C1, C2, C3, C4, Hasher128, HashTag } from './hasher.js';

/**
 * A row key (Pathway's `Pointer`): 128 bits packed into a string of eight UTF-16 code units.
 * Strings are cheap Map keys in V8 and compare by value; print them with `keyToString`.
 */
export type Key = string & { readonly __key?: never };

const hasher = new Hasher128();
const words = new Uint32Array(4);

/**
 * Writes a key's 128 bits as four 32-bit words at `at` of `words` (state that stores keys without their strings);
 * false, writing nothing, when the string is not a packed key of eight units.
 */
export function packKey(key: Key, words: Uint32Array, at: number): boolean {
  if (key.length !== 8) return false;
  words[at] = key.charCodeAt(0) | (key.charCodeAt(1) << 16);
  words[at + 1] = key.charCodeAt(2) | (key.charCodeAt(3) << 16);
  words[at + 2] = key.charCodeAt(4) | (key.charCodeAt(5) << 16);
  words[at + 3] = key.charCodeAt(6) | (key.charCodeAt(7) << 16);
  return true;
}

/** The key packed at `at` of `words` by `packKey` (a new string equal to the packed one). */
export function unpackKey(words: Uint32Array, at: number): Key {
  const w0 = words[at]!;
  const w1 = words[at + 1]!;
  const w2 = words[at + 2]!;
  const w3 = words[at + 3]!;
  return String.fromCharCode(
    w0 & 0xffff,
    w0 >>> 16,
    w1 & 0xffff,
    w1 >>> 16,
    w2 & 0xffff,
    w2 >>> 16,
    w3 & 0xffff,
    w3 >>> 16,
  );
}

/**
 * True when two keys are the same key. Identity short-cuts without reading either string (`Object.is` compares
 * references first, where `===` on strings first checks both are strings, a cache miss on a key not read lately):
 * hot paths comparing a key with itself (an update's `-old, +new` pair, its stored entry) then touch no key string.
 */
export const sameKey: (a: Key, b: Key) => boolean = Object.is;

/** The key of a tuple of values: `hashKey(['Ana', 3])`. The same function makes every id in the system. */
export function keyFromValues(values: readonly unknown[], seed = 0): Key {
  const h = hasher.reset(seed);
  h.word(HashTag.Array);
  h.word(values.length);
  for (let i = 0; i < values.length; i++) h.value(values[i]);
  return unpackKey(h.finishWords(words), 0);
}

/** The key of a single value, equal to `keyFromValues([value])`. */
export function keyFromValue(value: unknown, seed = 0): Key {
  const h = hasher.reset(seed);
  h.word(HashTag.Array);
  h.word(1);
  h.value(value);
  return unpackKey(h.finishWords(words), 0);
}

// A small direct-mapped memo of recent combinations: a join update emits each pair twice (-old, +new), so half of
// its ids are found here. Slots are chosen by key bits (keys are hashes, so these are uniform).
const MEMO_SLOTS = 512;
const memoA: (Key | undefined)[] = new Array<Key | undefined>(MEMO_SLOTS).fill(undefined);
const memoB: (Key | undefined)[] = new Array<Key | undefined>(MEMO_SLOTS).fill(undefined);
const memoK: Key[] = new Array<Key>(MEMO_SLOTS).fill('');

/** Combines two keys into a new one (join ids: `combineKeys(leftId, rightId)`). */
export function combineKeys(a: Key, b: Key, seed = 0): Key {
  if (seed !== 0) return combineKeysWithHasher(a, b, seed);
  const slot = (a.charCodeAt(0) ^ b.charCodeAt(1)) & (MEMO_SLOTS - 1);
  if (memoA[slot] === a && memoB[slot] === b) return memoK[slot]!;
  const k = combineUnrolled(a, b);
  memoA[slot] = a;
  memoB[slot] = b;
  memoK[slot] = k;
  return k;
}

function combineUnrolled(a: Key, b: Key): Key {
  // The same MurmurHash3-x86-128 steps as `Hasher128` over the words [Key tag, a0..a3, b0..b3], unrolled on
  // locals and inlined by hand (mixLane, fmix and the final packing): join output ids are made per output row, so
  // no hasher object, word buffer or call (V8 did not inline the helpers here; this halves the time of a call).
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  let k = 0;
  const a0 = a.charCodeAt(0) | (a.charCodeAt(1) << 16);
  const a1 = a.charCodeAt(2) | (a.charCodeAt(3) << 16);
  const a2 = a.charCodeAt(4) | (a.charCodeAt(5) << 16);
  const a3 = a.charCodeAt(6) | (a.charCodeAt(7) << 16);
  const b0 = b.charCodeAt(0) | (b.charCodeAt(1) << 16);
  const b1 = b.charCodeAt(2) | (b.charCodeAt(3) << 16);
  const b2 = b.charCodeAt(4) | (b.charCodeAt(5) << 16);
  const b3 = b.charCodeAt(6) | (b.charCodeAt(7) << 16);
  // Lanes 1 and 2: (tag, a0); lanes 3 and 4: (a1, a2); lanes 1 and 2: (a3, b0); lanes 3 and 4: (b1, b2).
  k = Math.imul(HashTag.Key, C1);
  k = Math.imul((k << 15) | (k >>> 17), C2);
  h1 ^= k;
  h1 = (Math.imul((((h1 << 19) | (h1 >>> 13)) + h2) | 0, 5) + 0x561ccd1b) | 0;
  k = Math.imul(a0, C2);
  k = Math.imul((k << 16) | (k >>> 16), C3);
  h2 ^= k;
  h2 = (Math.imul((((h2 << 17) | (h2 >>> 15)) + h3) | 0, 5) + 0x0bcaa747) | 0;
  k = Math.imul(a1, C3);
  k = Math.imul((k << 17) | (k >>> 15), C4);
  h3 ^= k;
  h3 = (Math.imul((((h3 << 15) | (h3 >>> 17)) + h4) | 0, 5) + 0x96cd1c35) | 0;
  k = Math.imul(a2, C4);
  k = Math.imul((k << 18) | (k >>> 14), C1);
  h4 ^= k;
  h4 = (Math.imul((((h4 << 13) | (h4 >>> 19)) + h1) | 0, 5) + 0x32ac3b17) | 0;
  k = Math.imul(a3, C1);
  k = Math.imul((k << 15) | (k >>> 17), C2);
  h1 ^= k;
  h1 = (Math.imul((((h1 << 19) | (h1 >>> 13)) + h2) | 0, 5) + 0x561ccd1b) | 0;
  k = Math.imul(b0, C2);
  k = Math.imul((k << 16) | (k >>> 16), C3);
  h2 ^= k;
  h2 = (Math.imul((((h2 << 17) | (h2 >>> 15)) + h3) | 0, 5) + 0x0bcaa747) | 0;
  k = Math.imul(b1, C3);
  k = Math.imul((k << 17) | (k >>> 15), C4);
  h3 ^= k;
  h3 = (Math.imul((((h3 << 15) | (h3 >>> 17)) + h4) | 0, 5) + 0x96cd1c35) | 0;
  k = Math.imul(b2, C4);
  k = Math.imul((k << 18) | (k >>> 14), C1);
  h4 ^= k;
  h4 = (Math.imul((((h4 << 13) | (h4 >>> 19)) + h1) | 0, 5) + 0x32ac3b17) | 0;
  // Tail: b3 alone in lane 1; 36 bytes in all.
  k = Math.imul(b3, C1);
  k = (k << 15) | (k >>> 17);
  h1 ^= Math.imul(k, C2);
  // finish128 with fmix on each lane.
  h1 ^= 36;
  h2 ^= 36;
  h3 ^= 36;
  h4 ^= 36;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x85ebca6b);
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  h3 ^= h3 >>> 16;
  h3 = Math.imul(h3, 0x85ebca6b);
  h3 ^= h3 >>> 13;
  h3 = Math.imul(h3, 0xc2b2ae35);
  h3 ^= h3 >>> 16;
  h4 ^= h4 >>> 16;
  h4 = Math.imul(h4, 0x85ebca6b);
  h4 ^= h4 >>> 13;
  h4 = Math.imul(h4, 0xc2b2ae35);
  h4 ^= h4 >>> 16;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return String.fromCharCode(
    h1 & 0xffff,
    h1 >>> 16,
    h2 & 0xffff,
    h2 >>> 16,
    h3 & 0xffff,
    h3 >>> 16,
    h4 & 0xffff,
    h4 >>> 16,
  );
}

/** `combineKeys` through the generic hasher (any seed; the reference the unrolled version is tested against). */
export function combineKeysWithHasher(a: Key, b: Key, seed = 0): Key {
  const h = hasher.reset(seed);
  h.word(HashTag.Key);
  for (let i = 0; i < 8; i += 2) h.word(a.charCodeAt(i) | (a.charCodeAt(i + 1) << 16));
  for (let i = 0; i < 8; i += 2) h.word(b.charCodeAt(i) | (b.charCodeAt(i + 1) << 16));
  return unpackKey(h.finishWords(words), 0);
}

/** Derives a key from one key and a number (flatten positions, sequence numbers of generated ids). */
export function keyWithIndex(a: Key, index: number, seed = 0): Key {
  const h = hasher.reset(seed);
  h.word(HashTag.Key);
  for (let i = 0; i < 8; i += 2) h.word(a.charCodeAt(i) | (a.charCodeAt(i + 1) << 16));
  h.number(index);
  return unpackKey(h.finishWords(words), 0);
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32

/** Prints a key like Pathway's pointers: `^` followed by 26 base32 digits. */
export function keyToString(key: Key): string {
  // 128 bits = 8 × 16-bit units, most significant first for printing.
  let out = '^';
  let acc = 0;
  let bits = 0;
  // Prepend two zero bits so 130 bits split evenly into 26 digits.
  bits = 2;
  for (let i = 7; i >= 0; i--) {
    acc = ((acc << 16) | key.charCodeAt(i)) >>> 0;
    bits += 16;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Parses the output of `keyToString` back into a key. */
export function keyFromString(text: string): Key {
  const s = text.startsWith('^') ? text.slice(1) : text;
  if (s.length !== 26) throw new Error(`not a key: ${text}`);
  const units: number[] = [];
  let acc = 0;
  let bits = -2; // drop the two padding bits
  for (const ch of s.toUpperCase()) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) throw new Error(`not a key: ${text}`);
    acc = ((acc << 5) | d) & 0x1fffff;
    bits += 5;
    if (bits >= 16) {
      bits -= 16;
      units.push((acc >>> bits) & 0xffff);
    } else if (bits < 0) {
      acc &= (1 << (bits + 5)) - 1;
    }
  }
  return String.fromCharCode(...units.reverse());
}

/** A 32-bit hash of a key, for sharding by key across workers. */
export function keyShard(key: Key, shards: number): number {
  const h = (key.charCodeAt(0) | (key.charCodeAt(1) << 16)) >>> 0;
  return h % shards;
}

/**
 * Generates unique keys for rows without a primary key: a per-source 64-bit prefix (from a seed string) and a counter.
 * Cheaper than hashing each row (no mixing per key), deterministic for the same seed and order, unique per source.
 */
export class KeyGenerator {
  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private counter = 0;

  /** Creates a generator whose keys cannot collide with another seed's (up to the 64-bit prefix). */
  constructor(seed: string) {
    const k = keyFromValue(seed);
    this.p0 = k.charCodeAt(0);
    this.p1 = k.charCodeAt(1);
    this.p2 = k.charCodeAt(2);
    this.p3 = k.charCodeAt(3);
  }

  /** The next key. */
  next(): Key {
    return this.keyAt(this.counter++);
  }

  /** The key `next()` gave (or gives) when the counter was at `c`. */
  keyAt(c: number): Key {
    const lo = c % 4294967296;
    const hi = (c - lo) / 4294967296;
    return String.fromCharCode(
      this.p0,
      this.p1,
      this.p2,
      this.p3,
      lo & 0xffff,
      lo >>> 16,
      hi & 0xffff,
      hi >>> 16,
    );
  }

  /** Number of keys generated (for checkpoints). */
  get position(): number {
    return this.counter;
  }

  /** Continues from a checkpointed position. */
  seek(position: number): void {
    this.counter = position;
  }
}
