// The `.num` namespace and Python's arithmetic semantics (Pathway's `pw.this.x.num.*`, `//`, `%`, `**`, `/`).
// INT and FLOAT are both JS numbers; integral operands behave as Python ints where the result allows it.

/** Absolute value. */
export function abs(x: number): number {
  return Math.abs(x);
}

/**
 * Rounds to `decimals` digits with Python's `round` semantics: ties go to the even digit, judged on the exact
 * binary value (`round(2.675, 2) === 2.67` because 2.675 is stored as 2.67499...; `round(0.125, 2) === 0.12`).
 */
export function round(x: number, decimals = 0): number {
  if (!Number.isInteger(decimals)) throw new Error(`round: decimals must be an integer, got ${decimals}`);
  if (!Number.isFinite(x)) return x;
  if (decimals === 0) {
    let r = Math.round(x);
    if (r - x === 0.5 && r % 2 !== 0) r -= 1;
    return r === 0 ? 0 : r;
  }
  if (decimals < 0) return roundToTens(x, 10 ** -decimals);
  if (Number.isInteger(x) || decimals > 99 || Math.abs(x) >= 1e21) return x;
  // x is an exact tie iff x * 2^(decimals+1) is an odd integer (x = odd / (2 * 10^decimals) as a dyadic number).
  const t = x * 2 ** (decimals + 1);
  if (Number.isInteger(t) && Math.abs(t % 2) === 1) {
    // toFixed(decimals + 1) is exact here; it ends in 5. Keep the truncation if its last digit is even.
    const truncated = x.toFixed(decimals + 1).slice(0, -1);
    const last = truncated.charCodeAt(truncated.length - 1) - 48;
    if (last % 2 === 0) return Number(truncated);
  }
  // toFixed rounds the exact binary value to nearest (ties away, handled above), and Number() reads it back.
  return Number(x.toFixed(decimals));
}

/** Rounds to a multiple of `p` (a power of ten above 1), ties to even, exactly for integers. */
function roundToTens(x: number, p: number): number {
  if (Number.isSafeInteger(x)) {
    const r = mod(x, p);
    let q = (x - r) / p;
    if (2 * r > p || (2 * r === p && q % 2 !== 0)) q += 1;
    const out = q * p;
    return out === 0 ? 0 : out;
  }
  return round(x / p) * p;
}

/** `x` unless it is null or NaN, in which case `fallback` (Pathway's `fill_na`). */
export function fillNa<T>(x: number | null | undefined, fallback: T): number | T {
  return x === null || x === undefined || Number.isNaN(x) ? fallback : x;
}

function checkDivisor(b: number, op: string): void {
  if (b === 0)
    throw new Error(`division by zero in ${op}; filter out zero divisors or use cw.fillError on the result`);
}

/** Python's `a // b`: the floor of the quotient (exact for integers). Throws "division by zero". */
export function floordiv(a: number, b: number): number {
  checkDivisor(b, '//');
  // CPython's float_divmod: exact for integers, correctly adjusted for floats.
  let m = a % b;
  let div = (a - m) / b;
  if (m !== 0 && b < 0 !== m < 0) {
    m += b;
    div -= 1;
  }
  let floor: number;
  if (div !== 0) {
    floor = Math.floor(div);
    if (div - floor > 0.5) floor += 1;
  } else {
    floor = Number.isInteger(a) && Number.isInteger(b) ? 0 : Math.sign(a / b) * 0;
  }
  return floor;
}

/** Python's `a % b`: the result has the sign of the divisor (`mod(-7, 3) === 2`). Throws "division by zero". */
export function mod(a: number, b: number): number {
  checkDivisor(b, '%');
  const m = a % b;
  if (m === 0) return Number.isInteger(a) && Number.isInteger(b) ? 0 : b < 0 ? -0 : 0;
  return b < 0 !== m < 0 ? m + b : m;
}

/** Python's `a ** b`: an integer to a negative integer power is a float; 0 to a negative power throws. */
export function pow(a: number, b: number): number {
  if (a === 0 && b < 0) {
    throw new Error(`0 cannot be raised to a negative power (${b}); guard the base or the exponent`);
  }
  if (a < 0 && Number.isFinite(a) && Number.isFinite(b) && !Number.isInteger(b)) {
    throw new Error(`negative number ${a} cannot be raised to a fractional power ${b}`);
  }
  // Python (C99 pow) defines these, JS gives NaN.
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return a ** b;
}

/** Python's `a / b`: always a float; throws "division by zero" when `b` is 0. */
export function truediv(a: number, b: number): number {
  checkDivisor(b, '/');
  return a / b;
}
