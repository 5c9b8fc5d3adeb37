// Test setup: in CI, property tests run with a fixed fast-check seed so a run is reproducible (set FC_SEED to
// change it); locally each run explores new random cases.
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261124) });
