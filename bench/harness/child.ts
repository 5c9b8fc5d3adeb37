// The child-process side of the harness: reads the flags the runner passes (--scale, --seed),
// measures memory, and prints the one JSON line the runner parses.

/** Flags every implementation child receives from bench/run.ts (and, for B3, from bench/instructions.ts). */
export interface ChildArgs {
  scale: number;
  seed: number;
  /** B3: run only the first this many updates (`--updates N`; default all). */
  updates?: number;
}

/** Parses `--scale`, `--seed` and `--updates` from the child's argv (defaults: scale 1, seed 42). */
export function parseChildArgs(argv: readonly string[] = process.argv.slice(2)): ChildArgs {
  const args: ChildArgs = { scale: 1, seed: 42 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    if (flag === '--updates') {
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(`bench child: --updates needs a whole number >= 0, got '${argv[i + 1]}'.`);
      }
      args.updates = value;
      i++;
    } else if (flag === '--scale' || flag === '--seed') {
      if (!Number.isFinite(value) || value <= 0) {
        throw new Error(`bench child: ${flag} needs a positive number, got '${argv[i + 1]}'.`);
      }
      args[flag === '--scale' ? 'scale' : 'seed'] = value;
      i++;
    }
  }
  return args;
}

/** Memory figures of this process, in MiB. */
export interface MemoryFigures {
  peakRssMb: number;
  rssMb: number;
  heapUsedMb: number;
}

/** Bytes in a mebibyte (the children's MB figures). */
export const MIB = 1024 * 1024;

/**
 * Collects garbage when the process runs with --expose-gc (the runner passes it), then reads peak RSS
 * and heap used. Call it while the engine is still reachable so its retained state is counted.
 */
export function measureMemory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  const usage = process.memoryUsage();
  return {
    peakRssMb: round1((process.resourceUsage().maxRSS * 1024) / MIB),
    rssMb: round1(usage.rss / MIB),
    heapUsedMb: round1(usage.heapUsed / MIB),
  };
}

/** Rounds to one decimal. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Prints the child's result: exactly one JSON line on stdout. */
export function emitResult(result: object): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Prints the line of an implementation that does not exist yet; the runner shows it as "pending". */
export function emitSkipped(reason: string): void {
  emitResult({ skipped: reason });
}
