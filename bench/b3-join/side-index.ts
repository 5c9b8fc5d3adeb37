// One side of a hand-written B3 join: join key → the ids of its rows, and each row's current value. Shared by
// handwritten.ts and handwritten-ids.ts.

/** One side's state: join key → row ids, and each row's current value. */
export class SideIndex {
  /** Join key → ids of the rows under it. */
  readonly byKey = new Map<number, number[]>();
  /** Each row's current value, by row id. */
  readonly value: Int32Array;

  /** An empty side for `rows` row ids. */
  constructor(rows: number) {
    this.value = new Int32Array(rows);
  }

  /** Stores row `id` with `value` under join key `key`. */
  insert(id: number, key: number, value: number): void {
    this.value[id] = value;
    const ids = this.byKey.get(key);
    if (ids === undefined) this.byKey.set(key, [id]);
    else ids.push(id);
  }

  /** Removes row `id` from join key `key` (its value stays until the next insert). */
  remove(id: number, key: number): void {
    const ids = this.byKey.get(key);
    const at = ids === undefined ? -1 : ids.indexOf(id);
    if (ids === undefined || at < 0) {
      throw new Error(
        `handwritten join: row ${id} is not under key ${key}; the update stream is inconsistent.`,
      );
    }
    ids[at] = ids[ids.length - 1]!;
    ids.pop();
    if (ids.length === 0) this.byKey.delete(key);
  }
}
