// A multiset of values with O(1) updates: token -> (value, multiplicity), plus the number of distinct present values.

/** One distinct value and its net multiplicity. */
export interface ValueCount {
  /** The value. */
  value: unknown;
  /** Net multiplicity; may be transiently negative. */
  count: number;
}

/** Counts values by identity token; entries whose multiplicity returns to zero are removed. */
export class ValueCounts {
  /** token -> entry, including transiently negative entries. */
  readonly entries = new Map<string, ValueCount>();
  /** Number of entries with a positive multiplicity. */
  distinct = 0;

  /**
   * Adds `diff` copies of `value`; returns +1 when the value became present, -1 when it stopped being
   * present, 0 otherwise (callers maintain derived state from these transitions).
   */
  add(token: string, value: unknown, diff: number): number {
    let e = this.entries.get(token);
    if (e === undefined) {
      e = { value, count: 0 };
      this.entries.set(token, e);
    }
    const before = e.count;
    const after = before + diff;
    e.count = after;
    if (after === 0) this.entries.delete(token);
    if (before <= 0 && after > 0) {
      this.distinct++;
      return 1;
    }
    if (before > 0 && after <= 0) {
      this.distinct--;
      return -1;
    }
    return 0;
  }

  /** Puts back a checkpointed entry (into a multiset that does not hold `token` yet). */
  restoreEntry(token: string, entry: ValueCount): void {
    this.entries.set(token, entry);
    if (entry.count > 0) this.distinct++;
  }

  /** The entries with a positive multiplicity. */
  *present(): IterableIterator<ValueCount> {
    for (const e of this.entries.values()) if (e.count > 0) yield e;
  }
}
