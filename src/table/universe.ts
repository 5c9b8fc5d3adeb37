// Universes: the set of ids of a table. Tracked at build time so operations that combine tables column-wise
// (select over two tables, withUniverseOf, updateCells) can be checked before running; a promise that does not hold
// at run time shows as reported errors where those operations meet a missing id (zip-by-id.ts).

let counter = 0;

/** The identity of a table's key set, with what is known (derived or promised) about it. */
export class Universe {
  /** Unique number, for messages. */
  readonly id = ++counter;
  private readonly supersets = new Set<Universe>();
  private readonly equals = new Set<Universe>();

  /** Creates a universe; `parent` when this one is known to be a subset of it (filter, restrict). */
  constructor(parent?: Universe) {
    if (parent) this.supersets.add(parent);
  }

  /** True when every id of this universe is known to be in `other`. */
  isSubsetOf(other: Universe, seen = new Set<Universe>()): boolean {
    if (other === this || this.equals.has(other)) return true;
    if (seen.has(this)) return false;
    seen.add(this);
    for (const s of this.supersets) if (s.isSubsetOf(other, seen)) return true;
    for (const e of this.equals) if (e.isSubsetOf(other, seen)) return true;
    return false;
  }

  /** True when both universes are known to be equal. */
  isEqualTo(other: Universe): boolean {
    return this.isSubsetOf(other) && other.isSubsetOf(this);
  }

  /** Records a promise that this universe is a subset of `other`. */
  promiseSubsetOf(other: Universe): void {
    this.supersets.add(other);
  }

  /** Records a promise that both universes are equal. */
  promiseEqualTo(other: Universe): void {
    this.equals.add(other);
    other.equals.add(this);
  }
}

const disjointPairs = new WeakMap<Universe, Set<Universe>>();
/** The pairs disjoint by construction (`split`), not only by a user's promise. */
const provenPairs = new WeakMap<Universe, Set<Universe>>();

function addPair(pairs: WeakMap<Universe, Set<Universe>>, a: Universe, b: Universe): void {
  if (!pairs.has(a)) pairs.set(a, new Set());
  if (!pairs.has(b)) pairs.set(b, new Set());
  pairs.get(a)!.add(b);
  pairs.get(b)!.add(a);
}

/**
 * Records that two universes share no id (so their tables can be concatenated): `proven` when the program makes it so
 * (`split`), else a user's promise, which `concat` checks as it runs.
 */
export function promiseDisjoint(a: Universe, b: Universe, proven = false): void {
  addPair(disjointPairs, a, b);
  if (proven) addPair(provenPairs, a, b);
}

/** True when the universes were promised (or are known) disjoint. */
export function areDisjoint(a: Universe, b: Universe): boolean {
  return disjointPairs.get(a)?.has(b) === true;
}

/** True when the universes are disjoint by construction (not only promised). */
export function areProvenDisjoint(a: Universe, b: Universe): boolean {
  return provenPairs.get(a)?.has(b) === true;
}
