// `fs.read(path, { format: 'onlyMetadata' })` (Pathway's `only_metadata`): a row per file, its `_metadata` only, and
// no file is opened. In streaming mode a new file adds its row, a changed one (its stat moved) replaces it, a deleted
// one retracts it: a table watching a folder without the cost of reading it.
// State: per file its stat signature and the row shown.

import { stat } from 'node:fs/promises';
import { keyFromValues } from '../../engine/key.js';
import { Json } from '../../table/values/json.js';
import type { Source, SourceContext } from '../source.js';
import { errorCode, type PathSpec } from './glob.js';
import { listPath, runScans, type Listing } from './scan-loop.js';

/** The metadata of the files a path names, kept up to date in streaming mode (see the header). */
export class MetadataSource implements Source {
  private readonly shown = new Map<string, { sig: string; row: unknown[] }>();

  /** A source for the files of `spec`, scanned every `refreshIntervalMs` (sooner on file events with `watch`). */
  constructor(
    readonly name: string,
    private readonly spec: PathSpec,
    private readonly refreshIntervalMs: number,
    private readonly watch: boolean,
  ) {}

  async run(ctx: SourceContext): Promise<void> {
    await runScans(ctx, this.spec, this.refreshIntervalMs, this.watch, () => this.scan(ctx));
  }

  /** One pass over the files: whether a row changed, and the listing. */
  private async scan(ctx: SourceContext): Promise<{ changed: boolean; listing: Listing }> {
    const listing = await listPath(this.spec, ctx.mode, (p, e) =>
      ctx.error(p, `cannot list: ${(e as Error).message}`),
    );
    const { files } = listing;
    let changed = false;
    const present = new Set(files);
    for (const p of [...this.shown.keys()]) if (!present.has(p)) changed = this.remove(ctx, p) || changed;
    for (const p of files) {
      let st;
      try {
        st = await stat(p);
      } catch (e) {
        if (errorCode(e) === 'ENOENT') changed = this.remove(ctx, p) || changed;
        else ctx.error(p, `cannot stat: ${(e as Error).message}`);
        continue;
      }
      const sig = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      const old = this.shown.get(p);
      if (old?.sig === sig) continue;
      const key = keyFromValues([p]);
      if (old !== undefined) ctx.retract({ key, values: old.row });
      const row = [
        new Json({
          path: p,
          size: st.size,
          created_at: Math.floor(st.birthtimeMs / 1000),
          modified_at: Math.floor(st.mtimeMs / 1000),
          seen_at: Math.floor(Date.now() / 1000),
        }),
      ];
      ctx.insertParsed(key, row);
      this.shown.set(p, { sig, row });
      changed = true;
    }
    return { changed, listing };
  }

  private remove(ctx: SourceContext, p: string): boolean {
    const old = this.shown.get(p);
    if (old === undefined) return false;
    ctx.retract({ key: keyFromValues([p]), values: old.row });
    this.shown.delete(p);
    return true;
  }
}
