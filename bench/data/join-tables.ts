// The B3 input: two tables (left: id, k, a; right: id, k, b) and a stream of single-row updates,
// generated from a seed so every engine's child process sees the same rows and updates.
import { Rng } from './rng.js';

/** Parameters of the B3 data. */
export interface JoinDataOptions {
  rowsPerSide: number;
  joinKeys: number;
  updates: number;
  seed: number;
}

/** One table as columns: row `id` has join key `key[id]` and value `value[id]` (a or b). */
export interface JoinTable {
  key: Int32Array;
  value: Int32Array;
}

/**
 * Update `i` retracts row (id[i], key[i], oldValue[i]) of side `side[i]` (0 = left, 1 = right) and
 * inserts (id[i], key[i], newValue[i]); updates alternate sides and pick a random row.
 */
export interface JoinUpdates {
  count: number;
  side: Uint8Array;
  id: Int32Array;
  key: Int32Array;
  oldValue: Int32Array;
  newValue: Int32Array;
}

/** The B3 data set: initial tables and the update stream. */
export interface JoinData {
  left: JoinTable;
  right: JoinTable;
  updates: JoinUpdates;
}

/** Values are drawn from [0, VALUE_RANGE). */
const VALUE_RANGE = 1_000_000;

function makeTable(rows: number, joinKeys: number, rng: Rng): JoinTable {
  const key = new Int32Array(rows);
  const value = new Int32Array(rows);
  for (let id = 0; id < rows; id++) {
    key[id] = rng.int(joinKeys);
    value[id] = rng.int(VALUE_RANGE);
  }
  return { key, value };
}

/** Generates the tables, then the updates against a private copy of the current values. */
export function generateJoinData(options: JoinDataOptions): JoinData {
  const rng = new Rng(options.seed);
  const left = makeTable(options.rowsPerSide, options.joinKeys, rng);
  const right = makeTable(options.rowsPerSide, options.joinKeys, rng);
  const current = [left.value.slice(), right.value.slice()] as const;
  const n = options.updates;
  const updates: JoinUpdates = {
    count: n,
    side: new Uint8Array(n),
    id: new Int32Array(n),
    key: new Int32Array(n),
    oldValue: new Int32Array(n),
    newValue: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const side = i % 2;
    const table = side === 0 ? left : right;
    const values = current[side]!;
    const id = rng.int(options.rowsPerSide);
    const newValue = rng.int(VALUE_RANGE);
    updates.side[i] = side;
    updates.id[i] = id;
    updates.key[i] = table.key[id]!;
    updates.oldValue[i] = values[id]!;
    updates.newValue[i] = newValue;
    values[id] = newValue;
  }
  return { left, right, updates };
}
