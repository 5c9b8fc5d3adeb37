// The benchmarks and their implementations, as the runner (`npm run bench`) and the instruction counter
// (`npm run bench:instructions`) both know them.

/** The implementations every benchmark has, handwritten first (the reference). */
const IMPLS = ['handwritten', 'db-ivm', 'd2ts', 'causeway'] as const;

/**
 * The benchmarks: folder, title and implementations. Diagnostics (no target): `causeway-ids` (B1, B3), Causeway with a
 * program that reads every row id (so every id is made), and `handwritten-ids` (B3), the handwritten join plus the
 * output ids a Causeway join makes when they are read (what the ids alone cost).
 */
export const BENCHES = {
  b1: { dir: 'b1-wordcount', title: 'B1 streaming word count', impls: [...IMPLS, 'causeway-ids'] },
  b3: {
    dir: 'b3-join',
    title: 'B3 incremental join',
    impls: ['handwritten', 'handwritten-ids', 'db-ivm', 'd2ts', 'causeway', 'causeway-ids'],
  },
} as const;

/** A benchmark's name (`--only`). */
export type BenchId = keyof typeof BENCHES;

/** Every implementation of some benchmark. */
export const KNOWN_IMPLS: readonly string[] = [
  ...new Set(Object.values(BENCHES).flatMap((b) => [...b.impls])),
];
