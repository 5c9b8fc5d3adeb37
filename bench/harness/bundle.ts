// Bundling the benchmark children: each child's source with everything it imports (Causeway's sources, a peer's
// package) in one file, run by plain node as a deployed program runs (see bench/README.md, "Bundled children").
import { buildSync } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bench/ folder. */
export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Where the bundled children go (gitignored). */
export const BUILD_DIR = path.join(BENCH_DIR, '.build');

/** Bundles the children `entries` (paths of `.ts` files under bench/) into BUILD_DIR, keeping their folders. */
export function bundleChildren(entries: readonly string[]): void {
  buildSync({
    entryPoints: [...entries],
    outdir: BUILD_DIR,
    outbase: BENCH_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies bundled into an ES module still call `require` for Node's built-ins.
    banner: {
      js: "import { createRequire as benchCreateRequire } from 'node:module'; const require = benchCreateRequire(import.meta.url);",
    },
  });
}

/** The bundled file of a child: `dir/impl.ts` under bench/ becomes `dir/impl.js` under BUILD_DIR. */
export function bundledChild(dir: string, impl: string): string {
  return path.join(BUILD_DIR, dir, `${impl}.js`);
}
