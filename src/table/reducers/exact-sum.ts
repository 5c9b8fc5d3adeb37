// An exact running sum of doubles under insertion and retraction (Shewchuk's partials, as Python's fsum).

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant for doubles.

/** Checkpoint of an `ExactSum`: its partials and the counts of non-finite inputs. */
export interface ExactSumSnapshot {
  /** Non-overlapping finite doubles, increasing magnitude. */
  partials: number[];
  /** Net counts of +Infinity, -Infinity and NaN inputs. */
  posInf: number;
  negInf: number;
  nan: number;
}

/**
 * Algorithm: the exact sum is kept as a short list of non-overlapping doubles ("partials", increasing
 * magnitude); adding x folds it through the list with error-free two-sums. `value()` rounds the exact
 * sum once, correctly. So the result depends only on the multiset, never on the order of updates, and
 * inserting then retracting a value restores the previous result bit for bit.
 * State: `partials`; counts of +Infinity, -Infinity and NaN kept apart (they would destroy the partials).
 * Invariant: sum(partials) equals the exact sum of finite inputs, as long as no partial overflows
 * (|sum| < 1.8e308).
 */
export class ExactSum {
  private partials: number[] = [];
  private posInf = 0;
  private negInf = 0;
  private nan = 0;

  /** Adds `x * times` exactly (`times` is an integer multiplicity, negative to retract). */
  add(x: number, times: number): void {
    if (!Number.isFinite(x)) {
      if (Number.isNaN(x)) this.nan += times;
      else if (x > 0) this.posInf += times;
      else this.negInf += times;
      return;
    }
    if (times === 1) return this.addExact(x);
    if (times === -1) return this.addExact(-x);
    // Error-free product (Dekker): p + err === x * times exactly.
    const p = x * times;
    let c = SPLITTER * x;
    const xh = c - (c - x);
    const xl = x - xh;
    c = SPLITTER * times;
    const th = c - (c - times);
    const tl = times - th;
    const err = xh * th - p + xh * tl + xl * th + xl * tl;
    this.addExact(p);
    if (err !== 0) this.addExact(err);
  }

  private addExact(x: number): void {
    const p = this.partials;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      let y = p[i]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[n++] = lo;
      x = hi;
    }
    p.length = n;
    if (x !== 0) p.push(x);
  }

  /** A copy of the state as plain data. */
  snapshot(): ExactSumSnapshot {
    return { partials: this.partials.slice(), posInf: this.posInf, negInf: this.negInf, nan: this.nan };
  }

  /** An exact sum equal to the one `snapshot` was taken of. */
  static restore(saved: ExactSumSnapshot): ExactSum {
    const s = new ExactSum();
    s.partials = saved.partials.slice();
    s.posInf = saved.posInf;
    s.negInf = saved.negInf;
    s.nan = saved.nan;
    return s;
  }

  /** The exact sum rounded to the nearest double (ties to even). */
  value(): number {
    if (this.nan > 0 || (this.posInf > 0 && this.negInf > 0)) return NaN;
    if (this.posInf > 0) return Infinity;
    if (this.negInf > 0) return -Infinity;
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even correctly when the remaining partials push the tie one way (as CPython's fsum).
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
