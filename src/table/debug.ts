// `t.debug(name)`: prints every change of a table while the program runs (Pathway's `Table.debug`), one line per
// change in Pathway's layout: `[0][name] @time +1 id=^..., col=value, ...` (worker 0: execution is single-threaded).

import { keyToString } from '../engine/key.js';
import { GraphBuildError } from './errors.js';
import { repr, toString as pythonStr } from './functions/str-repr.js';
import { subscribe } from './run.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';

declare module './table.js' {
  interface Table<TRow extends Row> {
    /**
     * Prints every change of this table to standard output while the program runs (Pathway's `debug`), as
     * `[0][name] @time +1 id=^..., age=10, owner='Alice'`; returns the table, so it can sit inside a chain.
     */
    debug(name: string): Table<TRow>;
  }
}

Table.prototype.debug = function <TRow extends Row>(this: Table<TRow>, name: string): Table<TRow> {
  if (typeof name !== 'string') {
    throw new GraphBuildError(`debug() takes a name to print, got ${String(name)}`, userCallSite());
  }
  const columns = this.columns.map((c) => ({ name: c.name, dtype: c.dtype.unoptional().name }));
  subscribe(this, {
    onBatch(changes, time) {
      for (const { key, row, diff } of changes) {
        const r = row as Record<string, unknown>;
        const cells = columns.map((c) => `, ${c.name}=${cellText(r[c.name], c.dtype)}`).join('');
        console.log(`[0][${name}] @${time} ${diff > 0 ? '+' : ''}${diff} id=${keyToString(key)}${cells}`);
      }
    },
  });
  return this;
};

/** A cell as Pathway's debug prints it: strings quoted, None, True / False, a FLOAT with its `.0`, pointers as ids. */
function cellText(v: unknown, dtype: string): string {
  if (typeof v === 'string') return dtype === 'POINTER' ? keyToString(v) : repr(v);
  if (typeof v === 'number' && dtype === 'FLOAT' && Number.isInteger(v)) return `${v}.0`;
  return pythonStr(v);
}
