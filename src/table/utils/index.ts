// Utilities built from table methods (Pathway's `pw.utils`): `cw.utils.col`, `cw.utils.filtering`.

/** Column utilities: `unpackCol`, `unpackColDict`, `applyAllRows`, `multiapplyAllRows`, `groupbyReduceMajority`. */
export * as col from './col.js';
/** Row filters: `argmaxRows`, `argminRows`. */
export * as filtering from './filtering.js';
