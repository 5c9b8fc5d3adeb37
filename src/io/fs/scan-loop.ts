// What the file-system sources share (`FsSource` reads files, `MetadataSource` only stats them): listing the files of a
// path (a missing path ends a static read with an error), and the streaming loop of scans woken by the clock or by
// file events.

import { ConnectorError } from '../connector-error.js';
import type { SourceContext } from '../source.js';
import { ChangeWaiter } from './change-waiter.js';
import { listFiles, type PathSpec } from './glob.js';

/** A listing of a path's files, and what the waiter watches next. */
export interface Listing {
  readonly files: readonly string[];
  /** The path names a single file (the waiter watches its directory). */
  readonly baseIsFile: boolean;
  /** The path does not exist (yet). */
  readonly baseMissing: boolean;
}

/** Lists the files of `spec`; a missing path is an error in static mode, no files in streaming mode. */
export async function listPath(
  spec: PathSpec,
  mode: SourceContext['mode'],
  onError: (dir: string, e: unknown) => void,
): Promise<Listing> {
  const listed = await listFiles(spec, onError);
  if (listed === undefined && mode === 'static') {
    throw new ConnectorError(
      'fs',
      `path "${spec.original}"`,
      `does not exist (resolved to ${spec.base})`,
      'check the path (relative paths start at the working directory), or read in streaming mode to wait for it',
    );
  }
  const files = listed ?? [];
  return {
    files,
    baseIsFile: spec.pattern === undefined && files.length === 1 && files[0] === spec.base,
    baseMissing: listed === undefined,
  };
}

/**
 * Runs `scan` once (static mode) or until the run stops (streaming: committing after each scan that changed rows,
 * then sleeping `refreshIntervalMs`, less when a file event comes). `scan` returns whether rows changed, and the
 * listing it made.
 */
export async function runScans(
  ctx: SourceContext,
  spec: PathSpec,
  refreshIntervalMs: number,
  watch: boolean,
  scan: () => Promise<{ changed: boolean; listing: Listing }>,
): Promise<void> {
  if (ctx.mode === 'static') {
    await scan();
    return;
  }
  const waiter = new ChangeWaiter(spec, refreshIntervalMs, watch);
  try {
    while (!ctx.signal.aborted) {
      waiter.beginScan();
      const { changed, listing } = await scan();
      if (changed) await ctx.commit();
      await waiter.sleep(ctx.signal, listing.baseIsFile, listing.baseMissing);
    }
  } finally {
    waiter.close();
  }
}
