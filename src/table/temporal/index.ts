// `cw.temporal`: event-time windows, behaviors (late data, bounded state), temporal joins and time-series operators.

export * from './windows/index.js';
export * from './joins/index.js';
