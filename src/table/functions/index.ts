// Per-cell function library behind the expression namespaces: `str`, `num`, `dt` and `json`.
// Operands are non-error values; functions throw on bad input and the expression layer makes an ErrorValue.

export * as str from './str.js';
export * as num from './num.js';
export * as dt from './dt.js';
export * as json from './json.js';
