// Temporal joins and time-series operators (`asofJoin`, `intervalJoin`, `interpolate`, ...): see this folder.

export {};
