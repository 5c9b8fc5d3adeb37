// A binary min-heap of numbers: the thresholds at which temporal operators release or forget rows.

/** A min-heap of numbers (duplicates allowed). */
export class NumberHeap {
  private items: number[] = [];

  /** Number of items. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest item, or Infinity when empty. */
  peek(): number {
    return this.items.length > 0 ? this.items[0]! : Infinity;
  }

  /** Adds an item. */
  push(v: number): void {
    const a = this.items;
    let i = a.length;
    a.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }

  /** Removes and returns the smallest item (Infinity when empty). */
  pop(): number {
    const a = this.items;
    if (a.length === 0) return Infinity;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }

  /** The items, in heap order (for snapshots). */
  toArray(): number[] {
    return this.items.slice();
  }

  /** Empties the heap. */
  clear(): void {
    this.items = [];
  }
}
