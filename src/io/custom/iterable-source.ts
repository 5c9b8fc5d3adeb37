// A table from an async (or sync) iterable: each item is a row, `deletion(row)` deletes, `COMMIT` closes an epoch.

import type { Row, Table } from '../../table/table.js';
import { readSource } from '../read-source.js';
import type { CustomReadOptions } from './connector-subject.js';

const DELETE = Symbol('causeway.delete');

/** Marks an iterable item as a deletion of the row with this primary key. */
export interface Deletion<TRow> {
  readonly [DELETE]: true;
  readonly row: Partial<TRow>;
}

/** An item that closes the current epoch. */
export const COMMIT: unique symbol = Symbol('causeway.commit');

/** Wraps a row as a deletion item: `yield cw.io.custom.deletion({ id: 3 })`. */
export function deletion<TRow>(row: Partial<TRow>): Deletion<TRow> {
  return { [DELETE]: true, row };
}

function isDeletion(x: unknown): x is Deletion<unknown> {
  return typeof x === 'object' && x !== null && DELETE in x;
}

/**
 * The table of an iterable's rows. Static mode reads it to the end and finishes; streaming mode commits epochs
 * while it yields (an infinite generator keeps the run going until it is stopped).
 */
export function fromIterable<TRow extends Row>(
  items:
    AsyncIterable<TRow | Deletion<TRow> | typeof COMMIT> | Iterable<TRow | Deletion<TRow> | typeof COMMIT>,
  options: CustomReadOptions<TRow>,
): Table<TRow> {
  const name = options.name ?? 'iterable';
  return readSource(
    {
      name,
      async run(ctx) {
        let n = 0;
        const it = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
        const stopped = new Promise<'stop'>((resolve) => {
          if (ctx.signal.aborted) resolve('stop');
          ctx.signal.addEventListener('abort', () => resolve('stop'), { once: true });
        });
        try {
          for (;;) {
            const next = await Promise.race([it.next(), stopped]);
            if (next === 'stop' || next.done) break;
            const item = next.value;
            n++;
            if (item === COMMIT) await ctx.commit();
            else if (isDeletion(item)) ctx.delete(item.row, `item ${n}`);
            else ctx.insert(item, `item ${n}`);
            const wait = ctx.backpressure();
            if (wait) await wait;
          }
        } finally {
          // Let a generator run its `finally` blocks (close files, connections).
          void it.return?.();
        }
      },
    },
    options.schema,
    { ...options, name },
  );
}
