// Deterministic 128-bit hashing of plain values (MurmurHash3 x86_128 mixing over 32-bit words).
// Used for row keys everywhere: primary keys, groupBy result ids, join ids, pointerFrom.

/** Values that know how to hash themselves (DateTime, Duration, JSON and other value classes). */
export interface Hashable {
  /** Feeds a canonical representation of the value into the hasher. */
  hashInto(h: Hasher128): void;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** MurmurHash3-x86-128's lane constants. */
export const C1 = 0x239b961b;
/** MurmurHash3-x86-128's lane constants. */
export const C2 = 0xab0e9789;
/** MurmurHash3-x86-128's lane constants. */
export const C3 = 0x38b34ae5;
/** MurmurHash3-x86-128's lane constants. */
export const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Type tags keep values of different kinds apart (`1`, `"1"`, `true`, `[1]` all hash differently). */
export const enum HashTag {
  Null = 1,
  Bool = 2,
  Int = 3,
  Float = 4,
  String = 5,
  Array = 6,
  Bytes = 7,
  Key = 8,
  Object = 9,
  Custom = 10,
}

/** Streaming 128-bit hasher; one instance is reused (reset) on hot paths to avoid allocation. */
export class Hasher128 {
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;
  private h4 = 0;
  private buf = 0;
  private bufLen = 0;
  private len = 0;

  /** Resets the state with a seed. */
  reset(seed = 0): this {
    this.h1 = this.h2 = this.h3 = this.h4 = seed >>> 0;
    this.buf = 0;
    this.bufLen = 0;
    this.len = 0;
    return this;
  }

  /** Feeds one 32-bit word. */
  word(k: number): void {
    this.len += 4;
    switch (this.bufLen) {
      case 0:
        this.buf = k;
        this.bufLen = 1;
        return;
      case 1:
        this.h1 = mixLane(this.h1, this.buf, this.h2, C1, 15, C2, 19, 0x561ccd1b);
        this.h2 = mixLane(this.h2, k, this.h3, C2, 16, C3, 17, 0x0bcaa747);
        this.bufLen = 2;
        return;
      case 2:
        this.buf = k;
        this.bufLen = 3;
        return;
      default:
        this.h3 = mixLane(this.h3, this.buf, this.h4, C3, 17, C4, 15, 0x96cd1c35);
        this.h4 = mixLane(this.h4, k, this.h1, C4, 18, C1, 13, 0x32ac3b17);
        this.bufLen = 0;
    }
  }

  /** Feeds a string, two UTF-16 code units per word, length-prefixed. */
  string(s: string): void {
    const n = s.length;
    this.word(HashTag.String);
    this.word(n);
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i));
  }

  /** Feeds a number; integral values hash as Int, others as Float (by their IEEE-754 bits). */
  number(x: number): void {
    if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) {
      this.word(HashTag.Int);
      this.word(x | 0);
      this.word(x < 0 ? -1 : 0);
      return;
    }
    f64[0] = x;
    this.word(Number.isInteger(x) ? HashTag.Int : HashTag.Float);
    this.word(u32[0]!);
    this.word(u32[1]!);
  }

  /** Feeds any supported value: null/undefined, boolean, number, bigint, string, arrays, bytes, Hashable, plain objects. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.word(HashTag.Bool);
        this.word(v ? 1 : 0);
        return;
      case 'undefined':
        this.word(HashTag.Null);
        return;
      case 'bigint':
        this.number(Number(v));
        return;
      case 'object': {
        if (v === null) {
          this.word(HashTag.Null);
          return;
        }
        if (Array.isArray(v)) {
          this.word(HashTag.Array);
          this.word(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
          return;
        }
        if (v instanceof Uint8Array) {
          this.word(HashTag.Bytes);
          this.word(v.length);
          for (let i = 0; i < v.length; i++) this.word(v[i]!);
          return;
        }
        const h = v as Partial<Hashable>;
        if (typeof h.hashInto === 'function') {
          this.word(HashTag.Custom);
          h.hashInto(this);
          return;
        }
        // Plain objects (JSON): keys in sorted order so equal objects hash equally.
        this.word(HashTag.Object);
        const keys = Object.keys(v).sort();
        this.word(keys.length);
        for (const k of keys) {
          this.string(k);
          this.value((v as Record<string, unknown>)[k]);
        }
        return;
      }
      default:
        throw new TypeError(`cannot hash a value of type ${typeof v}`);
    }
  }

  /** Finishes and returns the 128-bit result as four unsigned 32-bit words. */
  finishWords(out: Uint32Array): Uint32Array {
    if (this.bufLen === 1 || this.bufLen === 3) {
      // Partial block: mix the pending word into its lane as murmur's tail does.
      const lane = this.bufLen === 1 ? 0 : 2;
      let k = Math.imul(this.buf, lane === 0 ? C1 : C3);
      k = rotl(k, lane === 0 ? 15 : 17);
      k = Math.imul(k, lane === 0 ? C2 : C4);
      if (lane === 0) this.h1 ^= k;
      else this.h3 ^= k;
    }
    return finish128(this.h1, this.h2, this.h3, this.h4, this.len, out);
  }
}

/**
 * One MurmurHash3-x86-128 lane step: mixes word `k` into lane `h` (multiply `ca`, rotate `rk`, multiply `cb`),
 * rotates the lane by `rh` and adds the `next` lane and the lane's constant `add`.
 */
function mixLane(
  h: number,
  k: number,
  next: number,
  ca: number,
  rk: number,
  cb: number,
  rh: number,
  add: number,
): number {
  h ^= Math.imul(rotl(Math.imul(k, ca), rk), cb);
  return (Math.imul((rotl(h, rh) + next) | 0, 5) + add) | 0;
}

/** MurmurHash3-x86-128 finalization of four lanes after `len` bytes; writes the four result words into `out`. */
function finish128(
  h1: number,
  h2: number,
  h3: number,
  h4: number,
  len: number,
  out: Uint32Array,
): Uint32Array {
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  out[0] = h1;
  out[1] = h2 + h1;
  out[2] = h3 + h1;
  out[3] = h4 + h1;
  return out;
}
