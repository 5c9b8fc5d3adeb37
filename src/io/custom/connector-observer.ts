// Custom writers (Pathway's `pw.io.python.write` with a `ConnectorObserver`): an object whose `onChange` sees every
// change of a table, epoch by epoch, then `onTimeEnd` and, when the run ends, `onEnd`; async methods are awaited.

import type { Key } from '../../engine/key.js';
import { compareValues } from '../../table/values/compare.js';
import { GraphBuildError } from '../../table/errors.js';
import { userCallSite } from '../../table/call-site.js';
import { subscribe } from '../../table/run.js';
import type { Row, Table } from '../../table/table.js';

/** A custom writer: subclass it and implement `onChange` (Pathway's `ConnectorObserver` / `AsyncConnectorObserver`). */
export abstract class ConnectorObserver<TRow extends Row = Row> {
  /** Called for every change: the row's id and values, the epoch's time, insertion or retraction. */
  abstract onChange(key: Key, row: TRow, time: number, isAddition: boolean): void | Promise<void>;
  /** Called when an epoch's changes were all handed over. */
  onTimeEnd(_time: number): void | Promise<void> {}
  /** Called once when the run ends. */
  onEnd(): void | Promise<void> {}
}

/** Options of `custom.write`. */
export interface CustomWriteOptions<TRow extends Row> {
  /** Within an epoch, changes in ascending order of these columns' values (compared in turn), as Pathway's. */
  sortBy?: readonly (keyof TRow & string)[];
}

/** Hands every change of `table` to `observer` (Pathway's `pw.io.python.write(table, observer)`). */
export function write<TRow extends Row>(
  table: Table<TRow>,
  observer: ConnectorObserver<TRow>,
  options: CustomWriteOptions<TRow> = {},
): void {
  const names = table.columnNames();
  const sortBy = (options.sortBy ?? []).map((c) => {
    const i = names.indexOf(c);
    if (i < 0)
      throw new GraphBuildError(
        `custom.write(): sortBy names no column "${c}" (columns: ${names.join(', ')})`,
        userCallSite(),
      );
    return i;
  });
  const decode = (values: readonly unknown[]): TRow => {
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => (row[n] = values[i]));
    return row as TRow;
  };
  subscribe(table, {
    async onRawBatch(keys, rows, diffs, time) {
      const order = keys.map((_k, i) => i);
      if (sortBy.length > 0) {
        order.sort((a, b) => {
          for (const c of sortBy) {
            const d = compareValues(rows[a]![c], rows[b]![c]);
            if (d !== 0) return d;
          }
          return 0;
        });
      }
      for (const i of order) {
        const row = decode(rows[i]!);
        for (let n = 0; n < Math.abs(diffs[i]!); n++)
          await observer.onChange(keys[i]!, row, time, diffs[i]! > 0);
      }
    },
    onTimeEnd: (time) => observer.onTimeEnd(time),
    onEnd: () => observer.onEnd(),
  });
}
