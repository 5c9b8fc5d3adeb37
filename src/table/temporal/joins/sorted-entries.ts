// Sorted arrays of (time, key) entries: binary searches by time and exact insert/remove, shared by the temporal
// operators (asof join, interpolation). Ties in time are ordered by row key.

import type { Key } from '../../../engine/key.js';

/** One row in time order. */
export interface TimeEntry {
  readonly t: number;
  readonly key: Key;
}

function before(a: TimeEntry, t: number, key: Key): boolean {
  return a.t < t || (a.t === t && a.key < key);
}

/** Index of the first entry with time >= t. */
export function lowerBound(list: readonly TimeEntry[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry with time > t. */
export function upperBound(list: readonly TimeEntry[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index where (t, key) is or would be inserted. */
export function positionOf(list: readonly TimeEntry[], t: number, key: Key): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid]!, t, key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts an entry in order; returns its index. */
export function insertEntry<T extends TimeEntry>(list: T[], e: T): number {
  const i = positionOf(list, e.t, e.key);
  list.splice(i, 0, e);
  return i;
}

/** Removes the entry (t, key); returns the index it had, or -1. */
export function removeEntry(list: TimeEntry[], t: number, key: Key): number {
  const i = positionOf(list, t, key);
  if (i < list.length && list[i]!.key === key && list[i]!.t === t) {
    list.splice(i, 1);
    return i;
  }
  return -1;
}
