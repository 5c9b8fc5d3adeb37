// The size of a program's snapshot, for the bounded-memory tests of behaviors (state must stop growing once a
// cutoff forgets old rows).

/** Arrays nested in a snapshot (entries, held rows, groups, buffered updates, key lists). */
export function stateSize(snap: unknown): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      n++;
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(snap);
  return n;
}
